# set: -e with bash's exemptions (tested in subshells, which set -e ends as bash's do), -u, -x with bash's
# quoting and [[ ]]/(( ))/for/case lines, -o pipefail, -f (noglob), set -o/+o, $-, set --, bad options. Each line prints
# what interactive bash 5.2 prints for it (diffed). At the end, set -e in the terminal's own shell: bash would
# exit the shell; the page cannot close, so the command line ends and says so.
echo $-
set -o | grep -E 'errexit|nounset|pipefail|xtrace'
set -euo pipefail
echo $-
set -o | grep -E 'errexit|nounset|pipefail|xtrace'
set +o | grep -E 'errexit|pipefail'
set +eu +o pipefail
set -f; echo $-; echo *
set -o | grep noglob
set +o | grep noglob
set -o noglob -e; echo $-; set +ef
echo $-
( set -e; false || echo "|| spares the left side"; false && echo no; echo "&& too"; echo reached )
( set -e; if false; then :; fi; while false; do :; done; until true; do :; done; echo "conditions are spared" )
( set -e; ! true; echo "a negated pipeline is spared" )
( set -e; f() { false; echo "in f, spared as f is tested"; }; f || echo no; echo after )
( set -e; true && false; echo not reached ); echo "status $?"
( set -e; { false; }; echo not reached ); echo "status $?"
( set -e; g() { false; echo not reached; }; g; echo not reached ); echo "status $?"
( set -e; x=$(false); echo not reached ); echo "status $?"
( set -e; x=$(false; echo sub); echo "x=$x" )
( set -e; [[ a == b ]]; echo not reached ); echo "status $?"
( set -e; (( 0 )); echo not reached ); echo "status $?"
( set -e; false | true; echo "only the last command of a pipeline counts" )
( set -eo pipefail; false | true; echo not reached ); echo "status $?"
false | true; echo $?
set -o pipefail
false | true; echo $?
true | (exit 3) | true; echo $?
! false | true; echo $?
set +o pipefail
set -u
echo ${unset_var:-default} ${unset_var+alt} "$@" ${no_array[@]} end
echo $unset_var; echo not reached
echo "status $?"
echo ${#unset_var}
echo ${unset_var#x}
echo $1
u=(1); echo ${u[0]} ${u[3]}
set +u
echo "[$unset_var]"
set -z
set -o bogus
set -o errexit -o nounset
echo $-
set +o errexit +o nounset
set -x
echo hi "a b" 'it'"'"'s' '' 'x$y' 'q"q' 'a*b' '~' x=1 '#c' 'a;b' '{x}' a=b=c
x=1 y="two words"
a=(p "q r")
a+=(z)
a[3]=v
for i in 1 2; do echo $i; done
if [[ $x == 1 && -n "$y" ]]; then (( y2 = x + 1 )); fi
f() { echo in f; }
f arg
case $x in 1) echo one;; esac
while false; do :; done
k=$((2+3))
! true
[ -n "$x" ]
set +x
echo done
(exit 3); echo "status $?"
v=$(exit 4); echo "status $?"
set -e
false; echo not reached
echo "status $? (the shell goes on)"
for i in 1 2 3; do [ $i = 2 ] && false; echo "round $i"; done
f() { echo in f; false; echo not reached; }
f
set +e
