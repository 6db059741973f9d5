//! The browser entry point, built by Trunk for wasm32.

#[cfg(target_arch = "wasm32")]
fn main() {
    stsplay::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("stsplay-web is the browser build; serve it with `./x serve`.");
}
