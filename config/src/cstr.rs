//! The C library number conversions the original applies to configuration
//! values, reproduced so that odd values ("-5", " 12", "3000ms") give the
//! same numbers.

/// `strtol(s, &end, 10)` on a 64-bit system: leading white space, an
/// optional sign, decimal digits; saturates on overflow. Returns the value
/// and the index where parsing stopped (0 when there were no digits, as
/// `strtol` then points `end` at the start).
pub(crate) fn strtol(s: &[u8]) -> (i64, usize) {
    let mut i = 0;
    while s
        .get(i)
        .is_some_and(|&c| matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'))
    {
        i += 1;
    }
    let negative = match s.get(i) {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let digits_start = i;
    let mut value: i64 = 0;
    let mut overflow = false;
    while let Some(&c) = s.get(i) {
        if !c.is_ascii_digit() {
            break;
        }
        let digit = i64::from(c - b'0');
        let next = if negative {
            value.checked_mul(10).and_then(|v| v.checked_sub(digit))
        } else {
            value.checked_mul(10).and_then(|v| v.checked_add(digit))
        };
        match next {
            Some(v) => value = v,
            None => overflow = true,
        }
        i += 1;
    }
    if i == digits_start {
        return (0, 0);
    }
    if overflow {
        value = if negative { i64::MIN } else { i64::MAX };
    }
    (value, i)
}

/// `atoi`: glibc's `(int) strtol(s, NULL, 10)`.
pub(crate) fn atoi(s: &[u8]) -> i32 {
    strtol(s).0 as i32
}

/// `atoi` stored into an `unsigned int`, as the original's config fields.
pub(crate) fn atoi_u32(s: &[u8]) -> u32 {
    atoi(s) as u32
}

/// A `double` converted to `int` the way x86 does it: values out of range
/// (and NaN) become `INT_MIN`.
pub(crate) fn double_to_int(x: f64) -> i32 {
    if !(-2_147_483_648.0..2_147_483_648.0).contains(&x) {
        i32::MIN
    } else {
        x as i32
    }
}

/// A value printed with `%d` although the field is unsigned.
pub(crate) fn as_signed(x: u32) -> i32 {
    x as i32
}

/// Bytes shown as text in a message.
pub(crate) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atoi_matches_glibc() {
        assert_eq!(atoi(b"1000"), 1000);
        assert_eq!(atoi(b"  42"), 42);
        assert_eq!(atoi(b"+7"), 7);
        assert_eq!(atoi(b"-5"), -5);
        assert_eq!(atoi(b"3000ms"), 3000);
        assert_eq!(atoi(b"ms"), 0);
        assert_eq!(atoi(b""), 0);
        assert_eq!(atoi(b"4294967296"), 0);
        assert_eq!(atoi(b"4294967297"), 1);
        assert_eq!(atoi(b"99999999999999999999"), -1);
        assert_eq!(atoi_u32(b"-1"), u32::MAX);
    }

    #[test]
    fn strtol_reports_where_it_stopped() {
        assert_eq!(strtol(b"12"), (12, 2));
        assert_eq!(strtol(b" 12 "), (12, 3));
        assert_eq!(strtol(b"abc"), (0, 0));
        assert_eq!(strtol(b"-"), (0, 0));
        assert_eq!(strtol(b"-99999999999999999999"), (i64::MIN, 21));
    }

    #[test]
    fn double_to_int_overflows_to_int_min() {
        assert_eq!(double_to_int(1.9), 1);
        assert_eq!(double_to_int(-0.4), 0);
        assert_eq!(double_to_int(5.2e9), i32::MIN);
        assert_eq!(double_to_int(f64::NAN), i32::MIN);
    }
}
