# GNU coreutils 9 filters with their options, every line compared with the real tools on the shipped chart's files
cat -n python-time-app/Chart.yaml | head -3
cat -A python-time-app/.helmignore | head -3
cat -b python-time-app/Chart.yaml | head -3
cat -s python-time-app/values.yaml | wc -l
head -n 3 python-time-app/values.yaml
head -3 python-time-app/values.yaml
head -c 20 python-time-app/values.yaml
head -n -100 python-time-app/values.yaml | wc -l
tail -n 2 python-time-app/values.yaml
tail -n +150 python-time-app/values.yaml | head -2
tail -c 30 python-time-app/values.yaml
wc python-time-app/values.yaml
wc -l -w python-time-app/Chart.yaml python-time-app/values.yaml
wc -c < python-time-app/values.yaml
sort python-time-app/.helmignore | head -4
sort -r python-time-app/.helmignore | head -3
sort -u python-time-app/.helmignore | wc -l
grep -v '^#' python-time-app/values.yaml | grep -v '^$' | sort -t: -k2 | head -5
grep -c '' python-time-app/values.yaml
grep -n replica python-time-app/values.yaml
grep -i -c PORT python-time-app/values.yaml
grep -w image python-time-app/values.yaml
grep -E '^[a-z]+:' python-time-app/values.yaml | cut -d: -f1 | sort | uniq -c | sort -rn | head -3
grep -l name python-time-app/Chart.yaml python-time-app/values.yaml
grep -rn "toYaml" python-time-app/templates | wc -l
grep -A1 '^image:' python-time-app/values.yaml
grep -B1 -m1 'tag' python-time-app/values.yaml
grep -q replica python-time-app/values.yaml && echo found
uniq -d python-time-app/.helmignore
uniq -c python-time-app/.helmignore | head -3
ls python-time-app
tr a-z A-Z < python-time-app/Chart.yaml | head -2
cut -c1-10 python-time-app/Chart.yaml | head -3
seq -s, 5
echo hello | rev
printf '%s\n' b a c | sort | tr '\n' ' '; echo
echo "a b c" | awk '{print NF}'
basename /a/b/c.yaml .yaml
dirname /a/b/c.yaml
echo $((7/2)) $((7%3))
test -d python-time-app && echo dir
