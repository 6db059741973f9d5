# sha256sum, stat -c and du as GNU coreutils 9.1 prints them for the same files on ext4 (diffed with
# scripts/bash_diff.sh; the files are made in w/, as the playground's directory holds the charts).
mkdir w; cd w
printf 'hello\n' > a.txt; : > empty; mkdir d; printf 'x' > d/f
sha256sum a.txt empty
echo hi | sha256sum
sha256sum nosuch d a.txt; echo rc=$?
sha256sum - < a.txt
printf 'x' > 'b\c'; sha256sum 'b\c'
sha256sum -x; echo rc=$?
stat -c '%s %n %F' a.txt empty d
stat -c %s nosuch; echo rc=$?
stat; echo rc=$?
stat --printf='%s|%n\n' a.txt d
du -sh .; du -s .; du; du -h
du -sh d a.txt; du -s d nosuch; echo rc=$?
mkdir -p big/sub; head -c 5000000 /dev/zero > big/z 2>/dev/null || printf '%5000000s' '' > big/z; du -sh big; du -h big/z; du big
printf '%10300s' '' > m; du -h m; du -sh d/
