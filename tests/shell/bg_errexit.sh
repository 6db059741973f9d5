# set -e in & jobs: the job is a subshell with its own options and variables; a failure it does not test ends it (Exit 1), the terminal's shell keeps its options. Job lines as interactive bash 5.2 prints them with job control; the other lines equal bash's.
( set -e; echo one; false; echo no ) &
wait
{ set -e; echo two; false; echo no2; } &
wait
echo $-
g() { set -e; echo three; false; echo no3; }; g &
wait; echo $?
( set -e; false || echo ok; if false; then :; fi; echo four; ! true; echo five; false; echo six ) &
wait; echo $?
( set -e; sleep 1; false; echo seven ) &
wait; echo done $?
x=1; { x=2; echo in $x; } & wait; echo out $x
set -e; ( false; echo no-inherit ) & wait; set +e; echo $-
