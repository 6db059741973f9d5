# [[ ]] as bash evaluates it: no field splitting, == as a glob (quoted parts literal), =~ as an ERE read raw
# (parentheses and | belong to the regex), -eq on arithmetic, && || ! ( ). The lines before the last two print what
# bash 5.2 prints running the same lines as a script (diffed); the last two show an unfinished [[ at a newline.
x=web-1
[[ $x == web-* && -n $x ]] && echo yes
[[ $x =~ ^web-([0-9]+)$ ]] && echo "m $BASH_REMATCH"
[[ 2 -lt 10 ]] && echo lt
[[ b > a ]] && echo gt
[[ ! -z "" ]] || echo empty
[[ "$x" == "web-*" ]] || echo quoted
[[ -z $unset ]] && echo unset-empty
y="a b"; [[ $y == "a b" ]] && echo nosplit
[[ ( $x == db-* ) || $x == web-1 ]] && echo paren
[[ $x != web-1 ]]; echo $?
[[ 1+1 -eq 2 ]] && echo arith
if [[ -f values.yaml ]]; then echo file; else echo nofile; fi
[[ $x == web-[0-9] ]] && echo class
[[ $x =~ "web-(" ]] || echo quoted-re
for p in web-0 db-1 web-2; do [[ $p == web-* ]] && echo "$p"; done
[[ a ==
b ]]
