# Indexed arrays: assignment, +=, elements, "${a[@]}" one word each, ${a[*]}, ${#a[@]}, ${!a[@]}, unset of an
# element, negative subscripts, operators applied to every element, read -a, BASH_REMATCH groups, local arrays,
# set --. The shell-only lines print what bash 5.2 prints for them (diffed; bash names the script and line
# where this interactive-style transcript says bash:). Associative arrays are in assoc.sh.
a=(x y z)
echo ${a[0]} ${a[1]} ${a[2]}
echo $a
a+=(w "two words")
echo ${#a[@]}
printf '<%s>\n' "${a[@]}"
printf '<%s>\n' ${a[@]}
printf '<%s>\n' "${a[*]}"
echo ${!a[@]}
unset 'a[1]'
echo ${!a[@]} "${a[@]}"
a[7]=seven
echo ${!a[@]}
echo ${a[-1]} ${a[@]: -1}
echo ${#a[0]} ${#a[*]}
for x in "${a[@]}"; do echo "[$x]"; done
i=2; echo ${a[$i]} ${a[i]} ${a[i+1]}
echo $(( ${#a[@]} - 1 )) $((a[2]))
b=()
echo "${#b[@]}" "${b[@]}" end
b[3]=q; echo ${b[3]} ${!b[*]}
c=(pod/web-0 pod/web-1)
echo ${c[@]#pod/} "${c[@]/web/db}" ${c[0]^^}
echo "${c[@]:1}"
x="${c[@]}"; echo "$x"
declare -p c
unset c; echo "${#c[@]}"
s=scalar; s[1]=more; echo ${s[@]}
echo ${a[-10]}
a[-10]=z
echo after
read -a arr <<< "  one two   three "
echo ${#arr[@]} ${arr[2]}
[[ "web-12" =~ ^([a-z]+)-([0-9]+)$ ]] && echo ${BASH_REMATCH[0]} ${BASH_REMATCH[1]} ${BASH_REMATCH[2]} ${#BASH_REMATCH[@]}
[[ "ab" =~ (a)(x)?b ]]; declare -p BASH_REMATCH
[[ "zz" =~ (a) ]]; echo "${#BASH_REMATCH[@]}"
f() { local -a l=(1 2 3); l+=(4); echo ${l[@]}; local m=(p q); echo ${m[1]}; }
f; echo "l=${l[@]} m=${m[@]}"
d=(1 2 3); g() { local d; d[1]=x; echo "in ${d[@]}"; }; g; echo "out ${d[@]}"
e=( a
 b # comment
 c )
echo ${e[@]}
n=(); for k in 1 2 3; do n+=($((k * k))); done; echo "${n[@]}"
(( n[0] += 10, n[5] = 7 )); echo ${n[@]} ${!n[@]}
h=(one two); h=three; echo ${h[@]}
set -- p "q r"; echo $# "$2"; printf '[%s]\n' "$@"
l=({1..3}-{a,b}); echo ${#l[@]} ${l[5]}
declare -A assoc
helm install web ./python-time-app --set replicaCount=3 --wait > /dev/null
pods=($(kubectl get pods -o name))
echo "${#pods[@]} pods, the last is ${pods[-1]#pod/}"
for p in "${pods[@]}"; do kubectl get "$p" -o jsonpath='{.metadata.name} {.status.phase}{"\n"}'; done
names=($(kubectl get pods -o jsonpath='{.items[*].metadata.name}'))
kubectl delete pod "${names[0]}" --wait=false
c[99999999999]=far; echo ${!c[@]} ${c[-1]}
b=({1..20000}); echo "not reached: the playground's limit stops the line"
