# GNU grep 3.11: -E/-F/-w/-x/-o/-c/-l/-L/-r/-m/-A/-B/-C/-h/-q/-s, exit statuses and pattern errors, compared with real grep
grep -E '^[a-z]+:' python-time-app/values.yaml | cut -d: -f1 | sort | uniq -c | sort -rn | head -3
grep -l name python-time-app/Chart.yaml python-time-app/values.yaml
grep -L zzz python-time-app/Chart.yaml
grep -rn "toYaml" python-time-app/templates | wc -l
grep -r "nindent 12" python-time-app | head -2
grep -B1 -m1 'tag' python-time-app/values.yaml
grep -A2 -n '^image:' python-time-app/values.yaml
grep -C1 -n 'repository' python-time-app/values.yaml
grep -c '' python-time-app/values.yaml python-time-app/Chart.yaml
grep -o '[0-9]\+' python-time-app/values.yaml | head -3
grep -ow 'name' python-time-app/Chart.yaml
grep -x 'image:' python-time-app/values.yaml
grep -w port python-time-app/values.yaml | head -2
grep -vc '^#' python-time-app/values.yaml
grep -i -e PORT -e image python-time-app/values.yaml | head -3
grep -F '[]' python-time-app/values.yaml | head -2
grep -h name python-time-app/Chart.yaml python-time-app/Chart.yaml | head -1
grep -q replica python-time-app/values.yaml; echo $?
grep -q nothing python-time-app/values.yaml; echo $?
grep x nope.txt; echo $?
grep -s x nope.txt; echo $?
grep x python-time-app; echo $?
grep '[' python-time-app/Chart.yaml; echo $?
grep -E '(' python-time-app/Chart.yaml; echo $?
grep -m 2 -n ':' python-time-app/Chart.yaml
printf 'a\nb\na\nc\na\n' | grep -n -A1 a
printf 'abc\n' | grep -E -o 'b|abc'
echo "web-0 Running" | grep -E 'web-[0-9]+ (Running|Pending)'
grep -E 'a{2,}' python-time-app/values.yaml | head -1
grep --color=auto -n replica python-time-app/values.yaml
