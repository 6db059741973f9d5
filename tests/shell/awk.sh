# awk as Ubuntu's mawk 1.3.4 runs it (every line without kubectl or helm compared with mawk 1.3.4 on Debian), and
# the usual one-liners over kubectl's tables.
echo 'a b c' | awk '{print $1, $NF; print NF}'
printf '1 2\n3 4\n' | awk '{s+=$2} END {print s, NR}'
echo | awk '{print 1/3, 1e6, 100000, 0.1+0.2, 2^53, 1e300*1e300, -0}'
echo | awk '{ x }}'
echo | awk 'BEGIN { print 1/0 }'; echo rc=$?
printf 'b\na\nb\n' | awk '{c[$1]++} END {for (k in c) print k, c[k]}'
echo 'x' | awk '{printf "%c%c|%5.2f|%-4s|\n", 65, "hello", 3.14159, "ab"}'
echo "a:b:c" | awk -F: '{print $2}'
echo "a b" | awk '{$2="X"; print; print NF}'
echo 'abcabc' | awk '{gsub(/b/,"[&]"); print; n=split("a,b,c",arr,","); print n, arr[3]; print substr("hello",2,3), index("hello","ll"), toupper("x")}'
awk 'BEGIN{print length()}'
echo "  lead  trail  " | awk '{print "["$1"]", NF}'
printf 'NAME READY STATUS\nweb-0 1/1 Running\nweb-1 0/1 Pending\n' | awk 'NR>1 && $3 != "Running" {print $1}'
printf 'NAME READY STATUS\nweb-0 1/1 Running\nweb-1 0/1 Pending\n' | awk 'NR>1 {print $1}'
printf 'NAME READY STATUS\nweb-0 1/1 Running\nweb-1 0/1 Pending\n' | awk '/web-1/'
printf 'NAME READY STATUS\nweb-0 1/1 Running\nweb-1 0/1 Pending\n' | awk '$2 ~ /^0/ {print $1 " not ready"}'
printf '10\n9\n100\n' | awk '$1 > 9'
printf '10\n9\nabc\n' | awk '{ if ($1 > 9) print $1, "big"; else print $1, "small" }'
awk 'BEGIN { for (i = 1; i <= 3; i++) printf "%d ", i * i; print "" }'
awk 'BEGIN { x["a"]=1; if ("a" in x) print "yes"; delete x["a"]; if (!("a" in x)) print "gone" }'
awk -v n=3 'BEGIN { while (n > 0) { print n; n-- } }'
echo "a,b;c" | awk -F'[,;]' '{print $3, NF}'
echo 'one two' | awk '{ $0 = "x y z"; print NF, $2 }'
echo 'one two three' | awk '{ NF = 2; print }'
echo 'a b' | awk 'BEGIN { OFS = "-" } { $1 = $1; print }'
echo 'hello' | awk '{ print length, length($0) }'
echo 'x' | awk '{ print match("foobar", /ob/), RSTART, RLENGTH }'
echo 'x' | awk '{ print int(3.9), int(-3.9), sqrt(16), 7 % 3, -7 % 3, 2 ^ 10 }'
echo 'x' | awk '{ s = sprintf("%05.1f|%x", 3.14159, 255); print s }'
echo x | awk '{ print substr("hello", 0), substr("hello", 2), substr("hello", 4, 100) }'
echo '5 apples' | awk '{ print $1 * 2, $2 + 0 }'
printf '3\n1\n2\n' | awk '{ a[NR] = $1 } END { for (i = NR; i >= 1; i--) print a[i] }'
printf 'a\nb\n' | awk 'NR == 1 { next } { print }'
printf 'a\nb\nc\n' | awk '{ print } NR == 2 { exit }'
awk 'BEGIN { exit 3 }'; echo rc=$?
echo 'x' | awk '{ print toupper(substr($1, 1, 1)) substr($1, 2) }'
awk
awk '{print $1}' nofile; echo rc=$?
echo 'x' | awk '{ print $(1) $-1 }'
echo | awk 'BEGIN { x = $-1 }'; echo rc=$?
awk '{print}' nofile f.txt; echo rc=$?
echo | awk '}'
echo | awk '{'
echo | awk 'BEGIN { print 1 % 0, -1/0 }'; echo rc=$?
helm install python-stateful ./python-time-app --set replicaCount=3
sleep 60
kubectl get pods --no-headers | awk '{print $1}'
kubectl get pods | awk 'NR>1 && $3 == "Running" {n++} END {print n " running"}'
kubectl get pods -o wide | awk 'NR>1 {printf "%-40s %s\n", $1, $6}'
kubectl get pvc --no-headers | awk '{print $1, $4}'
kubectl get events --no-headers | awk '{c[$2]++} END {for (t in c) print t, c[t]}'
kubectl get pods --no-headers | awk '{print $1}' | xargs -I {} kubectl exec {} -- cat data/visits | awk '{s += $1} END {print "total visits:", s}'
