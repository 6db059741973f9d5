//! Packaged charts (`NAME-VERSION.tgz`): gzip + tar read as Helm's `archive.LoadArchiveFiles` does (path
//! checks, size limits, byte order marks stripped, its error texts), and written back for a download.
//!
//! Inflate and the tar reader are our own (RFC 1951/1952 and the ustar/PAX/GNU formats Go's
//! `archive/tar` reads) rather than `miniz_oxide`/`flate2` + `tar`: together they are a few hundred lines
//! and a few KB of wasm, with no new dependency for the page, and errors can be worded as Go words them.
//! Writing uses stored (uncompressed) deflate blocks: every gzip reader accepts them, and a chart is small.

use super::chart::Chart;

/// Helm's `MaxDecompressedChartSize` and `MaxDecompressedFileSize`.
const MAX_CHART: usize = 100 * 1024 * 1024;
const MAX_FILE: usize = 5 * 1024 * 1024;

// ---- inflate (RFC 1951) ----

struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
    bit: u32,
    nbits: u32,
}

impl Bits<'_> {
    fn corrupt(&self) -> String {
        format!("flate: corrupt input before offset {}", self.pos)
    }
    fn need(&mut self, n: u32) -> Result<u32, String> {
        while self.nbits < n {
            let Some(b) = self.data.get(self.pos) else { return Err("unexpected EOF".into()) };
            self.bit |= (*b as u32) << self.nbits;
            self.pos += 1;
            self.nbits += 8;
        }
        let v = self.bit & ((1u32 << n) - 1);
        self.bit >>= n;
        self.nbits -= n;
        Ok(v)
    }
}

/// A canonical Huffman code: how many codes of each length, and the symbols in code order.
struct Huffman {
    counts: [u16; 16],
    symbols: Vec<u16>,
}

impl Huffman {
    fn new(lengths: &[u8]) -> Option<Huffman> {
        let mut counts = [0u16; 16];
        for &l in lengths {
            counts[l as usize] += 1;
        }
        counts[0] = 0;
        // Over-subscribed codes are corrupt; incomplete ones are allowed (a single distance code).
        let mut left: i32 = 1;
        for c in &counts[1..] {
            left = (left << 1) - *c as i32;
            if left < 0 {
                return None;
            }
        }
        let mut offs = [0u16; 16];
        for l in 1..15 {
            offs[l + 1] = offs[l] + counts[l];
        }
        let mut symbols = vec![0u16; lengths.len()];
        for (sym, &l) in lengths.iter().enumerate() {
            if l != 0 {
                symbols[offs[l as usize] as usize] = sym as u16;
                offs[l as usize] += 1;
            }
        }
        Some(Huffman { counts, symbols })
    }

