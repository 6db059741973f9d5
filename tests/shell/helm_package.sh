# helm package, helm dependency list/update/build, helm pull and helm show, each line compared with helm v4.3.1
# (run in an empty directory; only Chart.lock's generated time and the resolver address differ)
helm create mychart
helm package mychart
helm package mychart -d out --version 1.2.3 --app-version 9
helm package
helm package nope
helm package mychart/values.yaml
helm package mychart --version notsemver
helm package mychart -d mychart/Chart.yaml
helm package mychart --sign
helm template r out/mychart-1.2.3.tgz --show-only templates/service.yaml
helm show chart out/mychart-1.2.3.tgz
helm dependency list mychart
helm create sub
helm create parent
cat >> parent/Chart.yaml <<'X'
dependencies:
  - name: sub
    version: 0.1.0
    repository: file://../sub
X
helm dependency list parent
helm package parent
helm dependency build parent
cat parent/Chart.lock
helm dependency list parent
helm dependency update parent
helm package parent
helm show chart parent-0.1.0.tgz
sed -i 's/version: 0.1.0/version: ^2.0.0/' parent/Chart.yaml
helm dependency list parent
helm dependency update parent
helm dependency build parent
helm pull bitnami/nginx
helm pull ./mychart
helm pull
helm pull mychart
helm pull oci://registry-1.docker.io/bitnamicharts/nginx
helm dependency list parent extra
helm dep ls nope
helm dependency list mychart/values.yaml
helm show chart mychart
helm show all mychart | head -12
echo "# readme" > mychart/README.md
mkdir -p mychart/crds
printf 'apiVersion: v1\nkind: X\n' > mychart/crds/x.yaml
helm show all mychart | tail -8
helm show readme mychart
helm show crds mychart
helm show values out/mychart-1.2.3.tgz | head -3
helm show chart nope
helm show chart mychart/values.yaml
helm show chart sub/templates
helm package mychart -u
helm package parent -u
sed -i 's/version: ^2.0.0/version: 0.1.0/' parent/Chart.yaml
rm parent/Chart.lock
helm package parent -u -d dist
helm dependency list parent
helm dependency build parent
echo ok
