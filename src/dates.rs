//! UTC dates written digit by digit: a page shows several and every request's log line starts
//! with one, and `format!` with padded fields (or a date library's formatter) was a visible share
//! of a request's CPU.

use time::OffsetDateTime;

/// The calendar fields of a Unix time, for years 0 to 9999 (the four digits the formats have).
pub struct Utc {
    pub year: u32,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

impl Utc {
    pub fn from_unix(seconds: i64) -> Option<Self> {
        let t = OffsetDateTime::from_unix_timestamp(seconds).ok()?;
        let (year, month, day) = t.to_calendar_date();
        let (hour, minute, second) = t.to_hms();
        Some(Self {
            year: u32::try_from(year).ok().filter(|y| *y <= 9999)?,
            month: u32::from(u8::from(month)),
            day: u32::from(day),
            hour: u32::from(hour),
            minute: u32::from(minute),
            second: u32::from(second),
        })
    }
}

/// Appends the last `width` decimal digits of `value`, zero-padded.
pub fn push_digits(out: &mut Vec<u8>, value: u32, width: u32) {
    for place in (0..width).rev() {
        // A digit is below 10: the cast cannot truncate.
        out.push(b'0' + (value / 10u32.pow(place) % 10) as u8);
    }
}

/// Appends `value` in decimal, as many digits as it has.
pub fn push_decimal(out: &mut Vec<u8>, value: u64) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut rest = value;
    loop {
        start -= 1;
        // A digit is below 10: the cast cannot truncate.
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_zero_padded_to_their_width() {
        let mut out = Vec::new();
        push_digits(&mut out, 7, 2);
        push_digits(&mut out, 2026, 4);
        push_digits(&mut out, 42, 6);
        assert_eq!(out, b"072026000042");
    }

    #[test]
    fn decimals_have_as_many_digits_as_they_need() {
        for value in [0, 7, 10, 200, 65_535, u64::MAX] {
            let mut out = Vec::new();
            push_decimal(&mut out, value);
            assert_eq!(out, value.to_string().as_bytes());
        }
    }

    #[test]
    fn calendar_fields_of_a_unix_time() {
        let t = Utc::from_unix(1_795_334_305).expect("a date");
        assert_eq!(
            (t.year, t.month, t.day, t.hour, t.minute, t.second),
            (2026, 11, 22, 7, 58, 25)
        );
        assert!(Utc::from_unix(253_402_300_800).is_none(), "year 10000");
        assert!(Utc::from_unix(-62_167_219_201).is_none(), "year -1");
    }
}
