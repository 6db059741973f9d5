# A script's own errors as non-interactive bash 5.2 words them: the script's name ($0 for bash -c) and the line
# of the command (compared with bash 5.2 running the same files; sh is bash here, not dash)
printf 'echo a\n\nnosuch\nfor i in 1; do\n  echo $i\n  nosuch2 x\ndone\nx=$(nosuch3)\neval nosuch5\neval "echo\nnosuch6"\ncd /nonexist\nf() {\n  nosuch7\n}\nf\necho > python-time-app\n: ${u:?unset}\necho after\n' > s.sh
bash s.sh; echo "status $?"
chmod +x s.sh
./s.sh 2>&1 | head -3
bash -c 'nosuch'
bash -c 'echo
nosuch'
bash -c 'cd /none' foo
sh -c 'nosuch'
bash -c 'fi'
bash -c 'fi' foo
bash -c 'if' foo
printf 'echo a\nif true; then\nfi\n' > syn.sh
bash syn.sh; echo "status $?"
printf 'echo a\nif true; then\necho\n' > eof.sh
bash eof.sh
printf 'echo 1\necho "a\nb\n' > q.sh
bash q.sh
printf 'echo a\neval "fi"\nbreak\nreturn\nreadonly r=1\nr=2\necho next\n' > e.sh
bash e.sh; echo "status $?"
printf 'cat <<EOF\nhello\n' > h.sh
bash h.sh
printf 'echo in\nnosuch\n' > src.sh
printf 'echo a\nsource src.sh\nsource nope.sh\nset -u\necho $zz\necho after\n' > so.sh
bash so.sh; echo "status $?"
for c in ': ${u:?x}' 'echo $((1/0))' 'readonly r=1; r=2' 'echo ${x!}' 'set -u; echo $zz' 'x=$((2**-1))'; do printf '%s; echo same\necho next\n' "$c" > ab.sh; bash ab.sh; echo "status $?"; done
printf 'f() {\n  echo ${1:?need an argument}\n}\n( f )\necho subshell ended\nf\necho not reached\n' > fn.sh
bash fn.sh; echo "status $?"
printf 'echo a\nnosuch &\nwait\necho $((1/0)) &\nwait\n' > j.sh
bash j.sh
bash -c 'nosuch & wait'
jobs
bash -c 'echo $-; set -efux; echo $-' 2>/dev/null
printf 'echo $-\nset -fe\necho $-\n' > d.sh
bash d.sh
bash -e d.sh
bash -x -c 'echo $-'
printf 'false\necho not reached\n' > e2.sh
bash -e e2.sh; echo "status $?"
bash e2.sh; echo "status $?"
printf 'set -e\nfalse\necho not reached\n' > e3.sh
bash e3.sh; echo "status $?"
printf 'set -e\n(false; echo no)\necho not reached either\n' > e4.sh
bash e4.sh; echo "status $?"
printf 'set -e\nx=$(false; echo sub)\necho "x=$x"\nf() { false; echo in f; }\nf || echo spared\nf\necho end\n' > e5.sh
bash e5.sh; echo "status $?"
bash -c 'cat <<EOF
x'
bash -c 'cat <<EOF
x' foo
printf 'cat <<EOF\nhello\n' > h.sh
source h.sh
