//! The wall clock, in the unit tokens speak (unix seconds).

/// The current time in unix seconds; 0 when the system clock is set before 1970.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}
