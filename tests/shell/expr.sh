# expr as GNU coreutils 9.1 prints it (diffed with scripts/bash_diff.sh): arithmetic, comparisons, | and &,
# `:` with a basic regex anchored at the start, match/substr/index/length/+, exit statuses 0/1/2, its errors.
t() { expr "$@"; echo "[$?]"; }
t
t 1 + 2
t 7 / 2; t -7 / 2; t -7 % 3; t 10 - -3; t 3 '*' -2; t 10 / 3 / 2
t '(' 1 + 2 ')' '*' 3
t 1 / 0; t 1 % 0; t a + 1; t ' 3' + 1; t 1 +; t 1 2; t '(' 1 + 2; t '(' ; t ')'; t 1 '+' '('
t 3 '<' 10; t 3 '<' a; t abc '<' abd; t abc = abc; t 1 == 01; t 09 = 9; t a '<' B; t 2 '>=' 10; t 1 '!=' 2
t 0 '|' 0; t '' '|' ''; t 5 '|' 0; t '' '|' 5; t 0 '&' 5; t 5 '&' 5; t 5 '&' ''; t x = x '|' 1
t 1 '|' 1 / 0; t 0 '&' 1 / 0
t web-12 : 'web-\([0-9]*\)'; t web-12 : 'web'; t web-12 : 'xweb'; t web-12 : '.*'; t abc : 'x\(.*\)'
t a : '^a'; t '^a' : '^a'; t abc : '[b]'; t abcabc : '\(.*\)c'; t 'é' : '.'; t a : '\('
t length hello; t length 'héllo'; t length; t length length
t substr hello 2 3; t substr hello 0 3; t substr hello 2 10; t substr hello a 1; t substr hello -1 2
t index hello l; t index hello xyz; t index hello ''; t index hello ol
t match abc 'a\(b\)'; t match
t + length; t -- 1 + 1; t ''; t 0; t 00; t -0; t hello
t 99999999999999999999 + 1; t 9223372036854775807 + 1
i=0; while [ "$(expr $i '<' 3)" = 1 ]; do i=$(expr $i + 1); done; echo $i
name=web-3; echo "ordinal $(expr "$name" : '.*-\([0-9]*\)$')"
t abc : 'a\|ab'; t abcd : '\(a\|ab\)\(c\|bcd\)'; t xyz : 'x*'; t aaa : 'a*\(a\)'
