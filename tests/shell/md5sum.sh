# md5sum and sha256sum as GNU coreutils 9.1 prints them, -c with its OK/FAILED lines and warnings (compared
# with coreutils 9.1: scripts/bash_diff.sh)
mkdir sums && cd sums
printf 'hello\n' > h.txt
md5sum h.txt | tee list
md5sum -c list
echo bad > h2.txt
printf 'b1946ac92492d2347c6235b4d2611184  h2.txt\nxx\nb1946ac92492d2347c6235b4d2611184  nofile\n\n# comment\nb1946ac92492d2347c6235b4d2611184 *h.txt\n' > s2
md5sum -c s2; echo "status $?"
md5sum -c --quiet s2; echo "status $?"
md5sum -c --status s2; echo "status $?"
md5sum -c -w s2 2>&1; echo "status $?"
md5sum -c --strict list; echo "status $?"
md5sum -c --ignore-missing s2; echo "status $?"
md5sum -c nos; echo "status $?"
echo hi | md5sum
md5sum --tag h.txt | tee tagged
md5sum -c tagged
sha256sum --tag h.txt
sha256sum h.txt > s256
sha256sum -c s256 && md5sum -c s256; echo "status $?"
printf '' | md5sum
md5sum h.txt nofile; echo "status $?"
md5sum --quiet h.txt; echo "status $?"
md5sum -x; echo "status $?"
seq 1000 | md5sum
md5sum -c - <<EOF
$(md5sum h.txt)
EOF
