# Sourced by ./x build, ./x serve and scripts/test.sh before `trunk build --release`: the page's wasm is built
# with a pinned nightly that rebuilds std for size and aborts on panic at once (no panic messages, locations or
# panic formatting in the page: about 7 % of the wasm). Native builds and the tests' own wasm builds
# stay on stable. scripts/setup.sh installs the toolchain, its std sources and the wasm32 target.
# A Rust panic in the page is then a wasm trap, `RuntimeError: unreachable`; index.html shows the banner for it.
export STSPLAY_NIGHTLY=nightly-2026-05-20
export RUSTUP_TOOLCHAIN=$STSPLAY_NIGHTLY
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
# The page is optimised for size; Cargo.toml's release profile (opt-level 3) is for native speed.
export CARGO_PROFILE_RELEASE_OPT_LEVEL=z
# std's smaller algorithms (sorts, BTreeMap search, integer formatting): -4.7 KB brotli.
export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
# Keeps the wasm's custom sections for wasm-bindgen (its target_features warning) and function names for size
# analysis in target/; wasm-opt drops names from the shipped file, whose size is the same.
export CARGO_PROFILE_RELEASE_STRIP=false
# erase_components: Leptos type-erases every component's view (AnyView) instead of nesting each one's concrete
# type into its parent's, so the page has far fewer distinct build/rebuild/mount instances: -5.6 KB brotli.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none --cfg erase_components"
