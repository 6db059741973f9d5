# Process substitution <(cmd) as bash 5.2 runs it (diffed with scripts/bash_diff.sh): a while-read loop fed by
# a command, diff of two commands' outputs, mapfile from one, the name it expands to.
printf 'web-0 Running\nweb-1 Pending\n' > pods.txt
while read -r name phase; do echo "$name is $phase"; done < <(cat pods.txt)
n=0; while read -r l; do n=$((n+1)); done < <(printf 'a\nb\nc\n'); echo "n=$n"
diff <(printf 'a\nb\n') <(printf 'a\nc\n'); echo rc=$?
mapfile -t names < <(cut -d' ' -f1 pods.txt); declare -p names
cat <(echo one) <(echo two)
wc -l < <(seq 3)
echo <(true)
f() { cat <(echo "in $1"); }; f x; declare -f f
paste -d: <(seq 2) <(printf 'x\ny\n')
