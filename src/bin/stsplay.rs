//! The `stsplay` command line: a thin shell over `stsplay::cli` that touches the real filesystem.

/// mimalloc rather than the system allocator: see Cargo.toml.
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use std::collections::BTreeMap;
    use std::io::{Read, Write};
    use std::path::Path;

    struct Disk;
    impl stsplay::cli::Host for Disk {
        fn read(&self, path: &str) -> Result<Vec<u8>, String> {
            if path == "-" {
                let mut b = Vec::new();
                std::io::stdin().read_to_end(&mut b).map_err(|e| e.to_string())?;
                return Ok(b);
            }
            std::fs::read(path).map_err(|e| format!("open {path}: {}", io_reason(&e)))
        }
        fn read_dir_tree(&self, path: &str) -> Result<BTreeMap<String, Vec<u8>>, String> {
            fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) -> std::io::Result<()> {
                for e in std::fs::read_dir(dir)? {
                    let p = e?.path();
                    if p.is_dir() {
                        walk(root, &p, out)?;
                    } else {
                        let rel = p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                        out.insert(rel, std::fs::read(&p)?);
                    }
                }
                Ok(())
            }
            let root = Path::new(path);
            if !root.is_dir() {
                return Err(format!("path \"{path}\" not found"));
            }
            let mut out = BTreeMap::new();
            walk(root, root, &mut out).map_err(|e| e.to_string())?;
            Ok(out)
        }
        fn abs(&self, path: &str) -> String {
            Disk::abs_path(path)
        }
    }
    impl Disk {
        fn abs_path(path: &str) -> String {
            if path.starts_with('/') {
                return path.to_string();
            }
            let cwd = std::env::current_dir().map(|d| d.to_string_lossy().into_owned()).unwrap_or_default();
            let mut parts: Vec<&str> = Vec::new();
            for seg in cwd.split('/').chain(path.split('/')) {
                match seg {
                    "" | "." => {}
                    ".." => {
                        parts.pop();
                    }
                    s => parts.push(s),
                }
            }
            format!("/{}", parts.join("/"))
        }
    }
    fn io_reason(e: &std::io::Error) -> &'static str {
        match e.kind() {
            std::io::ErrorKind::NotFound => "no such file or directory",
            std::io::ErrorKind::PermissionDenied => "permission denied",
            _ => "cannot read",
        }
    }

    let args: Vec<String> = std::env::args().skip(1).collect();
    // `serve` runs until killed, so it lives outside the pure `cli::main_with`.
    if args.first().map(String::as_str) == Some("serve") {
        std::process::exit(stsplay::serve::main(&args[1..]));
    }
    let out = stsplay::cli::main_with(&args, &Disk);
    let _ = std::io::stdout().write_all(out.stdout.as_bytes());
    let _ = std::io::stderr().write_all(out.stderr.as_bytes());
    std::process::exit(out.code);
}

#[cfg(target_arch = "wasm32")]
fn main() {}
