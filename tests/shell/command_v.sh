# command -v/-V and command NAME (bash 5.2, diffed with scripts/bash_diff.sh): how a lab script checks for a tool.
f() { :; }
command -v f ls cd nosuch expr; echo $?
command -v nosuch; echo $?
command -v nosuch ls; echo $?
command -v; echo $?
command -v for if; echo $?
command -V cd; echo $?
ls() { echo fn; }; command ls /nonexist; echo $?
ls /nonexist
command; echo $?
command -x; echo $?
command -v nl >/dev/null && echo "nl is there"
type let expr column command
