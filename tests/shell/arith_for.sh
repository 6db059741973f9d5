# for (( init; test; step )): C-style loops as bash 5.2 runs them (diffed with scripts/bash_diff.sh): empty parts
# are true, continue runs the step, { } as the body, declare -f and set -x print the parts as bash does,
# an expression's error ends the loop with status 1 and the line goes on; (( )) and let errors likewise.
f() { for ((i=0;i<3;i++)); do echo $i; continue; done; for ((;;)); do break; done; for (( ; j<2 ; )) do j=$((j+1)); done; }
declare -f f
f
for ((i=0;i<3;i++)); do echo $i; done; echo "rc=$? i=$i"
for ((i=0;i<0;i++)); do echo $i; done; echo "rc=$?"
for ((i=0;i<3;i++)) { echo b$i; }
for ((i=0;i<3;i++)); { echo c$i; }
for ((;;)); do echo once; break; done
for ((i=0; i<5; i++)); do ((i%2)) && continue; echo even $i; done
for ((i=0;i<3;i++)) ; do for ((j=0;j<2;j++)); do echo $i$j; done; done
for ((i=0;i<;i++)); do echo x; done; echo rc=$?
for ((i=0 ; i< ; i++)); do echo x; done; echo rc=$?
for ((i=0;i<2;i+)); do echo x; done; echo rc=$?
for ((i=0;i<3)); do echo x; done; echo rc=$?
for ((a=1, b=10; a<=3; a++, b--)); do echo $a $b; done
set -x; for (( k=0 ; k<2 ; k++ )); do :; done; for ((;;)); do break; done; set +x
i=0; while ((i<3)); do echo w$i; ((i++)); done
for ((x=0;x<1;x++)); do false; done; echo $?
for ((i=0;i<2;i++))
do
  echo multi $i
done
for ((n=1; n<=3; n++)); do echo "web-$((n-1))"; done | tac
for ((1)); do echo x; done
(( 1 / 0 )); echo rc=$?
((  x y )); echo $?
echo $(( 1 +  )) not reached; echo reached
let; echo $?
let x=1 y=x+1; echo $? $x $y
let 0; echo $?
let "1/0" x=5; echo $? $x
type let
for ((x=0; x<2000; x++)); do :; done; echo "the playground stops at $x"
