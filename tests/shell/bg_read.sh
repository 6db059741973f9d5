# read in a background job's loop: the loop's '< file' or here-document feeds the reads inside it, one line per
# round as the job's clock reaches it.
printf 'web-0\nweb-1\n' > pods.txt
while read p; do echo "pod $p"; sleep 1; done < pods.txt &
sleep 5
while read a b; do echo "[$a|$b]"; done <<EOF &
x y
z
EOF
sleep 1