    fn decode(&self, b: &mut Bits) -> Result<u16, String> {
        let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
        for len in 1..16 {
            code |= b.need(1)? as i32;
            let count = self.counts[len] as i32;
            if code - first < count {
                return self.symbols.get((index + code - first) as usize).copied().ok_or_else(|| b.corrupt());
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        Err(b.corrupt())
    }
}

const LEN_BASE: [u16; 29] =
    [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LEN_EXTRA: [u8; 29] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
    8193, 12289, 16385, 24577,
];
const DIST_EXTRA: [u8; 30] =
    [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

fn codes(b: &mut Bits, out: &mut Vec<u8>, lit: &Huffman, dist: &Huffman, limit: usize) -> Result<(), String> {
    loop {
        let sym = lit.decode(b)? as usize;
        match sym {
            0..=255 => out.push(sym as u8),
            256 => return Ok(()),
            257..=285 => {
                let i = sym - 257;
                let len = LEN_BASE[i] as usize + b.need(LEN_EXTRA[i] as u32)? as usize;
                let d = dist.decode(b)? as usize;
                if d >= 30 {
                    return Err(b.corrupt());
                }
                let back = DIST_BASE[d] as usize + b.need(DIST_EXTRA[d] as u32)? as usize;
                if back > out.len() {
                    return Err(b.corrupt());
                }
                let start = out.len() - back;
                for k in 0..len {
                    out.push(out[start + k]);
                }
            }
            _ => return Err(b.corrupt()),
        }
        if out.len() > limit {
            return Err(format!("decompressed chart is larger than the maximum size {MAX_CHART}"));
        }
    }
}

/// Raw deflate data; returns the bytes and how many input bytes the stream used.
fn inflate(data: &[u8], limit: usize) -> Result<(Vec<u8>, usize), String> {
    let mut b = Bits { data, pos: 0, bit: 0, nbits: 0 };
    let mut out = Vec::new();
    loop {
        let last = b.need(1)?;
        match b.need(2)? {
            0 => {
                b.bit = 0;
                b.nbits = 0;
                let hdr = data.get(b.pos..b.pos + 4).ok_or("unexpected EOF")?;
                let len = u16::from_le_bytes([hdr[0], hdr[1]]) as usize;
                if len != !u16::from_le_bytes([hdr[2], hdr[3]]) as usize {
                    return Err(b.corrupt());
                }
                b.pos += 4;
                let block = data.get(b.pos..b.pos + len).ok_or("unexpected EOF")?;
                out.extend_from_slice(block);
                b.pos += len;
                if out.len() > limit {
                    return Err(format!("decompressed chart is larger than the maximum size {MAX_CHART}"));
                }
            }
            1 => {
                let mut l = [8u8; 288];
                l[144..256].fill(9);
                l[256..280].fill(7);
                let lit = Huffman::new(&l).expect("fixed code");
                let dist = Huffman::new(&[5u8; 30]).expect("fixed code");
                codes(&mut b, &mut out, &lit, &dist, limit)?;
            }
            2 => {
                let nlen = b.need(5)? as usize + 257;
                let ndist = b.need(5)? as usize + 1;
                let ncode = b.need(4)? as usize + 4;
                if nlen > 286 || ndist > 30 {
                    return Err(b.corrupt());
                }
                const ORDER: [usize; 19] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
                let mut cl = [0u8; 19];
                for &o in &ORDER[..ncode] {
                    cl[o] = b.need(3)? as u8;
                }
                let clh = Huffman::new(&cl).ok_or_else(|| b.corrupt())?;
                let mut lengths = vec![0u8; nlen + ndist];
                let mut i = 0;
                while i < nlen + ndist {
                    let sym = clh.decode(&mut b)?;
                    let (val, rep) = match sym {
                        0..=15 => (sym as u8, 1),
                        16 => {
                            let prev = *lengths.get(i.wrapping_sub(1)).ok_or_else(|| b.corrupt())?;
                            (prev, 3 + b.need(2)? as usize)
                        }
                        17 => (0, 3 + b.need(3)? as usize),
                        _ => (0, 11 + b.need(7)? as usize),
                    };
                    if i + rep > nlen + ndist {
                        return Err(b.corrupt());
                    }
                    lengths[i..i + rep].fill(val);
                    i += rep;
                }
                if lengths[256] == 0 {
                    return Err(b.corrupt());
                }
                let lit = Huffman::new(&lengths[..nlen]).ok_or_else(|| b.corrupt())?;
                let dist = Huffman::new(&lengths[nlen..]).ok_or_else(|| b.corrupt())?;
                codes(&mut b, &mut out, &lit, &dist, limit)?;
            }
            _ => return Err(b.corrupt()),
        }
        if last == 1 {
            return Ok((out, b.pos));
        }
    }
}

fn crc32(data: &[u8]) -> u32 {
    let mut table = [0u32; 256];
    for (i, t) in table.iter_mut().enumerate() {
        let mut c = i as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
        }
        *t = c;
    }
    let mut c = !0u32;
    for &b in data {
        c = table[((c ^ b as u32) & 0xff) as usize] ^ (c >> 8);
    }
    !c
}

/// Go's `gzip.Reader` as the tar reader drives it: the tar stream ends at its end-of-archive blocks, before
/// the gzip trailer is read, so Helm never sees a bad CRC-32 or a missing trailer; neither do we.
pub fn gunzip(data: &[u8]) -> Result<Vec<u8>, String> {
    if data.len() < 10 {
        return Err(if data.is_empty() { "EOF" } else { "unexpected EOF" }.into());
    }
    if data[0] != 0x1f || data[1] != 0x8b || data[2] != 8 {
        return Err("gzip: invalid header".into());
    }
    let flags = data[3];
    let mut p = 10;
    if flags & 4 != 0 {
        let n = data.get(p..p + 2).map(|x| u16::from_le_bytes([x[0], x[1]]) as usize).ok_or("unexpected EOF")?;
        p += 2 + n;
    }
    for bit in [8u8, 16] {
        if flags & bit != 0 {
            let end = data.get(p..).and_then(|r| r.iter().position(|b| *b == 0)).ok_or("unexpected EOF")?;
            p += end + 1;
        }
    }
    if flags & 2 != 0 {
        p += 2;
    }
    let body = data.get(p..).ok_or("unexpected EOF")?;
    Ok(inflate(body, MAX_CHART + MAX_FILE)?.0)
}

// ---- tar ----

struct Entry {
    name: String,
    kind: u8,
    data: Vec<u8>,
}

fn octal(field: &[u8]) -> Result<usize, String> {
    if field.first().is_some_and(|b| b & 0x80 != 0) {
        // GNU base-256
        let mut n: usize = 0;
        for (i, b) in field.iter().enumerate() {
            let b = if i == 0 { b & 0x7f } else { *b };
            n = n.checked_mul(256).and_then(|n| n.checked_add(b as usize)).ok_or("archive/tar: invalid tar header")?;
        }
        return Ok(n);
    }
    let s: String = field.iter().take_while(|b| **b != 0).map(|b| *b as char).collect();
    let s = s.trim_matches(' ');
    if s.is_empty() {
        return Ok(0);
    }
    usize::from_str_radix(s, 8).map_err(|_| "archive/tar: invalid tar header".to_string())
}

fn cstr(field: &[u8]) -> String {
    String::from_utf8_lossy(&field[..field.iter().position(|b| *b == 0).unwrap_or(field.len())]).into_owned()
}

/// The entries of a tar stream as Go's `archive/tar` reads them (PAX `path` and GNU long names applied).
fn untar(data: &[u8]) -> Result<Vec<Entry>, String> {
    let mut out = Vec::new();
    let mut p = 0;
    let mut long_name: Option<String> = None;
    let mut total = 0usize;
    while p + 512 <= data.len() {
        let h = &data[p..p + 512];
        if h.iter().all(|b| *b == 0) {
            break;
        }
        let sum: u32 = h.iter().enumerate().map(|(i, b)| if (148..156).contains(&i) { 32 } else { *b as u32 }).sum();
        if octal(&h[148..156])? != sum as usize {
            return Err("archive/tar: invalid tar header".into());
        }
        let size = octal(&h[124..136])?;
        let kind = h[156];
        let mut name = cstr(&h[0..100]);
        if &h[257..262] == b"ustar" {
            let prefix = cstr(&h[345..500]);
            if !prefix.is_empty() && &h[257..263] == b"ustar\0" {
                name = format!("{prefix}/{name}");
            }
        }
        p += 512;
        let end = p.checked_add(size).ok_or("unexpected EOF")?;
        let body = data.get(p..end).ok_or("unexpected EOF")?;
        p += size.div_ceil(512) * 512;
        match kind {
            b'x' => {
                // PAX records: "LEN key=value\n"
                let text = String::from_utf8_lossy(body);
                for rec in text.split_inclusive('\n') {
                    if let Some((_, kv)) = rec.split_once(' ') {
                        if let Some(path) = kv.strip_prefix("path=") {
                            long_name = Some(path.trim_end_matches('\n').to_string());
                        }
                    }
                }
                continue;
            }
            b'g' => continue,
            b'L' => {
                long_name = Some(cstr(body));
                continue;
            }
            _ => {}
        }
        if let Some(n) = long_name.take() {
            name = n;
        }
        total += size;
        if size > MAX_FILE && kind != b'5' {
            return Err(format!("decompressed chart file {name:?} is larger than the maximum file size {MAX_FILE}"));
        }
        if total >= MAX_CHART {
            return Err(format!("decompressed chart is larger than the maximum size {MAX_CHART}"));
        }
        out.push(Entry { name, kind, data: body.to_vec() });
    }
    if p + 512 > data.len() && p < data.len() {
        return Err("unexpected EOF".into());
    }
    Ok(out)
}

/// Go's `path.Clean`.
fn clean(p: &str) -> String {
    let rooted = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

/// `archive.LoadArchiveFiles`: the chart's files (the archive's top directory stripped), in archive order.
pub fn load_archive_files(data: &[u8]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let tar = gunzip(data)?;
    let mut files = Vec::new();
    for e in untar(&tar)? {
        // Directories and extension headers carry no file.
        if e.kind == b'5' || e.name.ends_with('/') && matches!(e.kind, b'0' | 0) {
            continue;
        }
        let delim = if e.name.contains('\\') { '\\' } else { '/' };
        let parts: Vec<&str> = e.name.split(delim).collect();
        let n = parts[1..].join("/");
        if n.starts_with('/') {
            return Err("chart illegally contains absolute paths".into());
        }
        let n = clean(&n);
        if n == "." {
            return Err(format!("chart illegally contains content outside the base directory: {:?}", e.name));
        }
        if n.starts_with("..") {
            return Err("chart illegally references parent directory".into());
        }
        let b = n.as_bytes();
        if b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && b[2] == b'/' {
            return Err("chart contains illegally named files".into());
        }
        if parts[0] == "Chart.yaml" {
            return Err("chart yaml not in base directory".into());
        }
        let data = e.data.strip_prefix(b"\xEF\xBB\xBF".as_slice()).map(<[u8]>::to_vec).unwrap_or(e.data);
        files.push((n, data));
    }
    if files.is_empty() {
        return Err("no files in chart archive".into());
    }
    Ok(files)
}

/// `loader.LoadArchive`: a packaged chart.
pub fn load_archive(data: &[u8]) -> Result<Chart, String> {
    let files = load_archive_files(data)?;
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
    super::chart::load_files(&refs)
}

/// Go's `http.DetectContentType` for the few kinds a mistaken chart argument is. `EnsureArchive` sniffs a
/// 512-byte buffer, zero-filled past a short file's end, so any file under 512 bytes looks binary.
fn content_type(data: &[u8]) -> &'static str {
    let mut b = data[..data.len().min(512)].to_vec();
    b.resize(512, 0);
    let b = b.as_slice();
    if b.starts_with(b"\x1f\x8b\x08") {
        return "application/x-gzip";
    }
    if b.starts_with(b"PK\x03\x04") {
        return "application/zip";
    }
    if b.starts_with(b"%PDF-") {
        return "application/pdf";
    }
    if b.starts_with(b"\x89PNG\x0D\x0A\x1A\x0A") {
        return "image/png";
    }
    let binary = b.iter().any(|c| matches!(c, 0x00..=0x08 | 0x0B | 0x0E..=0x1A | 0x1C..=0x1F));
    if binary {
        "application/octet-stream"
    } else {
        "text/plain; charset=utf-8"
    }
}

/// `loader.LoadFile`: a chart archive named on the command line (`name` as Helm prints it: absolute).
pub fn load_file(name: &str, data: &[u8]) -> Result<Chart, String> {
    let ct = content_type(data);
    if ct != "application/x-gzip" {
        if name.ends_with(".yml") || name.ends_with(".yaml") {
            return Err(format!("file '{name}' seems to be a YAML file, but expected a gzipped archive"));
        }
        return Err(format!("file '{name}' does not appear to be a gzipped archive; got '{ct}'"));
    }
    let files = load_archive_files(data).map_err(|e| {
        if e == "gzip: invalid header" {
            format!("file '{name}' does not appear to be a valid chart file (details: {e})")
        } else {
            // Helm 4 drops the reason here.
            "unable to load chart archive".to_string()
        }
    })?;
    let Some((_, chart_yaml)) = files.iter().find(|(n, _)| n == "Chart.yaml") else {
        return Err("unable to detect chart version, no Chart.yaml found".into());
    };
    super::chart::check_api_version(chart_yaml)?;
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
    super::chart::load_files(&refs)
}

// ---- writing ----

/// One file's tar headers: a PAX `path` record first when the name fits neither ustar field.
fn tar_entry(name: &str, data: &[u8], mtime: u64, out: &mut Vec<u8>) {
    let fits = name.len() <= 100 || ustar_split(name).is_some();
    if !fits {
        let body = format!(" path={name}\n");
        let mut len = body.len() + 1;
        while format!("{len}{body}").len() != len {
            len += 1;
        }
        let record = format!("{len}{body}");
        let mut h = tar_header("PaxHeader", record.len(), mtime);
        h[156] = b'x';
        let sum: u32 = h.iter().enumerate().map(|(i, b)| if (148..156).contains(&i) { 32 } else { *b as u32 }).sum();
        h[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
        out.extend(h);
        out.extend_from_slice(record.as_bytes());
        out.resize(out.len().div_ceil(512) * 512, 0);
    }
    out.extend(tar_header(name, data.len(), mtime));
    out.extend_from_slice(data);
    out.resize(out.len().div_ceil(512) * 512, 0);
}

/// A long name as ustar's prefix (up to 155 bytes) and name (up to 100), split at a `/`.
fn ustar_split(name: &str) -> Option<(&str, &str)> {
    let i = name.match_indices('/').map(|(i, _)| i).rfind(|i| *i <= 155)?;
    (name.len() - i - 1 <= 100).then(|| (&name[..i], &name[i + 1..]))
}

fn tar_header(name: &str, size: usize, mtime: u64) -> Vec<u8> {
    let mut h = vec![0u8; 512];
    let mut put = |at: usize, s: &[u8]| h[at..at + s.len()].copy_from_slice(s);
    let (prefix, base) = if name.len() > 100 {
        ustar_split(name).unwrap_or_else(|| {
            let mut end = 100;
            while !name.is_char_boundary(end) {
                end -= 1;
            }
            ("", &name[..end])
        })
    } else {
        ("", name)
    };
    put(0, base.as_bytes());
    put(100, b"0000644\0");
    put(108, b"0000000\0");
    put(116, b"0000000\0");
    put(124, format!("{size:011o}\0").as_bytes());
    put(136, format!("{mtime:011o}\0").as_bytes());
    put(148, b"        ");
    put(156, b"0");
    put(257, b"ustar\0");
    put(263, b"00");
    put(345, prefix.as_bytes());
    let sum: u32 = h.iter().map(|b| *b as u32).sum();
    h[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
    h
}

/// A chart directory (relative path → bytes) as a `.tgz` that `helm install`/`helm template` read:
/// every file under `NAME/`, Chart.yaml first as `helm package` writes it, dates at `mtime` (seconds
/// since 1970, so the download is deterministic). Unlike `helm package`, files are stored as they are
/// (Chart.yaml is not re-serialized) and not compressed. `chart::package_chart` applies `.helmignore`.
pub fn package_chart(chart_name: &str, files: &crate::charts::ChartFiles, mtime: u64) -> Vec<u8> {
    let mut tar = Vec::new();
    let mut order: Vec<(&String, &Vec<u8>)> = files.iter().filter(|(p, _)| *p == "Chart.yaml").collect();
    order.extend(files.iter().filter(|(p, _)| *p != "Chart.yaml"));
    for (path, data) in order {
        tar_entry(&format!("{chart_name}/{path}"), data, mtime, &mut tar);
    }
    tar.resize(tar.len() + 1024, 0);
    let mut gz = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    let chunks: Vec<&[u8]> = tar.chunks(0xffff).collect();
    for (i, c) in chunks.iter().enumerate() {
        gz.push(u8::from(i + 1 == chunks.len()));
        gz.extend_from_slice(&(c.len() as u16).to_le_bytes());
        gz.extend_from_slice(&(!(c.len() as u16)).to_le_bytes());
        gz.extend_from_slice(c);
    }
    gz.extend_from_slice(&crc32(&tar).to_le_bytes());
    gz.extend_from_slice(&(tar.len() as u32).to_le_bytes());
    gz
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_then_load_round_trips() {
        let mut files = crate::charts::ChartFiles::new();
        files.insert("Chart.yaml".into(), b"apiVersion: v2\nname: demo\nversion: 1.2.3\n".to_vec());
        files.insert("values.yaml".into(), b"a: 1\n".to_vec());
        let long = format!("templates/{}.yaml", "x".repeat(120));
        files.insert(long.clone(), b"kind: ConfigMap\n".to_vec());
        let tgz = package_chart("demo", &files, 0);
        let got = load_archive_files(&tgz).unwrap();
        let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names[0], "Chart.yaml");
        assert!(names.contains(&long.as_str()));
        let c = load_archive(&tgz).unwrap();
        assert_eq!((c.name.as_str(), c.version.as_str()), ("demo", "1.2.3"));
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn damaged_archives_never_panic() {
        let mut files = crate::charts::ChartFiles::new();
        files.insert("Chart.yaml".into(), b"apiVersion: v2\nname: demo\nversion: 1.2.3\n".to_vec());
        files.insert(format!("templates/{}/x.yaml", "é".repeat(90)), b"kind: ConfigMap\n".to_vec());
        let tgz = package_chart("demo", &files, 0);
        assert!(load_archive(&tgz).is_ok());
        // A seeded walk of byte flips and truncations over the archive and over a real helm package.
        let real = std::fs::read("tests/golden/packaged/mychart-0.1.0.tgz").unwrap_or_default();
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for base in [&tgz, &real] {
            for _ in 0..300 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let mut b = base.to_vec();
                if b.is_empty() {
                    break;
                }
                let at = (seed as usize) % b.len();
                if seed % 3 == 0 {
                    b.truncate(at);
                } else {
                    b[at] ^= (seed >> 32) as u8 | 1;
                }
                let _ = load_archive(&b);
                let _ = load_file("x.tgz", &b);
            }
        }
    }

    #[test]
    fn bad_archives_fail_in_go_words() {
        assert_eq!(gunzip(b"\x1f\x8b\x08\0\0\0\0\0\0\xff\x07").unwrap_err(), "flate: corrupt input before offset 1");
        assert_eq!(content_type(b"plain text\n"), "application/octet-stream");
        assert_eq!(content_type("text\n".repeat(200).as_bytes()), "text/plain; charset=utf-8");
        assert_eq!(gunzip(b"\x1f\x8b\x09\0\0\0\0\0\0\xff").unwrap_err(), "gzip: invalid header");
        assert_eq!(clean("a/../../b"), "../b");
        assert_eq!(clean("./a//b/"), "a/b");
    }
}
