# One-line loops (while, until, for) in the foreground and as background jobs on the virtual clock, as
# interactive bash 5.2 prints them (checked by typing the same lines into `bash -i` under `script`; `jobs`
# shows a loop as bash's print_cmd.c writes it).
for i in 1 2 3; do echo $i; done
echo $i
while false; do echo never; done; echo $?
until true; do echo never; done; echo $?
for i in a b; do echo $i; false; done; echo $?
while true; do echo tick; sleep 3; done &
sleep 4
jobs
kill %1
for i in 1 2; do echo $i; sleep 1; done &
sleep 3
until false; do sleep 5; done > /dev/null &
jobs
kill %1
true
for x in one two; do echo $x; sleep 1; done > loop.txt &
wait
cat loop.txt
for i in a b; do echo $i; done | grep b
while false; do echo; done && echo ok
echo done while do
done
while true; do; done
for 1x in a; do echo; done
