# Compound commands over several lines, typed into the terminal as bash 5.2 reads them: `> ` while one is
# open, nothing runs until it closes. Checked line for line against interactive bash (`bash -i` under
# `script`, PS1='$ ' PS2='> ').
for i in 1 2 3
do
  echo "round $i"
done
for pod in web-0 web-1; do
  echo "checking $pod"
  for n in a b; do
    echo "  $pod/$n"
  done
done
n=0
while [ $n -lt 3 ]; do
  echo "n=$n"
  n=$((n + 1))
done
until [ $n -eq 0 ]
do
  n=$((n - 1))
done; echo "down to $n"
if true
then
  echo yes
fi
if false; then
  echo no
elif [ "a" = "b" ]; then
  echo no
elif [ -z "" ]; then
  echo "elif ran"
else
  echo no
fi
if false; then echo no; else
  echo "else ran"
fi
for i in 1 2 3 4; do
  if [ $i -eq 2 ]; then
    continue
  fi
  if [ $i -eq 4 ]; then
    break
  fi
  echo "i=$i"
done
echo "status $?"
for i in a b; do
  cat <<EOF
heredoc in a loop: $i
EOF
done
for f in one two; do echo $f; done |
  grep two
echo one \
  two
true &&
  echo "after &&"
false ||
echo "after ||"
