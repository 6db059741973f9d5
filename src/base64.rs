//! Base64 (RFC 4648) in its two alphabets, as Go's `encoding/base64` writes and reads them: `StdEncoding`
//! (Secrets, `b64enc`, the `base64` command) and `RawURLEncoding` (tokens, share links). Pure and small, so
//! every face shares one copy.

const STD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn encode_with(data: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(alphabet[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

/// Lenient decoding: padding optional, whitespace skipped; `None` on a character outside the alphabet.
fn decode_with(text: &str, alphabet: &[u8; 64]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut buf, mut bits) = (0u32, 0);
    for b in text.bytes().filter(|b| !b.is_ascii_whitespace()) {
        if b == b'=' {
            break;
        }
        let v = alphabet.iter().position(|a| *a == b)? as u32;
        buf = (buf << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
            buf &= (1 << bits) - 1;
        }
    }
    // A lone trailing character (6 bits) cannot come from any byte string.
    (bits < 6).then_some(out)
}

/// `base64.StdEncoding.EncodeToString`.
pub fn encode(data: &[u8]) -> String {
    encode_with(data, STD, true)
}

/// Standard alphabet, padding optional.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    decode_with(text, STD)
}

/// `base64.RawURLEncoding.EncodeToString`.
pub fn encode_url(data: &[u8]) -> String {
    encode_with(data, URL, false)
}

/// URL alphabet, padding optional.
pub fn decode_url(text: &str) -> Option<Vec<u8>> {
    decode_with(text, URL)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_like_go() {
        for (raw, std, url) in [("", "", ""), ("f", "Zg==", "Zg"), ("fo", "Zm8=", "Zm8"), ("foo", "Zm9v", "Zm9v")] {
            assert_eq!(encode(raw.as_bytes()), std);
            assert_eq!(encode_url(raw.as_bytes()), url);
            assert_eq!(decode(std).unwrap(), raw.as_bytes());
            assert_eq!(decode_url(url).unwrap(), raw.as_bytes());
        }
        assert_eq!(encode(&[0xfb, 0xff]), "+/8=");
        assert_eq!(encode_url(&[0xfb, 0xff]), "-_8");
        assert_eq!(decode("Zm9v\nYmFy").unwrap(), b"foobar");
        assert_eq!(decode("Zm9v!"), None);
        assert_eq!(decode_url("Zm9vY"), None);
    }
}
