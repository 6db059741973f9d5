//! The edited chart as a `.tgz` that `helm install` accepts, as `helm package` lays it out: one top directory
//! named after the chart, `NAME-VERSION.tgz`. Written by hand because it is tiny: a ustar archive (POSIX
//! headers, 512-byte blocks) inside gzip whose deflate stream uses stored (uncompressed) blocks, so no
//! compressor ships in the page. The archive is a little larger than `helm package`'s; Helm reads it the same.
//! Deterministic: every entry is dated at the simulated cluster's epoch, owned by root, mode 0644.

use std::collections::BTreeMap;

/// 2025-03-15T17:03:35Z, the cluster's time zero (`cluster` module), in Unix seconds.
const MTIME: u64 = 1_742_058_215;

/// (file name, bytes) of the packaged chart. `files` are paths inside the chart (`values.yaml`,
/// `templates/x.yaml`); the chart's name and version come from its Chart.yaml, as for `helm package`.
pub fn package_chart(files: &BTreeMap<String, Vec<u8>>) -> Result<(String, Vec<u8>), String> {
    let meta = files.get("Chart.yaml").ok_or("Error: Chart.yaml file is missing")?;
    let meta = crate::yaml::load(&String::from_utf8_lossy(meta)).map_err(|e| format!("Error: Chart.yaml: {e}"))?;
    let field = |k: &str| meta.get(k).and_then(|v| v.as_str()).unwrap_or_default().to_string();
    let (name, version) = (field("name"), field("version"));
    if name.is_empty() || name.contains('/') || name.contains("..") {
        return Err("Error: validation: chart.metadata.name is required".into());
    }
    if version.is_empty() {
        return Err("Error: validation: chart.metadata.version is required".into());
    }
    let mut tar = Vec::new();
    for (path, data) in files {
        tar_entry(&mut tar, &format!("{name}/{path}"), data)?;
    }
    // The end of an archive: two zero blocks.
    tar.extend_from_slice(&[0; 1024]);
    Ok((format!("{name}-{version}.tgz"), gzip_stored(&tar)))
}

fn octal(field: &mut [u8], n: u64) {
    // Zero-padded octal, NUL-terminated, filling the field (as Go's archive/tar writes ustar numbers).
    let s = format!("{:0width$o}", n, width = field.len() - 1);
    field[..s.len()].copy_from_slice(s.as_bytes());
}

fn tar_entry(out: &mut Vec<u8>, path: &str, data: &[u8]) -> Result<(), String> {
    let mut h = [0u8; 512];
    let p = path.as_bytes();
    // Names over 100 bytes go in ustar's 155-byte prefix, split at a '/'.
    let (prefix, name) = if p.len() <= 100 {
        (&p[..0], p)
    } else {
        let cut = (0..p.len())
            .rev()
            .find(|&i| p[i] == b'/' && i <= 155 && p.len() - i - 1 <= 100)
            .ok_or_else(|| format!("{path}: the path is too long for a chart archive"))?;
        (&p[..cut], &p[cut + 1..])
    };
    h[..name.len()].copy_from_slice(name);
    octal(&mut h[100..108], 0o644);
    octal(&mut h[108..116], 0);
    octal(&mut h[116..124], 0);
    octal(&mut h[124..136], data.len() as u64);
    octal(&mut h[136..148], MTIME);
    h[156] = b'0';
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    h[345..345 + prefix.len()].copy_from_slice(prefix);
    // The checksum is the byte sum of the header with its own field read as spaces.
    h[148..156].copy_from_slice(b"        ");
    let sum: u32 = h.iter().map(|&b| b as u32).sum();
    let s = format!("{sum:06o}\0 ");
    h[148..156].copy_from_slice(s.as_bytes());
    out.extend_from_slice(&h);
    out.extend_from_slice(data);
    out.resize(out.len().div_ceil(512) * 512, 0);
    Ok(())
}

/// RFC 1952 gzip around RFC 1951 stored blocks (BTYPE 00: LEN, NLEN, the bytes as they are).
pub fn gzip_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    let chunks: Vec<&[u8]> = if data.is_empty() { vec![&[][..]] } else { data.chunks(0xffff).collect() };
    for (i, c) in chunks.iter().enumerate() {
        out.push(u8::from(i + 1 == chunks.len()));
        let len = c.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(c);
    }
    out.extend_from_slice(&crc32(data).to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

/// CRC-32 (IEEE, reflected, as gzip uses), bit by bit: charts are small and a table would cost wasm bytes.
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_standard_check_values() {
        // The check value of CRC-32/ISO-HDLC ("123456789") and two more from RFC 3720's appendix style vectors.
        for (input, want) in [(&b"123456789"[..], 0xcbf4_3926u32), (b"", 0), (b"a", 0xe8b7_be43)] {
            assert_eq!(crc32(input), want, "{input:?}");
        }
    }

    #[test]
    fn stored_blocks_split_at_64k_and_mark_the_last() {
        let data = vec![7u8; 0x1_0000 + 3];
        let gz = gzip_stored(&data);
        assert_eq!(gz.len(), 10 + (5 + 0xffff) + (5 + 4) + 8);
        assert_eq!((gz[10], gz[10 + 5 + 0xffff]), (0, 1), "BFINAL only on the last block");
    }

    #[test]
    fn a_chart_without_name_or_version_is_refused_in_helms_words() {
        let mut files = BTreeMap::from([("Chart.yaml".to_string(), b"apiVersion: v2\nname: x\n".to_vec())]);
        assert_eq!(package_chart(&files).unwrap_err(), "Error: validation: chart.metadata.version is required");
        files.clear();
        assert_eq!(package_chart(&files).unwrap_err(), "Error: Chart.yaml file is missing");
    }
}
