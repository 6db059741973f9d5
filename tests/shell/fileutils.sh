# cp, mv, tee, find, diff (normal and -u), less: compared with GNU coreutils 9, findutils and diffutils (diff -u's
# timestamps are the simulated clock's)
cp -r python-time-app my-app
ls my-app
cp python-time-app/values.yaml my-values.yaml
sed -i 's/replicaCount: 2/replicaCount: 3/' my-values.yaml
diff python-time-app/values.yaml my-values.yaml
diff -u python-time-app/values.yaml my-values.yaml
diff python-time-app/values.yaml python-time-app/values.yaml; echo $?
printf 'a\nb\nc\nd\n' > x.txt
printf 'a\nc\nd\ne\n' > y.txt
diff x.txt y.txt
diff -u x.txt y.txt
mv my-values.yaml values-3.yaml
ls *.yaml
cp python-time-app
cp nope.txt z.txt
cp python-time-app dir2
mv x.txt y.txt python-time-app/Chart.yaml
echo hello | tee t1.txt t2.txt
echo more | tee -a t1.txt > /dev/null
cat t1.txt
find my-app -name '*.yaml' -type f | sort
find . -maxdepth 1 -type d | sort
find my-app -type d | sort
find nope
less t1.txt
diff x.txt
