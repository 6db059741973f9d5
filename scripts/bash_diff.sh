#!/usr/bin/env bash
# Diffs the playground's transcript of each given script (tests/shell/NAME.sh, no kubectl/helm) against what real
# bash 5.2 prints when the same lines are typed into it interactively (PS1='$ ', PS2='> ', as `stsplay run` shows).
# Usage: scripts/bash_diff.sh [--bin target/debug/stsplay] FILE.sh...   Exit status 1 when any differs.
set -u
cd "$(dirname "$0")/.."
bin=target/debug/stsplay
[ "${1:-}" = --bin ] && { bin=$2; shift 2; }
rc=$(mktemp); trap 'rm -f "$rc"' EXIT
printf "PS1='\$ '; PS2='> '\n" > "$rc"
status=0
for f in "$@"; do
  want=$(cd "$(mktemp -d)" && env -i HOME=/home/learner PATH=/usr/bin:/bin TERM=dumb COLUMNS=5000 LANG=C.UTF-8 bash --rcfile "$rc" -i < "$OLDPWD/$f" 2>&1 |
    sed -e '1,2{/^bash: \(cannot set terminal process group\|no job control\)/d}' -e '/^\$ #/d' -e '${/^\$ exit$/d}')
  got=$("$bin" run "$f" 2>&1)
  if [ "$want" != "$got" ]; then
    echo "== $f differs (< bash, > stsplay)"; diff <(echo "$want") <(echo "$got") | head -${DIFF_LINES:-40}; status=1
  fi
done
exit $status
