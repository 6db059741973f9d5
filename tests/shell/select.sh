# select as bash 5.2 runs it: the menu on stderr in print_select_list's columns, PS3, REPLY, an empty line
# showing the menu again, the end of input ending the loop (compared with bash 5.2: scripts/bash_diff.sh)
COLUMNS=80
printf '2\n\n9\nx\n1\n' > in.txt
select x in alpha beta gamma; do echo "got [$x] [$REPLY]"; done < in.txt; echo "status $?"
select n in $(seq 1 30); do echo "got [$n]"; break; done <<< 3
PS3='pick one: '
printf 'web\n1\n' | select env in dev staging prod; do
  case $env in
    dev|staging) echo "deploying to $env"; break;;
    *) echo "no such environment: $REPLY";;
  esac
done
set -- a b
select a; do echo "$a"; break; done <<< 2
COLUMNS=30
select w in one two three four five six seven eight nine ten eleven; do break; done < /dev/null; echo "status $?"
f() { select x in p q; do echo "in f: $x"; return 3; done; }
f <<< 2; echo "f $?"
declare -f f
