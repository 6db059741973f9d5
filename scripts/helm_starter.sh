#!/usr/bin/env bash
# Regenerates src/helm/starter/ (what `helm create NAME` writes) from real Helm: the files of a chart created
# with a sentinel name, with the name put back as Helm's own `<CHARTNAME>` placeholder (create.go replaces it
# with the chart name, as src/shell/helm_create.rs does).
# Pinned: Helm v4.3.1 at /work/tools/bin/helm/helm (override with $HELM).
set -euo pipefail
HELM=${HELM:-/work/tools/bin/helm/helm}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sentinel=zzchartnamezz
(cd "$tmp" && "$HELM" create "$sentinel" >/dev/null)
out="$root/src/helm/starter"
rm -rf "$out"
mkdir -p "$out"
(cd "$tmp/$sentinel" && find . -type f | sed 's|^\./||' | sort) | while read -r f; do
  mkdir -p "$out/$(dirname "$f")"
  sed "s/$sentinel/<CHARTNAME>/g" "$tmp/$sentinel/$f" > "$out/$f"
done
# The order Helm writes them in: its overwrite warnings (on standard output in Helm 4) of a second create.
(cd "$tmp" && "$HELM" create "$sentinel" | grep "^WARNING" | sed -E "s|.*/$sentinel/(.*)\" already exists.*|\1|") > "$out/ORDER"
echo "wrote $(wc -l < "$out/ORDER") files to $out"
