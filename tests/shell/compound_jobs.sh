# Compound commands as background jobs: `jobs` shows them as bash 5.2 print_cmd.c writes them (checked
# against interactive bash under `script`, PIDs aside).
if true; then sleep 5; echo a; else echo b; fi &
jobs
{ sleep 5; echo a; } > /dev/null &
jobs
( sleep 5 ) &
jobs
case x in x) sleep 5;; y) echo;; esac &
jobs
for i in 1; do
  if true; then sleep 5; fi
done &
jobs
kill %1 %2 %3 %4 %5
