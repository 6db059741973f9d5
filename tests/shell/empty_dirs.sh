# Empty directories as GNU coreutils 9, findutils 4.9, bash 5.2 and helm 4.3.1 see them (compared with the real
# tools in en_US.UTF-8; ls -l's owner and dates are the playground's)
mkdir d
ls
ls -la d
mkdir d
mkdir a/b
mkdir -p a/b/c
mkdir -pv g/h
mkdir -v e
touch f
mkdir f
mkdir -p f/x
mkdir
mkdir -x
mkdir ''
find a
find . -maxdepth 1 -type d | sort
ls -l
echo */
echo a/*
test -d a/b/c && echo dir
[ -e a/b/c ] && echo exists
cd a/b/c
pwd
ls
cd ../../..
cp e e2
cp -r e e2
cp -r a a2
find a2
mv e2 a2/b
find a2
mv g g2
ls -d g*
rmdir a
rmdir nope
rmdir f
rmdir
rmdir .
rmdir -pv a/b/c
ls
rmdir -p g2/h/
rm d
rm -d d
rm -rv a2
rm -r nope
rm -rf nope; echo $?
rm
rm -f; echo $?
rm -r .
mkdir -p q/w
rm -d q
touch q/w/f
rm q/w/f
ls q q/w
rm -r q
ls
touch e
ls -ld e
rm -r e f
ls
helm create foo
ls foo
ls -la foo
find foo -type d | sort
helm lint foo
helm package foo
ls
cd foo/charts
cd ../..
rmdir foo/charts
ls foo
mkdir -p e/sub
touch e/f
find e -empty | sort
find . -empty -type d
helm template ./e
helm template e
helm lint e
helm package e
helm show chart e
helm dependency list e
helm install x ./e
helm upgrade x e
helm install x ./python-time-app/templates
mkdir d/
touch f
mv d f
cp -r d f
mkdir -p d/./x/../y
find d | sort
mv d d/x
cp -r d d/y
mv f d/
ls d
rmdir d/x/
rm -r d/
ls
mkdir -p a/b
cd a
mkdir ../c
rmdir b ../c
ls ..
rmdir ../a
cd ..
rmdir a
touch a
mkdir -p a
mkdir e
bash e; echo "status $?"
source e
head e; echo "status $?"
tail e; echo "status $?"
wc e; echo "status $?"
wc -l python-time-app python-time-app/Chart.yaml
wc nope python-time-app/Chart.yaml
sed s/a/b/ e; echo "status $?"
sed -i s/a/b/ e; echo "status $?"
cat e; echo "status $?"
sort python-time-app/Chart.yaml e | head -1; echo "status $?"
uniq e
tac e
awk 1 e; echo "status $?"
mkdir -p r/b/c
touch r/f r/b/.h
ls -R r
ls -Ra r
ls -R r/f r
