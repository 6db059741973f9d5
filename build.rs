//! Embeds every file under charts/ so the core (and the wasm page) carries the shipped charts without a
//! filesystem. Generates `$OUT_DIR/charts_embedded.rs`: a sorted table of (path, bytes).
//! Also embeds the translations (`src/i18n/*.yaml`, `src/lessons/LANG/*.yaml`) as `$OUT_DIR/texts_embedded.rs`,
//! so a new language is a directory of YAML files and no code.
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
    texts();
}

fn texts() {
    let src_dir = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("src");
    let mut files = Vec::new();
    for dir in ["i18n", "lessons"] {
        println!("cargo:rerun-if-changed=src/{dir}");
        walk(&src_dir.join(dir), &src_dir, &mut files);
    }
    // English lessons are the code's own include_str!s; only the files of other languages and UI strings here.
    files.retain(|f| f.ends_with(".yaml") && (f.starts_with("i18n/") || f.matches('/').count() == 2));
    let mut out = String::from("pub static TEXTS: &[(&str, &str)] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed=src/{f}");
        let abs = src_dir.join(f);
        out.push_str(&format!("    ({:?}, include_str!({:?})),\n", f, abs.to_string_lossy()));
    }
    out.push_str("];\n");
    fs::write(Path::new(&env::var("OUT_DIR").unwrap()).join("texts_embedded.rs"), out).unwrap();
}
