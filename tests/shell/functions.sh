# Shell functions: name() compound-command, $1.. $# $@ "$@" for the call, local, return, a subshell body,
# recursion stopped at FUNCNEST=100 (bash would recurse until it crashes). Each line prints what bash 5.2 prints
# for it (diffed; bash names the script and line where this interactive-style transcript says bash:).
greet() { echo "hello $1 ($# args: $@)"; }
greet world two
visits() {
  local pod=$1
  echo "pod $pod"
  return 3
}
pod=outer; visits web-0; echo "rc=$? pod=$pod"
count() { local n=0; for x in "$@"; do n=$((n+1)); done; echo $n; }
count a b c
echo "after: $1|$#"
rec() { rec; }
rec
echo survived
return 1
local z=1
f() (x=inner; echo $x)
x=outer; f; echo $x
isweb() { [[ $1 == web-* ]]; }
isweb web-1 && echo web; isweb db-1 || echo notweb
echo a b | { read p q; echo "$q $p"; }
loopret() { for i in 1 2 3; do if [ $i -eq 2 ]; then return $i; fi; echo $i; done; }
loopret; echo "rc=$?"
g() echo bad
twice() { twice; twice; }; twice; echo never
echo next
