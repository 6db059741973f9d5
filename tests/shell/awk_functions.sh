# awk (mawk 1.3.4) user functions (arrays by reference, extra parameters as locals, recursion, exit inside),
# getline in its forms with close, and range patterns; diffed with scripts/bash_diff.sh against mawk.
printf 'a\nb\nc\nd\n' > g.txt
awk 'BEGIN{print f(1)}'; echo rc=$?
awk 'function f(x){return x*2} BEGIN{print f(3)}'
awk 'BEGIN{return 1}'; echo rc=$?
awk 'function f(a){a["x"]=1} BEGIN{f(arr); print arr["x"]}'
awk 'function f(a,  i){i=5; a=7; return} BEGIN{i=1; a=2; f(a); print i, a, f(1) "|"}'
awk 'function f(n){return n<=1?1:n*f(n-1)} BEGIN{print f(10)}'
awk 'function f(x) {return} function f(y) {return}'; echo rc=$?
awk 'BEGIN { f(1,2) } function f(a) { print a }'; echo rc=$?
printf '1\n2\n3\n' | awk 'NR==1{getline; print "got", $0, NR} {print NR": "$0}'
printf '1\n2\n3\n' | awk '{getline x; print $0, x, NR, NF}'
printf '1\n2\n' | awk 'BEGIN{while ((getline line < "g.txt") > 0) n++; print n, NR; print (getline y < "/nosuch"); close("g.txt"); getline z < "g.txt"; print z}'
printf '1\n2\n' | awk 'END{print getline, $0}'
printf '1 2\n' | awk '{getline < "g.txt"; print $0, NF, NR, FNR}'
printf 'x\n' | awk 'BEGIN{getline; print "begin", $0, NR}{print "main", $0}END{print "end", NR}'
printf 'a\nstart\nb\nend\nc\nstart\nd\n' | awk '/start/,/end/'
printf '1\n2\n3\n4\n5\n' | awk 'NR==2,NR==2{print "r", $0} NR==4,0'
printf '1\n2\n3\n4\n5\n' | awk '$1==2,
$1==3 { print "in", $0 }'
awk 'function fill(a, n,   i) { for (i = 1; i <= n; i++) a[i] = i * i; return n }
function sum(a,   k, t) { for (k in a) t += a[k]; return t }
BEGIN { fill(sq, 4); print sum(sq), length(sq) }'
awk 'function g(a) { split("x y z", a); return a[2] } BEGIN { print g(arr), arr[3] }'
awk 'function loc(   t) { t["k"] = 1; return length(t) } BEGIN { print loc(), loc(); for (k in t) print "leak", k }'
awk 'function e() { exit 3 } BEGIN { e(); print "not" } END { print "end" }'; echo rc=$?
awk 'function f(OFS) { OFS = "-"; print "a", "b" } BEGIN { f(); print "a", "b" }'
awk 'function max(a, b) { return a > b ? a : b } { m = max(m, $1) } END { print m }' <<< $'3\n10\n7'
printf 'k v\n' | awk '{ while ((getline l) > 0) n++ } END { print n+0, NR }'
awk 'BEGIN { while ((getline l < "g.txt") > 0) print "line:", l }'
awk 'BEGIN { getline l < "g.txt"; getline m < "g.txt"; print l m }'
awk 'BEGIN { getline; print "[" $0 "]" }' < /dev/null
awk 'function f(a) { return a } BEGIN { print f(f(f(2))) }'
