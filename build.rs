//! Embeds every file under charts/ so the core (and the wasm page) carries the shipped charts without a
//! filesystem. Generates `$OUT_DIR/charts_embedded.rs`: a sorted table of (path, bytes).
use std::{env, fs, path::Path};

fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
    let Ok(rd) = fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, root, out);
        } else {
            out.push(p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"));
        }
    }
}

fn main() {
    let root = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("charts");
    println!("cargo:rerun-if-changed=charts");
    let mut files = Vec::new();
    walk(&root, &root, &mut files);
    let mut src = String::from("pub static FILES: &[(&str, &[u8])] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed=charts/{f}");
        let abs = root.join(f);
        src.push_str(&format!("    ({:?}, include_bytes!({:?})),\n", f, abs.to_string_lossy()));
    }
    src.push_str("];\n");
    fs::write(Path::new(&env::var("OUT_DIR").unwrap()).join("charts_embedded.rs"), src).unwrap();
}
