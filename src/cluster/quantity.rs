//! `resource.Quantity` as the API server stores it (k8s.io/apimachinery/pkg/api/resource/quantity.go): a
//! quantity is parsed (`ParseQuantity`) and written back in canonical form (`CanonicalizeBytes`), so `cpu: 0.5`
//! reads back as `500m` and `memory: 1024Mi` as `1Gi`. This matters beyond printing: a StatefulSet's revision
//! hash covers the stored template, quantities included.

#[derive(Clone, Copy, PartialEq)]
enum Format {
    DecimalSI,
    BinarySI,
    DecimalExponent,
}

/// The canonical text of `s`, or `None` when it is not a quantity (validation reports that) or lies beyond what
/// the model handles exactly (binary quantities from 2^63, which Go clamps; more than 30 digits).
pub fn canonical(s: &str) -> Option<String> {
    let (negative, rest) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let int_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    let (num, after) = rest.split_at(int_len);
    let (denom, suffix) = match after.strip_prefix('.') {
        Some(a) => a.split_at(a.bytes().take_while(u8::is_ascii_digit).count()),
        None => ("", after),
    };
    let (format, exp10, exp2) = parse_suffix(suffix)?;
    let digits = format!("{num}{denom}");
    let digits = digits.trim_start_matches('0');
    if digits.len() > 30 {
        return None;
    }
    let mut m: u128 = if digits.is_empty() { 0 } else { digits.parse().ok()? };
    let mut e10 = exp10 - denom.len() as i32;
    m = m.checked_mul(1u128.checked_shl(exp2)?)?;
    if m == 0 {
        return Some("0".into());
    }
    let mut format = format;
    // Quantities keep nano precision, rounding away from zero; a binary one that had to round turns decimal.
    if e10 < -9 {
        let shift = (-9 - e10) as u32;
        let div = 10u128.checked_pow(shift);
        let (q, exact) = match div {
            Some(d) => (m.div_ceil(d), m % d == 0),
            None => (1, false),
        };
        m = q;
        e10 = -9;
        if !exact && format == Format::BinarySI {
            format = Format::DecimalSI;
        }
    }
    // Strip trailing zeros so the exponent is as large as it can be.
    while m % 10 == 0 {
        m /= 10;
        e10 += 1;
    }
    let value_at_least = |bound: u128| {
        if e10 >= 0 {
            10u128.checked_pow(e10 as u32).and_then(|p| m.checked_mul(p)).is_none_or(|v| v >= bound)
        } else {
            10u128.checked_pow((-e10) as u32).is_some_and(|p| m >= bound.saturating_mul(p))
        }
    };
    // A binary quantity beyond int64 is clamped to int64's maximum by Go; not modelled.
    if format == Format::BinarySI && value_at_least(1 << 63) {
        return None;
    }
    if format == Format::BinarySI && (!value_at_least(1024) || e10 < 0) {
        format = Format::DecimalSI;
    }
    let sign = if negative { "-" } else { "" };
    if format == Format::BinarySI {
        let mut v = m * 10u128.pow(e10 as u32);
        let mut k = 0;
        while k < 6 && v % 1024 == 0 {
            v /= 1024;
            k += 1;
        }
        return Some(format!("{sign}{v}{}", ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][k]));
    }
    // Decimal forms use an exponent that is a multiple of three.
    let r = e10.rem_euclid(3);
    m = m.checked_mul(10u128.pow(r as u32))?;
    e10 -= r;
    let suffix = match format {
        Format::DecimalExponent if e10 == 0 => String::new(),
        Format::DecimalExponent => format!("e{e10}"),
        _ => {
            if e10 > 18 {
                m = m.checked_mul(10u128.checked_pow((e10 - 18) as u32)?)?;
                e10 = 18;
            }
            ["n", "u", "m", "", "k", "M", "G", "T", "P", "E"][((e10 + 9) / 3) as usize].to_string()
        }
    };
    Some(format!("{sign}{m}{suffix}"))
}

/// (format, power of ten, power of two) of a suffix.
fn parse_suffix(s: &str) -> Option<(Format, i32, u32)> {
    let dec = |e| Some((Format::DecimalSI, e, 0));
    let bin = |k: u32| Some((Format::BinarySI, 0, 10 * k));
    match s {
        "" => dec(0),
        "n" => dec(-9),
        "u" => dec(-6),
        "m" => dec(-3),
        "k" => dec(3),
        "M" => dec(6),
        "G" => dec(9),
        "T" => dec(12),
        "P" => dec(15),
        "E" => dec(18),
        "Ki" => bin(1),
        "Mi" => bin(2),
        "Gi" => bin(3),
        "Ti" => bin(4),
        "Pi" => bin(5),
        "Ei" => bin(6),
        _ => {
            let e = s.strip_prefix(['e', 'E'])?;
            let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 4 {
                return None;
            }
            Some((Format::DecimalExponent, e.parse().ok()?, 0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::canonical;

    /// Pairs from apimachinery's quantity_test.go (TestQuantityString's alternates, TestQuantityParseEmit, the
    /// rounding cases of TestQuantityParse), plus a few worked by hand from its CanonicalizeBytes.
    #[test]
    fn canonical_forms_match_apimachinery() {
        for (input, want) in [
            ("1024Mi", "1Gi"),
            ("1000M", "1G"),
            (".001Ki", "1024m"),
            (".000001Ki", "1024u"),
            (".000000001Ki", "1024n"),
            (".000000000001Ki", "2n"),
            ("307200Ki", "300Mi"),
            ("1025024Mi", "1001Gi"),
            ("1024Gi", "1Ti"),
            ("5000m", "5"),
            ("0.5", "500m"),
            ("0.001T", "1G"),
            ("1000u", "1m"),
            ("1.08", "1080m"),
            ("1080000000n", "1080m"),
            (".001e12", "1e9"),
            ("0.001e0", "1e-3"),
            ("1000e-12", "1e-9"),
            ("00", "0"),
            ("0Mi", "0"),
            ("3.001n", "4n"),
            ("-3.001n", "-4n"),
            ("1.1E-9", "2e-9"),
            ("0.00000012345", "124n"),
            ("100.035k", "100035"),
            ("0.5Mi", "512Ki"),
            ("1.5Gi", "1536Mi"),
            ("1025", "1025"),
            ("2000", "2k"),
            ("1.3E+6", "1300e3"),
            ("12E", "12E"),
            ("1.", "1"),
            ("1.G", "1G"),
            ("-1.5Ti", "-1536Gi"),
            ("1.025Ti", "1126999418470400m"),
        ] {
            assert_eq!(canonical(input).as_deref(), Some(want), "{input}");
        }
        for bad in ["", "1.1.M", "1+1.0M", "0.1mi", "0.1am", "aoeu", ".5i", "1i", "-3.01e-", " 1", "1 ", "9Ei"] {
            assert_eq!(canonical(bad), None, "{bad}");
        }
    }
}
