# cut and tr as GNU coreutils 9 print them (every line compared with bash 5.2 and coreutils on Debian).
echo "a:b:c" | cut -d: -f2-
echo "a:b:c" | cut -d : -f 1,3
echo "a:b:c" | cut -d: -f-2
echo "abcdef" | cut -c2-4
echo "abcdef" | cut -b1,3
echo "a b" | cut -d' ' -f3
echo "nodelim" | cut -d: -f1
echo "nodelim" | cut -s -d: -f1
echo 'a:b:c' | cut -d: --complement -f2
echo 'a:b:c' | cut -d: -f1,3 --output-delimiter=' | '
printf 'x\ty\n' | cut -f2
printf 'one:1\ntwo:2\n' > f.txt
cut -d: -f2 f.txt
cut -d: -f1 f.txt nofile; echo "rc=$?"
cut; echo "rc=$?"
cut -f x
cut -f 0
cut -d ab -f1
cut -c1 -d,
cut -f 3-1
cut -f1 -c1
echo hello | tr a-z A-Z
echo hello | tr -d l
echo "a    b  c" | tr -s ' '
echo hello | tr '[:lower:]' '[:upper:]'
echo "a,b,c" | tr , '\n'
echo "hello world" | tr -d '[:space:]'
echo "aabbcc" | tr -s a-c
echo "hello" | tr el ip
echo "hello" | tr a-y b-z
echo "hello 123" | tr -cd '[:digit:]'; echo
echo "hello" | tr -ds l o
tr; echo "rc=$?"
tr a
tr -d
echo "web-0 1/1 Running" | tr -s ' ' | cut -d' ' -f1,3
