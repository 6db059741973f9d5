# trap as bash 5.2 runs it: EXIT at a script's end, at `exit` and in subshells, ERR where set -e would act,
# RETURN for the function that set it, -p/-l, resets and ignores (compared with bash 5.2: scripts/bash_diff.sh)
cat <<'EOF' > t1.sh
set -euo pipefail
cleanup() { echo "cleanup rc=$?"; }
trap cleanup EXIT
trap 'echo "err at line $LINENO: $BASH_COMMAND rc=$?"' ERR
echo start
false
echo not reached
EOF
bash t1.sh; echo "status $?"
cat <<'EOF' > t2.sh
set -e
trap 'echo "cleanup rc=$?"' EXIT
f() { echo in f; false; echo after false; }
f
echo not reached
EOF
bash t2.sh; echo "status $?"
cat <<'EOF' > t3.sh
trap 'echo err $?' ERR
false
f() { false; echo in f after; return 3; }
f
if false; then :; fi
false || true
! false
(false)
x=$(false)
g() { trap 'echo ret $?' RETURN; return 4; }
g
echo after g
f
set -E
f
trap -p
trap 'echo bye' EXIT
trap - ERR
trap
trap '' INT
trap -p INT
exit 5
EOF
bash t3.sh; echo "status $?"
cat <<'EOF' > t4.sh
g() { trap 'echo ret $?' RETURN; false; }
g; echo "g=$?"
trap - RETURN
( trap 'echo sub exit $?' EXIT; echo in sub; exit 3 ); echo "sub=$?"
( trap 'echo sub exit2' EXIT; false ); echo "sub=$?"
x=$(trap 'echo cs exit' EXIT; echo val); echo "x=$x"
trap 'echo top' EXIT
( echo inherited; trap -p )
( trap 'echo own' INT; trap -p )
trap 'echo a' int TERM SIGHUP 15 0
trap -p
trap foo BAR; echo "rc=$?"
trap - EXIT
trap 0
trap -p EXIT; echo "rc=$?"
trap -p FOO; echo "rc=$?"
trap -x; echo "rc=$?"
trap 'echo hi'; echo "rc=$?"
trap -- 'echo dd' USR1 32 rtmax
trap -p USR1 SIGRTMAX 32
trap 'echo term caught' TERM
kill -TERM $$
echo after kill
trap 'exit 9' EXIT
exit 2
EOF
bash t4.sh; echo "status $?"
bash -c 'trap "echo e \$?" EXIT; nosuch'; echo "status $?"
bash -c 'trap "echo e \$?; false" EXIT; true'; echo "status $?"
printf 'trap "echo bye" EXIT\necho a\nif true; then\nfi\n' > syn.sh
bash syn.sh; echo "status $?"
trap -l
trap 'echo caught $? at $LINENO' ERR
false
trap - ERR
bash -c 'echo $-; set -ET; echo $-'
