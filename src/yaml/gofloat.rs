//! Go's `strconv.FormatFloat(f, 'g', -1, bits)`: the shortest digits that read back as the same float,
//! in %e form when the exponent is < -4 or >= 6 (`1e+06`, `1.5e-07`), else in %f form (`123456`, `0.001`).
//! Helm prints every number from values this way (values are float64), and go-yaml writes floats with it.

/// Shortest round-trip digits and decimal exponent: value = 0.DIGITS × 10^dp.
fn shortest(sci: &str) -> (bool, String, i32) {
    // Rust's `{:e}` prints the shortest round-trip digits: "-1.2345e-7".
    let (neg, s) = match sci.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, sci),
    };
    let (mant, exp) = s.split_once('e').unwrap_or((s, "0"));
    let digits: String = mant.chars().filter(|c| *c != '.').collect();
    let exp: i32 = exp.parse().unwrap_or(0);
    (neg, digits, exp + 1)
}

fn format(neg: bool, digits: &str, dp: i32) -> String {
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if digits == "0" {
        out.push('0');
        return out;
    }
    let x = dp - 1;
    if !(-4..6).contains(&x) {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if x < 0 { '-' } else { '+' });
        let a = x.unsigned_abs();
        if a < 10 {
            out.push('0');
        }
        out.push_str(&a.to_string());
    } else if dp <= 0 {
        out.push_str("0.");
        for _ in 0..-dp {
            out.push('0');
        }
        out.push_str(digits);
    } else {
        let dp = dp as usize;
        if digits.len() <= dp {
            out.push_str(digits);
            for _ in digits.len()..dp {
                out.push('0');
            }
        } else {
            out.push_str(&digits[..dp]);
            out.push('.');
            out.push_str(&digits[dp..]);
        }
    }
    out
}

fn special(f: f64) -> Option<String> {
    if f.is_nan() {
        Some("NaN".into())
    } else if f.is_infinite() {
        Some(if f > 0.0 { "+Inf".into() } else { "-Inf".into() })
    } else {
        None
    }
}

/// `strconv.FormatFloat(f, 'g', -1, 64)`.
pub fn format_g(f: f64) -> String {
    if let Some(s) = special(f) {
        return s;
    }
    let (neg, d, dp) = shortest(&format!("{f:e}"));
    format(neg, &d, dp)
}

/// `strconv.FormatFloat(f, 'g', -1, 32)` (sigs.k8s.io/yaml prints float map keys this way).
pub fn format_g32(f: f64) -> String {
    if let Some(s) = special(f) {
        return s;
    }
    let (neg, d, dp) = shortest(&format!("{:e}", f as f32));
    format(neg, &d, dp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_go() {
        for (f, want) in [
            (1000000.0, "1e+06"),
            (123456.0, "123456"),
            (12345678901.0, "1.2345678901e+10"),
            (1.5e-7, "1.5e-07"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.1, "1.1"),
            (-2.5, "-2.5"),
            (0.0, "0"),
            (-0.0, "-0"),
            (1e21, "1e+21"),
            (100.0, "100"),
            (f64::INFINITY, "+Inf"),
        ] {
            assert_eq!(format_g(f), want, "{f}");
        }
        assert_eq!(format_g32(0.1), "0.1");
    }
}
