# Background jobs on the virtual clock, as an interactive bash shows them when the lines are typed one by
# one: a job's output when the clock reaches it, bash's notices after the foreground command during which
# the job ended (or before the next prompt), jobs/wait/fg/kill. The plain-shell lines were checked against
# bash 5.2 (`bash -i` under `script`, the same lines typed with real sleeps).
sleep 2 && echo hi &
echo next
sleep 3
sleep 3 && false &
sleep 8 &
jobs
jobs -l
sleep 4
kill %2
true
sleep 1 && echo waited &
wait
echo $?
sleep 1 && false &
wait %1
echo $?
sleep 2 && false &
sleep 3
wait %1
echo $?
sleep 2 && echo from fg &
fg
echo $?
fg
wait %3
wait %x
sleep 10 &
sleep 11 &
kill -9 %1
jobs
jobs -l
kill %2
jobs -l
jobs
echo one; sleep 2 && echo two &
sleep 3; echo three
sleep 4 && echo a & sleep 2 && echo b &
jobs
wait
sleep 2 && echo a &
sleep 3 && echo x; echo y
echo instant &
echo m; echo n
true
sleep 2 && echo a &
x=$(sleep 3); echo y
sleep 2 && echo a &
sleep 3 | cat; echo y
bg
sleep 5 &
bg
jobs %1 %2
jobs %sle
kill %?sleep
true
