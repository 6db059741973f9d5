# Where the playground's awk stops or refuses what mawk would do: recursion deeper than the page's stack allows
# (mawk: "program limit exceeded: eval stack size=1024", later), a call tree past the step limit, and
# "cmd" | getline (the shell's commands are not run from inside awk; pipe their output to awk instead), and a
# getline loop that never ends (getline of a missing file is -1, true), stopped by the step limit.
awk 'function r(n) { return r(n + 1) } BEGIN { r(1) }'; echo rc=$?
awk 'function r(n) { return n > 25 ? 1 : r(n+1) + r(n+1) } BEGIN { print r(1) }'; echo rc=$?
awk 'function f(n) { return n <= 1 ? 1 : n * f(n - 1) } BEGIN { print f(30) }'
awk 'BEGIN { "date" | getline d; print d }'; echo rc=$?
date | awk '{ print NF }'
awk 'BEGIN { while ((getline line < "nosuch")) n++; print n }'; echo rc=$?
