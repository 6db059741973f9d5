# bash's read: one line of a piped or redirected input into variables, split on IFS, and the loops that
# feed it (`cmd | while read x`, `done < file`, `done <<EOF`, `<<< word`). The shell-only lines print what
# bash 5.2 prints for the same script (diffed); a piped loop runs in a subshell, so its variables stay there.
printf 'a b  c \n' | { read x y; echo "[$x][$y]"; }
printf '  a\\ b\\\nc d\n' | { read x y; echo "[$x][$y]"; }
printf '  a\\ b\n' | { read -r x y; echo "[$x][$y]"; }
printf 'last' | { read x; echo "rc=$? [$x]"; }
printf '' | { read x; echo "rc=$? [$x]"; }
printf '  sp  \n' | { read; echo "[$REPLY]"; }
printf '  sp  \n' | { IFS= read -r l; echo "[$l]"; }
printf 'a:b:c\n' | { IFS=: read x y; echo "[$x][$y]"; }
echo hi | read z; echo "[$z]"
read -x a
read 1a <<< x
read -a
printf 'one\ntwo\nthree\n' > list.txt
while read w; do echo "word: $w"; done < list.txt
n=0; cat list.txt | while read w; do n=$((n+1)); echo "$n $w"; done; echo "after: $n"
while IFS= read -r line; do
  case $line in
    t*) echo "t-word: $line" ;;
    *) echo "other: $line" ;;
  esac
done <<EOF2
one
two
three
EOF2
read x < list.txt; echo "first: $x"
read y
helm install web ./python-time-app --set replicaCount=3 --wait
kubectl get pods -o name | while read p; do echo "${p#pod/}: $(kubectl exec ${p#pod/} -- hostname)"; done
kubectl get pods -o custom-columns=NAME:.metadata.name,IP:.status.podIP --no-headers > pods.txt
while read name ip; do echo "$name has $ip"; done < pods.txt
read name ip <<< "$(head -n 1 pods.txt)"; echo "first pod: $name ($ip)"
p=pod/web-0; f=release.tar.gz; echo "${p#pod/} ${p#*/} ${f%%.*} ${f%.*} ${f##*.} ${#p} ${unset:-fallback} ${p/web/db} ${f//./_} ${p:4:3}"
echo "${p^^} ${p^} ${f,}"
echo "${p@Q}"
echo "${p;}"
