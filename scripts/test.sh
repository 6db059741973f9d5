#!/usr/bin/env bash
# Every test, in three layers: native core tests, component tests in headless Chromium
# (wasm-bindgen-test), and end-to-end tests of the release build (playwright-core + Debian Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
scripts/setup.sh

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "format and lints"
cargo fmt --check
cargo clippy --all-targets --quiet -- -D warnings
cargo clippy --lib --target wasm32-unknown-unknown --quiet -- -D warnings

step "native tests (cargo test)"
cargo test --quiet

step "component tests (wasm-bindgen-test in headless Chromium)"
CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 \
  cargo test --target wasm32-unknown-unknown --test wasm

step "release build (trunk, pinned nightly: scripts/release-env.sh)"
(source scripts/release-env.sh && trunk build --release)
node scripts/size.mjs dist
node scripts/wasm-cost.mjs

step "end-to-end tests (playwright-core, Chromium, release build)"
node --test --test-concurrency=1 tests/e2e/
