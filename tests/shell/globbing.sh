# Pathname expansion as bash 5.2 does it (no nullglob, no dotglob, globskipdots): compared with bash on a copy of the
# charts (the kubectl and ~ lines by reading bash's and kubectl 1.37.1's rules)
echo *
echo python-time-app/*.yaml
echo */Chart.yaml
echo "*"
echo '*.yaml' *.md
x='python-time-app/*.md'; echo $x; echo "$x"
cd python-time-app; echo *.yaml; echo templates/*.yaml; echo .*; echo */; echo t?mplates; echo [cv]*
echo nomatch*
for f in templates/s*.yaml; do echo "file: $f"; done
ls templates/t*
cat templates/tests/*.yaml | head -3
wc -l templates/*.yaml
cd ..
kubectl apply -f python-time-app/templates/*.yaml 2>&1 | head -2
a=(python-time-app/*); echo ${#a[@]}
echo ~/*-app
set -f; echo * "python-time-app/*"; for f in python-time-app/*.md; do echo "$f"; done; set +f; echo python-time-app/*.md
set -o noglob; a=(*); echo ${#a[@]} $a; set +o noglob; a=(*); echo ${#a[@]}
