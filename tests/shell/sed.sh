# sed as GNU sed 4.9 runs it (the lines without kubectl or helm compared with bash 5.2 on Debian), and editing
# the chart from the terminal.
echo abc | sed 's/a/b'
echo abc | sed 'k'
echo abc | sed 's/a/b/q'
echo abc | sed '/x'
echo abc | sed 'p;p'
sed 's/a/b/' nofile; echo rc=$?
echo abc | sed -n '$='
echo abc | sed 's/\(a\)\(b\)/\2\1/'
echo abc | sed -E 's/(a)(b)/\2\1-&/'
echo 'a.b.c' | sed 's/\./-/g'
echo hello | sed 'y/el/ip/'
printf '1\n2\n3\n' | sed '2d'
printf '1\n2\n3\n' | sed -n '2,3p'
printf '1\n2\n3\n' | sed '1i header'
printf '1\n2\n' | sed '$a footer'
printf 'x\n' | sed 's/x/a\nb/'
printf '1\n2\n3\n' | sed '2q'
printf '1\n2\n3\n' | sed '/2/!d'
echo abc | sed 's/B/x/I'
echo aaa | sed 's/a/x/2'
echo aaa | sed 's/a/x/2g'
printf '# c\nx: 1\n\n# d\ny: 2\n' | sed '/^#/d'
printf '# c\nx: 1\n\n# d\ny: 2\n' | sed -e '/^$/d' -e 's/: /=/'
printf 'a\nb\nc\nd\n' | sed -n '/b/,/c/p'
printf 'a\nb\nc\n' | sed '2c changed'
printf 'a\nb\nc\n' | sed -n '2{p}'
printf 'replicaCount: 2\nimage: x\n' > v.yaml
sed -i 's/replicaCount: 2/replicaCount: 3/' v.yaml
cat v.yaml
sed -i.bak 's/x/y/' v.yaml
cat v.yaml v.yaml.bak
sed -n '1p' v.yaml v.yaml.bak
echo 'a/b' | sed 's|/|_|'
echo 'path/to' | sed 's/\//:/'
echo 'hello world' | sed 's/o/0/g;s/l/1/'
printf '1\n2\n3\n4\n5\n' | sed -n '2,4!p'
printf '1\n2\n3\n' | sed '$d'
echo x | sed = 
printf 'a1\nb2\na3\n' | sed -n '/a/{s/a/x/;p}'
printf 'a1\nb2\na3\n' | sed '/a/{s/a/x/;/x/d}'
printf '1\n2\n3\n4\n' | sed -n '2,3{=;p}'
printf 'a\nb\n' | sed '1{s/a/A/'
printf 'a\nb\n' | sed '}'
grep -n '^replicaCount' python-time-app/values.yaml
sed -i 's/^replicaCount: 2/replicaCount: 3/' python-time-app/values.yaml
grep -n '^replicaCount' python-time-app/values.yaml
helm template x ./python-time-app | grep 'replicas:'
helm template x ./python-time-app | sed -n '/^kind: StatefulSet/,/replicas/p'
