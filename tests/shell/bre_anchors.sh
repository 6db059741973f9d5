# sed and grep basic regular expressions: ^ and $ anchor only at the ends (or beside \( \) \|), * after ^ is literal,
# bracket expressions are POSIX's; every line compared with GNU sed 4.9 and grep 3.11
printf 'version: ^2.0.0\na$b\n*star\nx[y]z\nback\\slash\nabc123\n-dash\n' > f.txt
sed 's/version: ^2/V/' f.txt
sed 's/a$b/AB/' f.txt
sed 's/^*star/S/' f.txt
sed 's/[[]y[]]/Y/' f.txt
sed 's/[\\]/B/' f.txt
sed 's/[[:digit:]]\+/N/' f.txt
sed 's/[^a-z]/_/g' f.txt
sed 's/[-]/D/' f.txt
sed 's/\(^a\)/A/' f.txt
sed 's/c$/C/' f.txt
grep -c '^[[:alpha:]]*$' f.txt
grep 'x\[y' f.txt
sed -E 's/^(a|v)/<\1>/' f.txt
