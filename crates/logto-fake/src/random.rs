//! Random values the fake hands out.

/// A random opaque token (codes, access tokens, refresh tokens).
pub fn opaque() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}
