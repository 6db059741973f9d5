#!/usr/bin/env bash
# Runs every cargo-fuzz target for $1 seconds (default 600), one after another, keeping corpora in fuzz/corpus.
# Needs the nightly toolchain; installs cargo-fuzz when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
for t in values_and_set values_schema template shell_line manifest_apply share_link; do
  mkdir -p "fuzz/corpus/$t"
  echo "== fuzz $t for ${secs}s"
  cargo +nightly fuzz run "$t" "fuzz/corpus/$t" -- -max_total_time="$secs" -max_len=4096 -timeout=10 -rss_limit_mb=2048
done
