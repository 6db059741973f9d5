# declare/typeset/local/readonly/export: attributes -i -l -u -r -x -a, -p lines, readonly errors (bash abandons the line), -f/-F and type printing a function as bash's print_cmd.c re-formats it.
declare -z x
declare -i n=3+4; echo $n; n+=2; echo $n; n=abc; echo $n; n='2*3'; echo $n
declare -l lo=HeLLo; echo $lo; lo+=XY; echo $lo; declare -u up=abc; echo $up
readonly r=1; r=2; echo after $?
r=3 echo hi; echo $?
declare r=4; echo $?
unset r; echo $?
declare -p r n lo up
declare -x ex=1; declare -p ex; declare +x ex; declare -p ex
declare u1; declare -p u1; declare -a ar; declare -p ar
export -p | grep ' ex\| HOME'
f() { local -r lr=5; lr=6; local -i li=2+2; echo $li; declare -p lr li; }; f; declare -p lr
declare -ia ia=(1+1 2*3); declare -p ia
g() { local x=1; local x=2; echo $x; }; g
readonly r2; declare -p r2
declare -p nosuch; echo $?
typeset -i t=5*5; echo $t
declare -r ro2=1; ro2+=x; readonly ro2=5
declare -f nosuch; echo $?
f() { echo hi; echo there | tr a-z A-Z; }
declare -f f
g() { if [ -n "$1" ]; then echo yes; elif true; then :; else echo no >&2; fi; for i in 1 2; do echo $i; done; while false; do break; done; }
declare -f g
h() ( cd /tmp && ls || echo fail & )
type h
k() { case $1 in a|b) echo ab;; *) echo other;; esac; x=1 y=$2; local z="a b"; [[ $x == 1 ]] && echo ok; (( x++ )); cat <<EOF2
hello $x
EOF2
echo done > /dev/null 2>&1; }
declare -f k
function m { { echo a; echo b; } > out.txt; ! true; echo "$(date)" `pwd`; }
declare -f m
declare -F
declare -F f nope
n() { echo ${x:-d} "${a[@]}" $((1+2)); }
declare -f n
a() { sleep 1 & echo x; }
declare -f a
b() { while read l; do echo "$l"; done < in.txt | sort; until true; do :; done 2> /dev/null; }
declare -f b
c() { for x; do echo $x; done; ( echo sub; echo two ); echo 'single $q' "dq \"x\"" a\ b; }
declare -f c
d() { if true; then if false; then echo a; fi; fi; case x in x) ;; esac; a=(1 2 "3 4"); b+=(5); echo >> f 2>>g <f2; cat <<< "$x"; }
declare -f d
e() { echo a && { echo b || echo c; }; x=$(echo hi); [[ -n $x && ( $x == h* || -z $y ) ]]; }
declare -f e
g() { cat <<'X'
body $x
X
}
declare -f g; g
echo err >&2; echo out 1>&2 2>/dev/null
wfn() { echo "$1" >&2; }; wfn to-stderr 2>/dev/null; echo $?
unset -f wfn; declare -F wfn; type wfn
