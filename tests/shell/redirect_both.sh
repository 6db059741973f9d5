# Redirections &> and &>>, >&2, for without in (the positional parameters, also in a function).
f() { for x; do echo $x; done; }; f a b
x=1 &>/dev/null; echo hi &>/dev/null; ls nosuch &>/dev/null; echo $?
set -- p q; for y; do echo $y; done; set --
{ echo out; ls nosuch; } &> both.txt; cat both.txt; echo more &>> both.txt; cat both.txt
rm both.txt
