# jq as jq 1.7.1 runs it. Every line's output was compared with a real jq (Debian's 1.6 where 1.6 and 1.7 agree);
# the lines marked "1.7" show jq 1.7.1's own behaviour (number literals kept, `if` without `else`, `limit(0)`),
# taken from jq 1.7.1's source and manual.
echo '{"a":1,"b":[1,2,{"c":"x"}],"d":null}' | jq .
echo '{"a":1,"b":[1,2,{"c":"x"}]}' | jq -c '.b[2].c, .a, (.b | length), .b[-1], .b[1:], .missing'
echo '{"b":2,"a":{"z":1,"y":[]}}' | jq -S .
echo '{"b":2,"a":{"z":1,"y":[3]}}' | jq --tab .
echo '{"b":2,"a":{"z":1,"y":[3]}}' | jq --indent 1 .
echo '["é","\u0001",1.5]' | jq -ac .
printf '{"n":"web-0","ip":"10.0.0.1"}\n{"n":"web-1","ip":null}\n' | jq -r '"\(.n) \(.ip)"'
printf '1 2\n3\n' | jq -c -s .
printf 'line one\nline two\n' | jq -R .
printf 'line one\nline two\n' | jq -Rs .
jq -n '[1,2,3] | map(. * 10) | add'
jq -n -c '[3,1,2] | sort, sort_by(-.), group_by(. % 2), unique, min, max, reverse, (. | length)'
jq -n -c '{"a":1,"b":2} | to_entries, from_entries? // "x", with_entries(.value += 1), keys, keys_unsorted, [.[]], has("a"), map_values(. * 2)'
jq -n -c '[{"name":"a","v":1},{"name":"b","v":2}] | map({name}), map({(.name): .v}) | add'
jq -n -c '[{"name":"a","v":1},{"name":"b","v":2}] | from_entries'
jq -n -c 'reduce range(5) as $x (0; . + $x), [foreach range(5) as $x (0; . + $x; [$x, .])]'
jq -n -c '[limit(3; range(10))], first(range(10; 20)), [range(0; 10; 3)], [.[]?], isempty(empty)'
jq -n -c '"a-b-c" | split("-"), (split("-") | join("+")), ascii_upcase, length, utf8bytelength, test("B"; "i")'
jq -n -c '"web-0 web-12" | [match("web-([0-9]+)"; "g") | .captures[0].string], sub("web"; "db"), gsub("(?<n>[0-9]+)"; "<\(.n)>"), [scan("[0-9]+")]'
jq -n -c '"test-pod" | startswith("test"), endswith("pod"), ltrimstr("test-"), rtrimstr("-pod"), (explode | implode), ascii_downcase'
jq -n -c '{"a":{"b":1},"c":[1,2]} | [paths], [paths(scalars)], del(.a), (.c[0] |= 9), (.a.b += 1), (.c |= map(. * 2)), getpath(["a","b"])'
jq -n -c '{"a":{"b":1}} | path(.a.b), [paths(type == "number")], setpath(["x","y"]; 1), delpaths([["a"]]), to_entries[0].key'
jq -n -c '[1,[2,[3]]] | flatten, flatten(1), (.. | numbers), ([..] | length)'
jq -n -c '{"a":[1,2]} | contains({"a":[1]}), inside({"a":[1,2,3]}), (.a | index(2)), ("abcb" | indices("b"))'
jq -n -r '[1,"a b",null,true] | @csv, @tsv, @sh, @json, @text, @base64, (@base64 | @base64d), @uri'
jq -n -r '"<a href=\"x\">&</a>" | @html'
jq -n -r '"x=\(1 + 2) y=\([1,2])"'
jq -n -c 'def f(x): x * 2; def g($a; $b): $a + $b; def fac: if . <= 1 then 1 else . * (. - 1 | fac) end; [f(3), g(1; 2), (5 | fac)]'
jq -n -c '[1,2] as [$a, $b] | {"k": {"v": 3}} as {k: {$v}} | [$a, $b, $v]'
jq -n -c '[.[]?], (try error("boom") catch .), (try error({"x":1}) catch .x), ("abc" | .[1:2]), (null // "default"), (false or true), (true and null), (1 | not)'
jq -n -c '[1, null, 2] | map(values), map(. // 0), (.[] | select(. != null) | tostring), (map(tojson) | join(","))'
jq -n -c '"[1,2]" | fromjson, ("12" | tonumber), (1 | tostring), ([1,"1"] | map(type)), (infinite | isinfinite), ([nan] | sort)'
jq -n -c '[3, 1.5, -2, 0.1 + 0.2, 1e1000, 100 / 3, 1e17, 1e-5, 2 * 0.5]'
jq -n -c '[1.000, 1e2, 100000000000000000000, -0]'
jq -n -c 'if 1 then "one" end, [limit(0; 1, 2)]'
jq -n -c '{} | .a.b.c = 1, (.x += 1), (.l[2] = true), ([.[]] | length)'
jq -n -c '[{"a":1,"b":2},{"a":1,"b":3}] | unique_by(.a), group_by(.a) | length'
jq -n -c '[{"n":"x","r":2},{"n":"y","r":5}] | max_by(.r).n, min_by(.r).n, (map(.r) | add / length), any(.r > 4), all(.r > 4)'
jq -n -c '[splits("a";"g")]' <<< '"banana"'
jq -c 'input, [inputs]' <<< '1 2 3 4'
jq -n -c '$ENV.HOME, env.HOME, $__loc__, ("a" | ascii_downcase | @base64)'
jq -n -c --arg name web --argjson n 3 '{name: $name, n: $n, named: $ARGS.named}'
jq -n -c --args '$ARGS.positional' a b
jq -c -n '[1,2] | tostream' ; jq -c -n 'fromstream([1,2] | tostream)'
jq -c -n '"2015-03-05T23:51:47Z" | fromdate, (fromdate | todate), (0 | todate), (1425599507 | gmtime | mktime)'
jq -n -c '[range(5)] | .[2:4] = ["x"], del(.[1, 2]), to_entries[1]'
jq -n '"a" | error'; echo "rc=$?"
jq -n '{"a":"x"} | error'; echo "rc=$?"
jq -n 'error(null)'; echo "rc=$?"
echo '{"a":1}' | jq '.a.b'; echo "rc=$?"
echo '[1,2]' | jq '.[] | .x'; echo "rc=$?"
echo '"x"' | jq '.[]'; echo "rc=$?"
jq -n '{} | keys | .[0] + 1, (1 - "a")'; echo "rc=$?"
jq -n '[1] | implode, ("a" | implode)'; echo "rc=$?"
jq -n '.a |'; echo "rc=$?"
jq -n '}'; echo "rc=$?"
jq -n 'foo(1) | $x'; echo "rc=$?"
jq -n '[leaf_paths]'; echo "rc=$?" # 1.7: removed (NEWS.md)
jq -n '{(1): 2}'; echo "rc=$?"
echo '{"a":1,}' | jq .; echo "rc=$?"
echo 'abc' | jq .; echo "rc=$?"
printf '1\n{"a":\n' | jq -c .; echo "rc=$?"
echo '"x"' | jq '.a'; echo "rc=$?"
jq -e -n 'null'; echo "rc=$?"
jq -e -n 'empty'; echo "rc=$?"
jq -e -n '1, false'; echo "rc=$?"
jq -n '"bye\n" | halt_error'; echo "rc=$?"
jq -n '{"a":1} | halt_error(3)'; echo "rc=$?"
jq -n '1, halt, 2'; echo "rc=$?"
jq . nofile.json; echo "rc=$?"
echo '{"k":"v"}' > f.json; jq -r .k f.json; jq -c '{k}' f.json f.json
jq -Z .; echo "rc=$?"
jq --indent 9 .; echo "rc=$?"
jq --version
# The playground's limits (real jq would run on or exhaust memory): each ends the program with a message saying so.
jq -n 'def f: f; f'; echo "rc=$?"
jq -n 'def f: [f]; f'; echo "rc=$?"
jq -n '[range(1e9)] | length'; echo "rc=$?"
jq -n '[repeat(1)] | length'; echo "rc=$?"
jq -n -c '[limit(3; repeat(1))], [limit(3; 1 | while(true; . * 2))]'
jq -n 'reduce range(5000) as $i (null; [.]) | length'; echo "rc=$?"
jq -n '"[" * 401 | fromjson' 2>&1 | cut -c 1-120; echo "rc=$?"
jq -n '"x" * 1e9 | length'; echo "rc=$?"
jq -n 'last(range(1e6))'
echo '.a + $x[0].b + ($t | length)' > prog.jq; echo '{"b": 10}' > x.json; echo '{"a": 1}' | jq --slurpfile x x.json --rawfile t prog.jq -f prog.jq
jq --slurpfile x nothing.json -n 1; echo "rc=$?"
jq -f nothing.jq; echo "rc=$?"
jq -r -a -n '"é", 1'
jq -n 'reduce range(40) as $i ("x"; . + .) | length'; echo "rc=$?"
jq -n 'reduce range(40) as $i ([1]; . + .) | length'; echo "rc=$?"
jq -n '.[1e7] = 1'; echo "rc=$?"
jq -n -c '.a = null // 1, (.a |= . // 1), ({"a":1} | .a += 1 // 5), (1 + label $f | 2)'
jq -n -c '.a = .b = 1'; echo "rc=$?"
