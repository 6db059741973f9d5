#!/usr/bin/env python3
"""Regenerate the expected outputs of the function golden cases with real Helm.

Oracle: helm v4.3.1 (the version `stsplay` imitates), found at $HELM or /work/tools/bin/helm/helm.

Case files (tests/funcs_cases/*.txt):

    === case NAME
    TEMPLATE (one or more lines; the final newline is not part of it)
    --- values          (optional: values.yaml for the case)
    YAML
    --- output          (rewritten by this script)
    WHAT HELM PRINTED
    --- error           (instead of output, when Helm failed)
    HELM'S ERROR TEXT

Each case's template becomes `templates/NOTES.txt` of a throwaway chart named `c`, wrapped as `<<TEMPLATE>>`
so that leading and trailing whitespace survive Helm's trimming of the notes; `helm install r ./c
--dry-run=client` renders it without a cluster (NOTES are not parsed as YAML, so any text can be checked).
The Rust side (tests/funcs.rs) wraps the template the same way, so line:col in errors agree. Errors are stored
as Helm prints them after `Error: INSTALLATION FAILED: `.

tests/yaml_emit_cases.txt holds JSON documents; the expected output is `toYaml` of each (sigs.k8s.io/yaml),
rendered by Helm from `fromJson`, and checked against `crate::yaml::to_yaml` by tests/yaml_emit.rs.

Usage: scripts/golden_funcs.py [FILE...]   (default: every case file)
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HELM = os.environ.get("HELM", "/work/tools/bin/helm/helm")


def parse_cases(text):
    """[(name, {section: text})] keeping section order; 'template' is the first section."""
    cases = []
    cur = None
    section = None
    for line in text.split("\n"):
        if line.startswith("=== case "):
            cur = (line[len("=== case ") :].strip(), {})
            cases.append(cur)
            section = "template"
            cur[1][section] = []
            continue
        if cur is None:
            continue
        if line in ("--- values", "--- output", "--- error"):
            section = line[4:]
            cur[1][section] = []
            continue
        cur[1][section].append(line)
    out = []
    for name, secs in cases:
        # Each case ends with one newline and a blank separator line (or the end of the file): the last section
        # loses exactly that one empty line, so outputs that end in newlines keep them.
        last = list(secs)[-1]
        if secs[last] and secs[last][-1] == "":
            secs[last].pop()
        out.append((name, {k: "\n".join(v) for k, v in secs.items()}))
    return out


def render(template, values):
    with tempfile.TemporaryDirectory() as d:
        chart = Path(d) / "c"
        (chart / "templates").mkdir(parents=True)
        (chart / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 0.1.0\n")
        (chart / "values.yaml").write_text(values + "\n" if values else "")
        (chart / "templates" / "NOTES.txt").write_text("<<" + template + ">>")
        p = subprocess.run(
            [HELM, "install", "r", str(chart), "--dry-run=client"],
            capture_output=True,
            text=True,
            # Go cuts strings by byte (trunc, substr): invalid UTF-8 is kept as U+FFFD, as stsplay prints it.
            errors="replace",
            env={"PATH": "/usr/bin:/bin", "HOME": d, "TZ": "UTC"},
        )
        if p.returncode != 0:
            err = p.stderr.rstrip("\n")
            prefix = "Error: INSTALLATION FAILED: "
            if err.startswith(prefix):
                err = err[len(prefix) :]
            return None, err
        notes = p.stdout[p.stdout.index("NOTES:\n") + len("NOTES:\n") :]
        start = notes.index("<<") + 2
        end = notes.rindex(">>")
        return notes[start:end], None


def write_cases(path, cases):
    parts = []
    for name, secs in cases:
        block = "=== case " + name + "\n" + secs["template"] + "\n"
        if "values" in secs:
            block += "--- values\n" + secs["values"] + "\n"
        if "error" in secs:
            block += "--- error\n" + secs["error"] + "\n"
        else:
            block += "--- output\n" + secs.get("output", "") + "\n"
        parts.append(block)
    path.write_text("\n".join(parts))


def regen_funcs(path):
    cases = parse_cases(path.read_text())
    for name, secs in cases:
        out, err = render(secs["template"], secs.get("values"))
        secs.pop("output", None)
        secs.pop("error", None)
        if err is None:
            secs["output"] = out
        else:
            secs["error"] = err
    write_cases(path, cases)
    print(f"{path.relative_to(ROOT)}: {len(cases)} cases")


def regen_yaml(path):
    cases = parse_cases(path.read_text())
    for name, secs in cases:
        doc = secs["template"]
        if "`" in doc:
            sys.exit(f"{name}: the JSON must not contain a backquote")
        out, err = render("{{ toYaml (fromJson `{\"v\": " + doc + "}`).v }}", None)
        if err is not None:
            sys.exit(f"{name}: helm failed: {err}")
        secs["output"] = out
    write_cases(path, cases)
    print(f"{path.relative_to(ROOT)}: {len(cases)} cases")


def main():
    files = [Path(a).resolve() for a in sys.argv[1:]]
    if not files:
        files = sorted((ROOT / "tests" / "funcs_cases").glob("*.txt")) + [ROOT / "tests" / "yaml_emit_cases.txt"]
    for f in files:
        if f.name == "yaml_emit_cases.txt":
            regen_yaml(f)
        else:
            regen_funcs(f)


if __name__ == "__main__":
    main()
