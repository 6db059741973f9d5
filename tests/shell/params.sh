# Parameter expansion: every ${...} form bash 5.2 has, compared line by line with interactive bash 5.2.
x=; echo ${x:=def} $x
unset y; echo ${y=set} $y; z=; echo "[${z=no}]"
: ${n:=5}; echo $n
unset u; echo ${u:-a b} "${u:-a b}" ${u:-"a  b"}x
set -- ${u:-"a b"}; echo $#
set -- ${u:-a b}; echo $#
set -- ${u:-""}; echo $#
e=; echo "[${e-d}] [${e:-d}] [${e+a}] [${e:+a}] [${u+a}] [${u-d}]"
v=hello; echo ${v:+"$v world"} ${u:+x}
echo ${y:?unset here}; echo after
echo $?
echo ${e?} ok; echo ${e:?}
echo ${u?}
f=path/to/file.tar.gz; echo ${f#*/} ${f##*/} ${f%.*} ${f%%.*} ${f#"*"} ${f%"."*}
p='*.gz'; echo ${f%$p} ${f%"$p"}
echo ${f/t/T} ${f//t/T} ${f/#path/P} ${f/%gz/GZ} ${f/#to/X} ${f//[aeiou]/} ${f/file}
s='a&b'; echo ${s/&/and} ${f/file/<&>} ${f//o/"&"} ${f/file/\&}
w="hello world"; echo ${w^} ${w^^} ${w,} ${w,,} ${w^^[lo]} ${w^o} ${w,,[LO]}
W="HELLO"; echo ${W,} ${W,,} ${W~} ${W~~}
echo ${w:0:5} ${w:6} ${w: -5} ${w: -5:2} ${w:2:-2} ${w:20} ${w:1+1:3} "${w::3}"
echo ${w:3:-20}
echo ${#w} ${#u} ${#f}
a=(one two three); echo ${#a[@]} ${#a[1]} ${a[@]:1} ${a[@]:1:1} ${!a[@]} ${a[-1]}
a[7]=seven; echo ${!a[*]} ${#a[*]}
b=a; c='a[1]'; echo ${!b} ${!c}
d='a[@]'; echo ${!d}
ref=w; echo ${!ref^^} ${!ref:0:3} ${!ref#h}
echo ${!ne*} x ${!w*} ${!a@}
prefix_one=1 prefix_two=2; echo ${!prefix_*}; for n in "${!prefix_@}"; do echo $n; done
q="it's a \"test\""; echo ${q@Q}; echo ${w@Q}; echo ${e@Q}x
t='a\tb'; echo ${t@E}
echo ${w@U} ${w@u} ${W@L}
echo "${a[@]@Q}" "${a[@]^}"
echo ${a@K}
echo ${w@K}
PS1x='\u'; echo ${u@P}x
echo ${u:-$(echo cmd out)} "${u:-$(echo a   b)}" ${u:-$((2+3))} ${u:-${v:-nested}} ${u:-${w}}
echo ${v:-$(echo no)} ${#a[@]}
echo "${u:-'q'}" ${u:-'q'}
echo ${w/o/$v} "${w/world/"$v"}"
i=0; echo ${i:=1} ${u2:=$((i+1))} $u2
echo ${#@} ${#*} ${#1}
set -- one two three; echo ${@:2} ${*:1:2} ${@: -1} ${#@} ${@#o} ${@/t/T}
echo ${w:-}x
echo ${w:a}
echo ${w:1:x}
echo ${w:$((1)):2}
arr=(x y); echo ${arr[@]:-empty} ${none[@]:-empty}
unset arr; echo ${arr[@]:=z}
echo ${!x@}
declare -i num=5; echo ${num@a} ${a@a} ${w@a}x
echo ${w@A}; echo ${a@A}; echo ${num@A}
declare -rx ro=1; declare -ia ia=(1); declare -l lo=A; declare -u up=b; declare -x ex=1; echo ${ro@a} ${ia@a} ${lo@a} ${up@a} ${ex@a}
echo ${ro@A} ${ia@A}
