# The shell itself: quoting, variables, command substitution, operators, heredocs, files and the small tools.
echo 'single $HOME' "double $USER" back\ slash
export APP=web REPLICAS=2
echo "${APP}-$REPLICAS" $NOPE end
X="a   b"; echo $X; echo "$X"
echo $(echo nested $(echo deeper))
true && echo and-ran
false && echo never
false || echo or-ran
echo $?
cat <<EOF > notes.txt
app: $APP
literal: \$APP
EOF
cat notes.txt
cat <<'EOF' | grep -c literal
literal $APP
literal again
EOF
printf 'b\na\nc\n' | sort
printf '1\n2\n3\n4\n5\n' | head -n 2
printf '1\n2\n3\n4\n5\n' | tail -2
printf 'x\ny\n' | wc -l
grep -i APP notes.txt
grep -v app notes.txt
grep missing notes.txt
echo $?
printf 'a\nb\nx1\nc\nd\ne\nx2\nf\nx3\ng\nh\ni\nj\nx4\n' > ctx.txt
grep -A1 x ctx.txt
grep -nC1 x ctx.txt
grep -B 2 x4 ctx.txt
grep -q x ctx.txt
echo $?
grep -A z x ctx.txt
# grep -o (GNU grep 3.8 printed the same): each leftmost-longest match on its own line, N: with -n, no context
# lines but the group separator, nothing with -v, -c still counts lines.
printf 'foo bar foo\nbaz\nxfoo\nqux\nqux2\nfoofoo\nFOO\n' > o.txt
grep -o foo o.txt
grep -on 'fo*' o.txt
grep -oi 'f[a-z]o' o.txt
grep -oE 'qux2|qux|ba.' o.txt
grep -ow foo o.txt
grep -oc foo o.txt
grep -ov foo o.txt
echo $?
grep -o -A1 foo o.txt
echo 'aaa' | grep -o 'x*'
echo $?
echo 'ab ab' | grep -o '^ab'
ls
ls python-time-app
ls python-time-app/templates nope
cd python-time-app && pwd && cd ..
pwd
echo hi > out.txt && echo more >> out.txt && cat out.txt
rm out.txt && cat out.txt
echo aGVsbG8= | base64 -d
echo
echo "unterminated
quote, closed on the next line"
frobnicate --now
sleep
sleep 1x
timeout
timeout 5s
help | head -3
history | tail -3
