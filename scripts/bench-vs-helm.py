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
m = re.search(r"median\s+([\d.]+) (µs|ms)", out)
if not m:
    sys.exit(f"could not read stsplay's median from:\n{out}")
if "error:" in out:
    sys.exit("stsplay's render failed, no ratio to report:\n" + out)
ours_us = float(m.group(1)) * (1000 if m.group(2) == "ms" else 1)
print(f"render {chart_dir}: real Helm (Go SDK) median {helm_us:.1f} µs over {len(times)} runs; "
      f"stsplay median {ours_us:.1f} µs; stsplay is {helm_us / ours_us:.1f}x {'faster' if ours_us < helm_us else 'slower'}")
