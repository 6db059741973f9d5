# Redirections &> and &>>, >&2, for without in (the positional parameters, also in a function).
f() { for x; do echo $x; done; }; f a b
x=1 &>/dev/null; echo hi &>/dev/null; ls nosuch &>/dev/null; echo $?
set -- p q; for y; do echo $y; done; set --
{ echo out; ls nosuch; } &> both.txt; cat both.txt; echo more &>> both.txt; cat both.txt
rm both.txt

# every redirection is opened in order: the overridden files are created (and truncated) too
echo hi >a1 >b1; cat b1; wc -c a1 b1
echo keep >c1; echo new >c1 >>d1; wc -c c1 d1
ls nosuch 2>e1 2>e2; wc -c e1 e2
