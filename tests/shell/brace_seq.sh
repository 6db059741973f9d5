# Brace expansion and seq, as bash 5.2 and GNU seq print them (checked against interactive bash under
# `script`).
echo {a,b}c x{1..3}y {3..1} {a..c} {1..2}{a,b} {x} {1..} '{a,b}' a{b,c{d,e}} {01..03} {1..10..4} {e..a..2}
for i in {1..3}; do echo "pod-$i"; done
for i in $(seq 1 3); do echo $i; done
seq 5 -1 3; seq -s, 3; seq 3 1; seq x
