# >(...): the command writes to a name (/dev/fd/63) and the script reads it as its input; its output comes
# after the command's, which bash only promises after the short sleeps (compared with bash 5.2: scripts/bash_diff.sh)
echo hello > >(tr a-z A-Z); sleep 0.2
echo hello | tee >(wc -c) >/dev/null; sleep 0.2
seq 5 | tee >(grep 3 > three.txt) | tail -1; sleep 0.2
cat three.txt
printf 'b\na\nc\n' > >(sort -r > sorted.txt); sleep 0.2
cat sorted.txt
echo x >(true)
printf '%s\n' one two >> >(wc -l); sleep 0.2
