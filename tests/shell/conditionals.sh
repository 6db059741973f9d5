# test/[ ], case, { } groups, ( ) subshells, arithmetic, break/continue, `!`, as bash 5.2 prints them
# (checked against interactive bash under `script`).
[ a = a ]; echo $?
[ a != a ]; echo $?
test -n "x"; echo $?
[ -z "x" ]; echo $?
[ 3 -gt 2 ] && echo gt
[ 2 -le 2 ] && [ 1 -lt 2 ] && [ 2 -ge 3 ] || echo "not ge"
[ 1 -ne 1 ]; echo $?
[ ! -z "" ]; echo $?
[ -f python-time-app/Chart.yaml ] && echo file
[ -d python-time-app ] && echo dir
[ -e nope.txt ]; echo $?
[ -d python-time-app/Chart.yaml ]; echo $?
[ 1 -eq x ]; echo $?
[ a = a; echo $?
[ a b c ]; echo $?
[ 1 -lt 2 -a 3 -gt 4 ]; echo $?
[ 1 -lt 2 -o 3 -gt 4 ]; echo $?
[ ]; echo $?
[ -n ]; echo $?
if ! [ -f nope.txt ]; then echo "no nope.txt"; fi
! true; echo $?
for name in web-0 db-1 cache x.yaml; do
  case $name in
    web-*|api-*) echo "$name: web";;
    db-[0-9]) echo "$name: db" ;;
    *.yaml)
      echo "$name: yaml"
      ;;
    *) echo "$name: other";;
  esac
done
case "a*b" in "a*"*) echo quoted;; esac
case x in y) echo no;; esac; echo "case status $?"
{ echo one; echo two; } | grep two
{ echo grouped; } > group.txt
cat group.txt
x=outer
(x=inner; cd python-time-app; echo "$x $PWD")
echo "$x $PWD"
echo $((1 + 2 * 3)) $((7 / 2)) $((7 % 3)) $((2 ** 10)) $((-5 + 2)) $(( (1 + 2) * 3 ))
n=5; echo $((n * 2)) $((n > 3)) $((n == 5 ? 10 : 20))
i=0; ((i++)); ((i += 5)); echo $i
((0)); echo $?
echo $((1 / 0)); echo "not run"
echo "still here $?"
echo $((1 +))
for i in 1 2 3; do for j in a b; do if [ $j = b ]; then continue 2; fi; echo $i$j; done; done
while true; do while true; do break 2; done; done; echo "out $?"
break
continue 2
