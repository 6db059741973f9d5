#!/usr/bin/env python3
"""Regenerates the expected results in tests/template_cases/*.txt from real Helm.

Each case becomes a throwaway chart `c` (release name `release-name`) and is rendered with `helm template`:
- directly as `c/templates/t.yaml`: if Helm fails (other than on the YAML check of the output) the case expects
  that error (Helm's text after `Error: `);
- otherwise wrapped, so that any text survives Helm's YAML check and whitespace trimming byte for byte:
  the case body becomes `define "case"` in `c/templates/_case.tpl` and `t.yaml` is
  `out: {{ include "case" . | toJson }}`; the JSON string is the expected output.
So a successful case must not contain `define` (put definitions in a `#--- file templates/_x.tpl` section).

Pinned: Helm v4.3.1 at /work/tools/bin/helm/helm (override with $HELM).

Case file format (a section's text is the lines up to the next marker, minus the final newline):
    #=== NAME
    #--- values            (optional; values.yaml)
    #--- file PATH         (optional, repeatable; a chart file such as templates/_helpers.tpl or files/a.txt)
    #--- template          (the text of c/templates/t.yaml)
    #--- output | #--- error   (written by this script)

Usage: scripts/golden_template.py [FILE...]   (default: every tests/template_cases/*.txt)
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

HELM = os.environ.get("HELM", "/work/tools/bin/helm/helm")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEBUG_TAIL = "\n\nUse --debug flag to render out invalid YAML\n"


def parse_cases(text):
    cases = []
    cur = None
    sec = None
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    for line in lines:
        if line.startswith("#=== "):
            cur = {"name": line[5:].strip(), "sections": []}
            cases.append(cur)
            sec = None
            continue
        if line.startswith("#--- ") and cur is not None:
            sec = [line[5:].strip(), []]
            cur["sections"].append(sec)
            continue
        if sec is not None:
            sec[1].append(line)
    for c in cases:
        c["sections"] = [(k, "\n".join(v)) for k, v in c["sections"]]
    return cases


def write_cases(path, cases):
    out = []
    for c in cases:
        out.append("#=== " + c["name"])
        for k, v in c["sections"]:
            out.append("#--- " + k)
            out.append(v)
    with open(path, "w", newline="") as f:
        f.write("\n".join(out) + "\n")


def run_helm(chart_dir):
    p = subprocess.run([HELM, "template", chart_dir], capture_output=True, text=True, cwd=os.path.dirname(chart_dir))
    return p.returncode, p.stdout, p.stderr


def make_chart(tmp, case, template, extra_files):
    d = os.path.join(tmp, "c")
    if os.path.exists(d):
        shutil.rmtree(d)
    os.makedirs(os.path.join(d, "templates"))
    with open(os.path.join(d, "Chart.yaml"), "w") as f:
        f.write("apiVersion: v2\nname: c\nversion: 0.1.0\nappVersion: 1.16.0\n")
    values = dict(case["sections"]).get("values", "")
    with open(os.path.join(d, "values.yaml"), "w") as f:
        f.write(values + "\n")
    for path, text in extra_files:
        full = os.path.join(d, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", newline="") as f:
            f.write(text)
    with open(os.path.join(d, "templates", "t.yaml"), "w", newline="") as f:
        f.write(template)
    return d


def expected(tmp, case):
    secs = case["sections"]
    template = next(v for k, v in secs if k == "template")
    files = [(k[5:].strip(), v) for k, v in secs if k.startswith("file ")]
    d = make_chart(tmp, case, template, files)
    rc, out, err = run_helm(d)
    if rc != 0 and not err.startswith("Error: YAML parse error"):
        msg = err
        if msg.startswith("Error: "):
            msg = msg[len("Error: "):]
        if msg.endswith(DEBUG_TAIL):
            msg = msg[: -len(DEBUG_TAIL)]
        return ("error", msg)
    wrapped = files + [("templates/_case.tpl", '{{ define "case" }}' + template + "{{ end }}")]
    d = make_chart(tmp, case, 'out: {{ include "case" . | toJson }}', wrapped)
    rc, out, err = run_helm(d)
    if rc != 0:
        raise SystemExit(f"case {case['name']}: wrapped render failed: {err}")
    marker = "# Source: c/templates/t.yaml\nout: "
    i = out.index(marker) + len(marker)
    line = out[i:].split("\n", 1)[0]
    # Helm removes `<no value>` from a file's output; inside the JSON string it escaped that removal.
    return ("output", json.loads(line).replace("<no value>", ""))


def main():
    files = sys.argv[1:] or sorted(
        os.path.join(ROOT, "tests", "template_cases", f)
        for f in os.listdir(os.path.join(ROOT, "tests", "template_cases"))
        if f.endswith(".txt")
    )
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            with open(path, newline="") as f:
                cases = parse_cases(f.read())
            for c in cases:
                kind, text = expected(tmp, c)
                c["sections"] = [(k, v) for k, v in c["sections"] if k not in ("output", "error")]
                c["sections"].append((kind, text))
            write_cases(path, cases)
            print(f"{os.path.relpath(path, ROOT)}: {len(cases)} cases")


if __name__ == "__main__":
    main()
