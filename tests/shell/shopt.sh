# shopt as bash 5.2 lists and sets it; nullglob, failglob, dotglob, globstar and extglob in globs, case, [[ ]]
# and ${x#pattern} (compared with bash 5.2: scripts/bash_diff.sh, in a directory of its own)
mkdir gl && cd gl
touch a.txt b.txt .hid c.yaml e.yml
mkdir -p sub/e/f .hd dots
touch sub/x.txt sub/e/y.txt sub/e/f/z.txt .hd/h.txt dots/.a dots/.b
shopt -p nullglob
shopt -s nullglob extglob
shopt -p nullglob extglob
shopt -q nullglob; echo $?
shopt -q dotglob nullglob; echo $?
shopt nullglob dotglob; echo $?
shopt -s
shopt -u | head -3
shopt -s foo; echo $?
shopt -x; echo $?
shopt -su nullglob; echo $?
shopt foo nullglob; echo $?
shopt -o errexit
shopt -po | head -3
shopt -qs; echo $?
shopt -s -o pipefail; shopt -po pipefail; set +o pipefail
shopt -p | tail -2
shopt -u nullglob
echo *.none
shopt -s nullglob
echo *.none; echo "st $?"
x=(*.none); echo "${#x[@]}"
for f in *.none; do echo $f; done; echo "done"
echo [a
shopt -u nullglob; shopt -s failglob
echo *.none
echo "st $?"
echo *.none *.txt; echo next
for f in *.none; do echo $f; done; echo "st $?"
case x in *.none) echo m;; esac; echo "c $?"
shopt -u failglob
printf 'shopt -s failglob\necho *.none\necho "st $?"\nf() { echo *.none; echo in f; }\nf\necho "f $?"\n' > ../fg.sh
bash ../fg.sh; echo "status $?"
echo *
shopt -s dotglob
echo dots/* *hid
echo .*
echo @(.h*|x*)
shopt -u dotglob
echo !(*.txt)
echo *.@(yaml|yml)
echo ?(a).txt *(a|b).txt +(a|b).txt @(a|c).*
echo **
shopt -s globstar
echo **
echo **/*.txt
echo sub/**
echo sub/**/
echo **/
echo **/h.txt
shopt -s dotglob
echo **/h.txt
shopt -u dotglob globstar
p='@(ab|c)'
[[ ab == $p ]] && echo y1
[[ abc == !(*b*) ]] || echo "has b"
[[ web-10 == web-+([0-9]) ]] && echo ordinal
case ab in $p) echo c1;; esac
case web-3 in web-+([0-9])) echo c2;; esac
x=abcabc
echo ${x#@(a|ab)} ${x##+(a|b|c)} ${x//@(b|c)/-}
shopt -u extglob
echo ${x#@(a|ab)}
case ab in $p) echo c3;; *) echo no ext;; esac
bash -c 'shopt extglob expand_aliases'
