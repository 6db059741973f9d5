#!/usr/bin/env python3
"""Differential fuzzer: random `${...}` parameter expansions typed into interactive bash 5.2 and into `stsplay run`.

Each case is a few lines: variables set to awkward values (spaces, globs, `&`, quotes, empty, unset, arrays), then
`printf '[%s]\n'` of random expansions (so field splitting shows), unquoted and quoted. Both transcripts must be
equal line for line (scripts/bash_diff.sh's comparison). A case is reproducible from (seed, index).

Oracle: /bin/bash. Candidate: $STSPLAY or target/debug/stsplay.

What it found (2026-11-26, seeds 1-21, about 1,700 cases; each now a line of tests/shell/params_edges.sh): a case
change of `$?`/`$#`/`$-` and `${#%}`/`${#+}` are bad substitutions (status 1, not a syntax error's 2); `/` on an
unset variable stays empty while a set, empty one matches `*`; `${a[*]/*/X}` replaces an empty item; a list's
substring past its end is empty before a negative length is checked, whose error shows the length as written;
several empty items are not null for `${a[@]:-w}`. Known and left: `$-` has `m` here (the terminal has job control),
so `${#-}` differs; globs see the playground's directory.

Usage: scripts/param_diff_fuzz.py --seed 1 --count 200     # prints each differing case, keeps it in /tmp/pfuzz
"""
import argparse
import os
import random
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VALUES = ["abc", "a b  c", "", "*.gz", "file.tar.gz", "x&y", "it's", 'q"d', "-n", "  lead", "UPPER low", "a/b/c", "ÄÖ"]
NAMES = ["v", "e", "u", "p"]
PATTERNS = ["*", "?", "a", "*.", ".*", "[a-c]", "[[:space:]]*", '"*"', "'a'", "\\*", "$p", '"$p"', "b*c", ""]
WORDS = ["w", "a b", '"a  b"', "'x y'", "$v", '"$v"', "${e:-in}", "$(echo s  t)", "$((1+2))", "~", "", '""', "\\$v"]
OPS = [":-", "-", ":+", "+", ":=", "=", "#", "##", "%", "%%", "/", "//", "/#", "/%", "^", "^^", ",", ",,", "~~",
       ":", "@Q", "@U", "@L", "@u", "@a", "@E"]


def expansion(r):
    name = r.choice(NAMES + ["a[1]", "a[@]", "a[*]", "@", "*", "!r", "#", "?"])
    op = r.choice(OPS + [""] * 3)
    if name == "#" and op == "-":
        op = ":-"  # `${#-}` is the length of `$-`, whose `m` differs without a terminal
    if op in (":-", "-", ":+", "+", ":=", "="):
        if name in ("@", "*", "#", "?", "a[@]", "a[*]") and "=" in op:
            op = ":-"
        return "${%s%s%s}" % (name, op, r.choice(WORDS))
    if op in ("#", "##", "%", "%%", "^", "^^", ",", ",,"):
        return "${%s%s%s}" % (name, op, r.choice(PATTERNS) if op[0] in "#%" or r.random() < 0.5 else "")
    if op.startswith("/"):
        return "${%s%s%s/%s}" % (name, op, r.choice(PATTERNS[:-1]), r.choice(["X", "<&>", '"&"', "", "$v", "\\&"]))
    if op == ":":
        return "${%s:%s%s}" % (name, r.choice(["0", "1", " -2", "5", "1+1", "-1"]), r.choice(["", ":2", ": -1", ":0", ":9"]))
    if name == "#":
        return "${#%s}" % r.choice(NAMES + ["a[@]", "a"])
    return "${%s%s}" % (name, op)


def case(seed, i):
    r = random.Random(seed * 100003 + i)
    lines = []
    for n in NAMES[:3]:
        lines.append("%s=%s" % (n, "'" + r.choice(VALUES).replace("'", "'\\''") + "'"))
    lines.append("unset u; p='%s'; r=v" % r.choice(["*", "a", "?", "[ab]"]))
    lines.append("a=('%s' '%s' '')" % tuple(r.choice(VALUES).replace("'", "") for _ in range(2)))
    lines.append("set -- '%s' b" % r.choice(VALUES).replace("'", ""))
    for _ in range(4):
        e = expansion(r)
        lines.append("printf '[%%s]' %s \"%s\"; echo" % (e, e))
    lines.append("unset u")
    return "\n".join(lines) + "\n"


def run_bash(script):
    rc = "/tmp/pfuzz/rc"
    with open(rc, "w") as f:
        f.write("PS1='$ '; PS2='> '\n")
    env = {"HOME": "/home/learner", "PATH": "/usr/bin:/bin", "TERM": "dumb", "COLUMNS": "5000", "LANG": "C.UTF-8"}
    # stdout and stderr interleave on one terminal: compare the merged pipe instead
    out = subprocess.run("bash --rcfile %s -i 2>&1" % rc, shell=True, input=script.encode(), capture_output=True,
                         env=env, cwd="/tmp/pfuzz/cwd", timeout=20).stdout.decode(errors="replace")
    keep = [l for l in out.split("\n") if not l.startswith(("bash: cannot set terminal", "bash: no job control"))]
    if keep and keep[-1] == "":
        keep.pop()
    if keep and keep[-1] == "$ exit":
        keep.pop()
    return "\n".join(keep)


def run_stsplay(script, path):
    binary = os.environ.get("STSPLAY", os.path.join(ROOT, "target/debug/stsplay"))
    out = subprocess.run([binary, "run", path], capture_output=True, timeout=20)
    return (out.stdout + out.stderr).decode(errors="replace").rstrip("\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--only", type=int)
    a = ap.parse_args()
    # the playground's working directory holds these two charts; globs must see the same names
    for d in ("python-time-app", "scala-time-app"):
        os.makedirs("/tmp/pfuzz/cwd/" + d, exist_ok=True)
    bad = 0
    for i in [a.only] if a.only is not None else range(a.count):
        script = case(a.seed, i)
        path = "/tmp/pfuzz/case_%d_%d.sh" % (a.seed, i)
        with open(path, "w") as f:
            f.write(script)
        want, got = run_bash(script), run_stsplay(script, path)
        if want != got:
            bad += 1
            print("== seed %d case %d (%s)" % (a.seed, i, path))
            for w, g in zip(want.split("\n"), got.split("\n")):
                if w != g:
                    print("  bash:    %s\n  stsplay: %s" % (w, g))
                    break
    print("%d of %d cases differ" % (bad, 1 if a.only is not None else a.count))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
