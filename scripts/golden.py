#!/usr/bin/env python3
"""Regenerates tests/golden/out/ from real Helm: for every line of tests/golden/cases.txt it runs
`helm template ARGS...` in the repository root and records the exit code, standard output and standard
error byte for byte. tests/golden.rs runs `stsplay template` with the same arguments and compares.

Needs the real helm binary, pinned to v4.3.1 (default /work/tools/bin/helm/helm, or $HELM / --helm).
CI does not run this; only regeneration needs helm.

Absolute paths under the repository are recorded as `{ROOT}` (tests/golden.rs puts its own root back).

cases.txt: one case a line, `NAME  ARGS...` (ARGS split like a POSIX shell); `#` starts a comment.

Packaged charts the cases read are made first with the same helm (`helm package SRC -d DEST`, PACKAGES):
a .tgz of its own for the `template CHART.tgz` cases and subcharts packed into a chart's charts/."""
import argparse, os, shlex, subprocess, sys

HELM_VERSION = "v4.3.1"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLDEN = os.path.join(ROOT, "tests", "golden")


# (chart directory, where `helm package` writes its .tgz), relative to the repository root.
PACKAGES = [
    ("tests/golden/charts/mychart", "tests/golden/packaged"),
    ("tests/golden/charts/umbrella", "tests/golden/packaged"),
    ("tests/golden/charts/deps-undeclared/charts/child", "tests/golden/charts/with-tgz-sub/charts"),
    ("tests/golden/charts/umbrella/charts/cache", "tests/golden/charts/with-tgz-sub/charts"),
]


def package(helm, env):
    for src, dest in PACKAGES:
        os.makedirs(os.path.join(ROOT, dest), exist_ok=True)
        subprocess.run([helm, "package", src, "-d", dest], cwd=ROOT, env=env, check=True, capture_output=True)


def read_cases():
    cases = []
    with open(os.path.join(GOLDEN, "cases.txt")) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            name, *args = shlex.split(line)
            cases.append((name, args))
    return cases


def record(code, out, err):
    # Helm prints chart paths made absolute; the checkout's location is not part of the behaviour.
    root = ROOT.encode()
    out, err = out.replace(root, b"{ROOT}"), err.replace(root, b"{ROOT}")
    return (f"exit {code}\n--- stdout {len(out)} bytes\n").encode() + out + \
        (f"\n--- stderr {len(err)} bytes\n").encode() + err + b"\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--helm", default=os.environ.get("HELM", "/work/tools/bin/helm/helm"))
    ap.add_argument("names", nargs="*", help="only these cases")
    a = ap.parse_args()
    ver = subprocess.run([a.helm, "version", "--template", "{{.Version}}"], capture_output=True, text=True).stdout.strip()
    if ver != HELM_VERSION:
        sys.exit(f"golden files are pinned to helm {HELM_VERSION}; {a.helm} is {ver!r}")
    out_dir = os.path.join(GOLDEN, "out")
    os.makedirs(out_dir, exist_ok=True)
    cases = read_cases()
    names = {n for n, _ in cases}
    for f in os.listdir(out_dir):
        if f.endswith(".golden") and f[:-7] not in names:
            os.remove(os.path.join(out_dir, f))
    env = dict(os.environ, HELM_CACHE_HOME="/tmp/stsplay-golden-helm/cache",
               HELM_CONFIG_HOME="/tmp/stsplay-golden-helm/config", HELM_DATA_HOME="/tmp/stsplay-golden-helm/data")
    package(a.helm, env)
    for name, args in cases:
        if a.names and name not in a.names:
            continue
        p = subprocess.run([a.helm, "template", *args], cwd=ROOT, capture_output=True, env=env)
        with open(os.path.join(out_dir, name + ".golden"), "wb") as f:
            f.write(record(p.returncode, p.stdout, p.stderr))
        print(f"{name}: exit {p.returncode}, {len(p.stdout)} bytes")


if __name__ == "__main__":
    main()
