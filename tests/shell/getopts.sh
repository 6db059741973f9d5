# getopts and shift as bash 5.2 runs them: grouped letters, attached and separate arguments, `--`, silent mode
# (a leading `:`), OPTERR=0, the $0-named errors (compared with bash 5.2: scripts/bash_diff.sh)
cat <<'EOF' > g1.sh
while getopts "ab:c" opt; do
  case $opt in
    a) echo "a OPTIND=$OPTIND";;
    b) echo "b=$OPTARG OPTIND=$OPTIND";;
    c) echo c;;
    \?) echo "bad OPTARG=${OPTARG-unset} OPTIND=$OPTIND";;
  esac
done
echo "end opt=$opt OPTIND=$OPTIND"
shift $((OPTIND-1))
echo "rest: $*"
EOF
bash g1.sh -a -bfoo -c -- x y
bash g1.sh -ab foo -x z
bash g1.sh -b
bash g1.sh -acx file -a
bash g1.sh - -a
cat <<'EOF' > g2.sh
usage() { echo "usage: $0 [-a] [-b ARG]" >&2; exit 2; }
while getopts ":ab:" opt; do
  case $opt in
    a) echo a;;
    b) echo "b=$OPTARG";;
    :) echo "missing arg for -$OPTARG"; usage;;
    \?) echo "illegal -$OPTARG";;
  esac
done
echo "OPTIND=$OPTIND"
EOF
bash g2.sh -x -b; echo "status $?"
bash g2.sh -a -b -x
getopts; echo $?
getopts a; echo $?
getopts "a:" v -a; echo "$v [${OPTARG-unset}] $?"
OPTIND=1
getopts "a:" v -ab; echo "$v $OPTARG"
getopts a 1x; echo $?
set -- -a -b
OPTERR=0 OPTIND=1
getopts a o; echo $o
getopts a o; echo "$o [$OPTARG]"
getopts a o; echo "$? $o [$OPTARG] $OPTIND"
unset OPTERR
f() { local OPTIND; while getopts x o; do echo "f $o"; done; }
f -x; f -x
getopts x o -x; echo $o
set -- a b c
shift 5; echo "$? $#"
shift -1; echo "$? $#"
shift x; echo "$? $#"
shift 0; echo "$? $*"
shift; echo "$? $*"
shift 2; echo "$? [$*] $#"
shift; echo $?
shift 1 2; echo $?
printf 'getopts a 1x\nset -- -q\ngetopts a o\necho "$o"\n' > g3.sh
bash g3.sh
