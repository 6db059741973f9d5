# eval, source and . as an interactive bash 5.2 runs them (compared line by line with bash -i under script(1))
eval "echo )"
eval "if then"
eval "echo a; false"; echo $?
eval
echo 'echo sourced $1 $#' > f.sh
source f.sh x
. ./f.sh y z
echo $# $1
source nope.sh
source
printf 'echo one\necho )\necho three\n' > bad.sh
source bad.sh
x='echo $HOME'; eval $x
eval 'y=5'; echo $y
cmd="kubectl get ns default -o name"; eval "$cmd"
eval "for i in 1 2; do echo \$i; done"
echo 'greet() { echo hello $1; }' > lib.sh
source lib.sh; greet you
eval echo '$((1+2))'
