# Sourced by ./x build, ./x serve and scripts/test.sh before `trunk build --release`: the page's wasm is built
# with a pinned nightly that rebuilds std for size and aborts on panic at once (no panic messages, locations or
# unwinding-free formatting code in the page: about 7 % of the wasm). Native builds and the tests' own wasm builds
# stay on stable. scripts/setup.sh installs the toolchain, its std sources and the wasm32 target.
# A Rust panic in the page is then a wasm trap, `RuntimeError: unreachable`; index.html shows the banner for it.
export STSPLAY_NIGHTLY=nightly-2026-05-20
export RUSTUP_TOOLCHAIN=$STSPLAY_NIGHTLY
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none"
