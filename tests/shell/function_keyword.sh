# bash's function keyword: function NAME { ...; }, function NAME() and NAME () over lines, any compound command as the
# body (a subshell, [[ ]], a loop), and bash's syntax errors for a missing name or body. Each line prints what
# interactive bash 5.2 prints for it (diffed).
function greet { echo "hi $1"; }
greet you
function two() { echo "two $#"; }
two a b
function three ()
{
  echo three
}
three
function sub ( echo "in subshell" )
sub
function cond [[ -n x ]]
cond && echo cond-ok
function loop for i in 1 2; do echo $i; done
loop
function
function f echo x
function f ( )
{ echo ok; }
f
