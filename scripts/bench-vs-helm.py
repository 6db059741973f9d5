#!/usr/bin/env python3
"""Times the same chart render in real Helm (helm-python-sdk: Helm 4's Go SDK, render call only, after
load) and in stsplay (benches/core.rs, same chart, same release), in one run, and prints the ratio.

Usage: scripts/bench-vs-helm.py [CHART_DIR]   (needs `pip install helm-python-sdk`; ./x bench-helm sets up a venv)
"""
import re
import statistics
import subprocess
import sys
import time

chart_dir = sys.argv[1] if len(sys.argv) > 1 else "charts/python-time-app"
try:
    from helm_python import chart as helm_chart
except ImportError:
    sys.exit("helm-python-sdk is not installed: pip install helm-python-sdk")

c = helm_chart.Chart.load(chart_dir)
c.render({}, name="python-stateful", namespace="default", is_install=True)  # warm up
times = []
deadline = time.perf_counter() + 3.0
while len(times) < 20 or (time.perf_counter() < deadline and len(times) < 2000):
    t = time.perf_counter()
    c.render({}, name="python-stateful", namespace="default", is_install=True)
    times.append(time.perf_counter() - t)
helm_us = statistics.median(times) * 1e6

out = subprocess.run(
    ["cargo", "bench", "-q", "--bench", "core", "--", "render: shipped"],
    check=True, capture_output=True, text=True,
).stdout
if "error:" in out:
    sys.exit("stsplay's render failed, no ratio to report:\n" + out)


def median_us(label):
    """stsplay's median for the bench line whose name ends with `label`."""
    m = re.search(re.escape(label) + r"\s+median\s+([\d.]+) (µs|ms)", out)
    if not m:
        sys.exit(f"could not read stsplay's median for {label!r} from:\n{out}")
    return float(m.group(1)) * (1000 if m.group(2) == "ms" else 1)


# Warm: what the page does on every keystroke (unchanged templates and values.yaml come from stsplay's
# caches); first render: caches cleared, chart load included (Helm's number excludes its load).
for label, name in [("warm", "shipped python-time-app chart"),
                    ("first render", "shipped python-time-app chart, first render (caches cleared)")]:
    ours_us = median_us(name)
    print(f"render {chart_dir} ({label}): real Helm (Go SDK) median {helm_us:.1f} µs over {len(times)} runs; "
          f"stsplay median {ours_us:.1f} µs; stsplay is "
          f"{max(helm_us, ours_us) / min(helm_us, ours_us):.1f}x {'faster' if ours_us < helm_us else 'slower'}")
