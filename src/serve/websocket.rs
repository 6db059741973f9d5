//! Just enough WebSocket (RFC 6455) for `kubectl exec`: the upgrade handshake and server-to-client binary
//! frames in the Kubernetes channel protocol (`v5.channel.k8s.io`/`v4.channel.k8s.io`: the first payload byte is
//! the stream, 1 stdout, 2 stderr, 3 the error stream carrying a `metav1.Status`; apimachinery
//! `pkg/util/remotecommand/constants.go`, client-go `tools/remotecommand/websocket.go`). Commands run to the end
//! inside the simulation before the upgrade, so stdin is never read.

use super::http::Request;
use std::io::Write;

const GUID: &str = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
/// Sub-protocols we speak, best first; v4 and v5 carry the same frames for a command that reads no stdin.
const PROTOCOLS: &[&str] = &["v5.channel.k8s.io", "v4.channel.k8s.io"];

pub fn sha1(data: &[u8]) -> [u8; 20] {
    let mut h: [u32; 5] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0];
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&((data.len() as u64) * 8).to_be_bytes());
    for block in msg.chunks(64) {
        let mut w = [0u32; 80];
        for i in 0..16 {
            w[i] = u32::from_be_bytes([block[4 * i], block[4 * i + 1], block[4 * i + 2], block[4 * i + 3]]);
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, wi) in w.iter().enumerate() {
            let (f, k) = match i {
                0..=19 => ((b & c) | (!b & d), 0x5A827999),
                20..=39 => (b ^ c ^ d, 0x6ED9EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1BBCDC),
                _ => (b ^ c ^ d, 0xCA62C1D6),
            };
            let t = a.rotate_left(5).wrapping_add(f).wrapping_add(e).wrapping_add(k).wrapping_add(*wi);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = t;
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 20];
    for (i, x) in h.iter().enumerate() {
        out[4 * i..4 * i + 4].copy_from_slice(&x.to_be_bytes());
    }
    out
}

/// The sub-protocol to answer a WebSocket upgrade with, or why it cannot be served.
pub fn negotiate(req: &Request) -> Result<&'static str, String> {
    let upgrade = req.header("upgrade").unwrap_or("");
    if !upgrade.eq_ignore_ascii_case("websocket") {
        return Err(format!(
            "stsplay serve runs commands over WebSocket (v5.channel.k8s.io) only, not {}",
            if upgrade.is_empty() { "a plain request" } else { upgrade }
        ));
    }
    let offered: Vec<&str> = req.header("sec-websocket-protocol").unwrap_or("").split(',').map(str::trim).collect();
    PROTOCOLS
        .iter()
        .find(|p| offered.contains(p))
        .copied()
        .ok_or_else(|| format!("none of the offered sub-protocols {offered:?} is supported (want {PROTOCOLS:?})"))
}

/// The `101 Switching Protocols` answer.
pub fn handshake(req: &Request, protocol: &str) -> String {
    let key = req.header("sec-websocket-key").unwrap_or("");
    let accept = crate::base64::encode(&sha1(format!("{key}{GUID}").as_bytes()));
    format!(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Accept: {accept}\r\nSec-WebSocket-Protocol: {protocol}\r\n\r\n"
    )
}

fn frame(opcode: u8, payload: &[u8]) -> Vec<u8> {
    let mut f = vec![0x80 | opcode];
    match payload.len() {
        n if n < 126 => f.push(n as u8),
        n if n < 65536 => {
            f.push(126);
            f.extend_from_slice(&(n as u16).to_be_bytes());
        }
        n => {
            f.push(127);
            f.extend_from_slice(&(n as u64).to_be_bytes());
        }
    }
    f.extend_from_slice(payload);
    f
}

/// A binary frame on a channel.
pub fn channel_frame(channel: u8, data: &[u8]) -> Vec<u8> {
    let mut p = Vec::with_capacity(data.len() + 1);
    p.push(channel);
    p.extend_from_slice(data);
    frame(0x2, &p)
}

/// A close frame with status 1000 (normal closure).
pub fn close_frame() -> Vec<u8> {
    frame(0x8, &1000u16.to_be_bytes())
}

/// The error-stream Status for a finished command, as the kubelet reports it (`remotecommand` `v4` protocol).
pub fn exit_status(argv: &[String], code: i32) -> serde_json::Value {
    if code == 0 {
        return serde_json::json!({"metadata": {}, "status": "Success"});
    }
    serde_json::json!({
        "metadata": {},
        "status": "Failure",
        "message": format!("command terminated with non-zero exit code: error executing command [{}], exit code {code}", argv.join(" ")),
        "reason": "NonZeroExitCode",
        "details": {"causes": [{"reason": "ExitCode", "message": code.to_string()}]},
    })
}

/// Writes the whole session: handshake, output frames, the status, the close.
pub fn write_session(
    w: &mut impl Write,
    req: &Request,
    protocol: &str,
    stdout: &[u8],
    stderr: &[u8],
    status: &serde_json::Value,
) -> std::io::Result<()> {
    w.write_all(handshake(req, protocol).as_bytes())?;
    if !stdout.is_empty() {
        w.write_all(&channel_frame(1, stdout))?;
    }
    if !stderr.is_empty() {
        w.write_all(&channel_frame(2, stderr))?;
    }
    w.write_all(&channel_frame(3, &serde_json::to_vec(status).unwrap_or_default()))?;
    w.write_all(&close_frame())?;
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    #[test]
    fn sha1_test_vectors() {
        assert_eq!(hex(&sha1(b"")), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
        assert_eq!(hex(&sha1(b"abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
        let long = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        assert_eq!(hex(&sha1(long)), "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    }

    #[test]
    fn accept_key_from_rfc6455() {
        let req = Request {
            headers: vec![("sec-websocket-key".into(), "dGhlIHNhbXBsZSBub25jZQ==".into())],
            ..Default::default()
        };
        assert!(handshake(&req, "v5.channel.k8s.io").contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"));
    }

    #[test]
    fn frame_lengths() {
        assert_eq!(channel_frame(1, b"hi"), [0x82, 3, 1, b'h', b'i']);
        let f = channel_frame(1, &[0; 200]);
        assert_eq!(&f[..4], &[0x82, 126, 0, 201]);
        let f = channel_frame(2, &[0; 70000]);
        assert_eq!(&f[..10], &[0x82, 127, 0, 0, 0, 0, 0, 1, 0x11, 0x71]);
        assert_eq!(close_frame(), [0x88, 2, 0x03, 0xe8]);
    }
}
