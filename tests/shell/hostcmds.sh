# The learner's machine: date on the simulated clock (GNU date's layouts, compared with coreutils 9 for the same
# instant), uname, whoami, hostname, which and type.
date
sleep 65
date
date +%s
date -u +'%Y-%m-%dT%H:%M:%SZ'
date +'%a %b %e %j %T %F %Z %z %p %I %u %w %y %%'
date -R
date -I
date +%H:%M
uname
uname -a
uname -r
uname -x
whoami
hostname
which kubectl helm cd nope; echo rc=$?
type kubectl cd k nope
while true; do kubectl get pods --no-headers | wc -l; date +%T; sleep 30; [ "$(date +%M)" = "05" ] && break; done
