# $RANDOM as bash 5.2 computes it once seeded (diffed with scripts/bash_diff.sh): RANDOM=N seeds Park and
# Miller's generator; arithmetic reads it too. Unseeded, bash starts from its clock; the playground from its seed.
RANDOM=42; echo $RANDOM $RANDOM $RANDOM
RANDOM=0; echo $RANDOM ${RANDOM}
RANDOM=1; echo $((RANDOM % 100)) $(( RANDOM ))
RANDOM=7x; echo $RANDOM
RANDOM=12345; for i in 1 2 3; do echo "web-$((RANDOM % 3))"; done
RANDOM=1+1; echo $RANDOM
