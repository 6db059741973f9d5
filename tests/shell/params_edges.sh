# Parameter expansion edges: indirection errors, assignment to specials, quoting inside ${...}, patterns and &.
f=file.tar.gz; r='<&>'; echo ${f/file/$r} "${f/file/$r}" "${f/file/<&>}" "${f%'.gz'}" "${f/'.'/_}"
x=$'a\tb\001c\'d'; echo ${x@Q}
a=(one "t w"); echo ${a[@]@K} "${a[@]@K}"; echo ${a[@]@A}; echo ${a@K}
echo ${1:=x}
echo ${a[@]:=x}
n=; echo ${n:=$'a b'} "${n}" 
set -- ${n:=}; echo $#
unset m; set -- ${m:="p q"}; echo $#
echo ${f^^[a-f]} ${f~~}
echo ${!}x ${!@}
echo "${!a[@]}" ${!a[-1]}
echo ${f:1:2:3}
echo ${#f[@]} ${#a}
echo ${f/*/X} ${f//?/X} ${f//} ${f/}
echo ${f#} ${f%}
echo ${a[1]:0:1} ${a[7]:-none}
echo ${@:0} ${@:0:1}
echo ${1:?}
echo ${1?oops}
unset r; echo ${!r}
r=; echo ${!r}
r='1x'; echo ${!r}
set -- a b; r=2; echo ${!r}
echo ${@:?}
echo ${a[2]:?gone}
f=abc; echo ${f/#/X} ${f/%/Y} ${f//b*/Z}
echo ${f:1+}
echo "${f%\c}" "${f%"c"}" "${f/b/\\}" ${f/b/\\}
x='a*'; echo "${x%\*}" "${x%'*'}"
echo ${f@Z}
echo ${f:?"two words"}
echo ~ ${u:-~} "${u:-~}" ${u:-~/x}
echo ${u:-a\ b} ${u:-\$HOME}
set --; set -- "${@/x/y}"; echo $#; set -- "${@^^}"; echo $#; set -- "${@:-}"; echo $#
a=(); set -- "${a[@]#x}"; echo $#; set -- "${a[@]@Q}"; echo $#
x=$'tab\there' y=$'q\'s' z=$'\x41\101\u00e9\cA' ; echo "$x" "$y" ${#z} "${z@Q}"
echo ~/d ~ a~ "~" x=~
i=0; echo $i $((i++)) $i ${i:=9}
unset v; echo "${v:-a   b}" ${v:-a   b} "${v:-$'\t'}"x
s="a b c"; echo ${s// /_} "${s/ /"  "}" ${s/#a /}
echo ${s:1:-1} ${s: -3:2}
echo ${@:-none} "${*:-none}"
b=(x "y z"); echo "${b[@]:-no}" "${#b[@]}" "${b[*]:0:1}"
c=B; echo ${c,,} ${c~}
echo "${s:?}" ${nope:-"$s"}
echo ${s@u} ${s@L}
k=K; echo ${!k} 2>&1
echo ${x%%[[:space:]]*}
echo ${?,,}
echo $?
echo ${#%}
echo ${#+}
set -- a/b/c b; a=('*.gz' 'a b  c' ''); printf '[%s]' ${@:5: -1} "${@:5: -1}"; echo
printf '[%s]' ${a[*]/*/X} "${a[*]/*/X}"; echo
echo ${a[*]: -2: -1}
unset u; x=; printf '[%s]' "${u/%*/R}" "${x/%*/R}" "${x/#/R}"; echo
a=('' '' ''); printf '[%s]' ${a[@]:-"d"} "${a[@]:-"d"}"; echo
set --
