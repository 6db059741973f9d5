# case arms ended by ;& (the next arm's commands run too, untested) and ;;& (the next arms are tested), as bash 5.2
# runs them (diffed), and ;& outside a case is bash's syntax error.
for x in a b c z; do case $x in a) echo "a";& b) echo "a or b (fell through)";; c) echo c;;& [a-c]) echo "a-c (tested next)";;& *) echo "any $x";; esac; done
case web-0 in
  web-*) echo web ;;&
  *-0) echo "first pod" ;&
  db-*) echo "runs after ;&" ;;
  *) echo never ;;
esac
case x in x) echo last;& esac
case x in x) echo "the last arm's ;;& finds nothing more";;& esac
echo "status $?"
echo a ;& echo b
