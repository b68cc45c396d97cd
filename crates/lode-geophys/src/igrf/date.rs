//! Calendar dates and decimal years.

use lode_core::{Error, Result};

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

/// Parse an ISO date `YYYY-MM-DD` (checks the month and the day of the month).
pub fn parse_date(s: &str) -> Result<(i32, u32, u32)> {
    let bad = || Error::invalid(format!("invalid date {s:?}: expected YYYY-MM-DD"));
    let mut it = s.trim().split('-');
    let (y, m, d) = match (it.next(), it.next(), it.next(), it.next()) {
        (Some(y), Some(m), Some(d), None) if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
            (y, m, d)
        }
        _ => return Err(bad()),
    };
    let y: i32 = y.parse().map_err(|_| bad())?;
    let m: u32 = m.parse().map_err(|_| bad())?;
    let d: u32 = d.parse().map_err(|_| bad())?;
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return Err(bad());
    }
    Ok((y, m, d))
}

/// Decimal year of 00:00 UT on a calendar date: year + (day of year − 1) / (days in year).
pub fn decimal_year(y: i32, m: u32, d: u32) -> Result<f64> {
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return Err(Error::invalid(format!("invalid date {y:04}-{m:02}-{d:02}")));
    }
    let doy: u32 = (1..m).map(|k| days_in_month(y, k)).sum::<u32>() + d - 1;
    let len = if is_leap(y) { 366.0 } else { 365.0 };
    Ok(y as f64 + doy as f64 / len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse_date("2024-02-29").unwrap(), (2024, 2, 29));
        assert!(parse_date("2023-02-29").is_err());
        assert!(parse_date("2023-13-01").is_err());
        assert!(parse_date("20230101").is_err());
        assert_eq!(decimal_year(2020, 1, 1).unwrap(), 2020.0);
        assert!((decimal_year(2021, 7, 2).unwrap() - (2021.0 + 182.0 / 365.0)).abs() < 1e-12);
    }
}
