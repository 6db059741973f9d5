# `timeout` around a job's sleep ends it at the timeout with 124, on the simulated clock (checked against
# interactive bash 5.2 under `script`, PIDs aside).
timeout 3s sleep 100 && echo no || echo "status $?" &
sleep 1
jobs
sleep 5
