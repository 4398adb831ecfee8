//! How the verify page names where a code goes: enough for the user to recognise their own
//! address, not the whole address for whoever looks at the screen.

/// `test.user@example.com` → `t•••@example.com`; the domain stays (it tells which mailbox).
pub fn email(address: &str) -> String {
    match address.rsplit_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}•••@{domain}")
        }
        None => "•••".to_owned(),
    }
}

/// `15555550123` → `•••0123`: the last four digits, as phones show them.
pub fn phone(number: &str) -> String {
    let chars: Vec<char> = number.chars().collect();
    let tail: String = chars[chars.len().saturating_sub(4)..].iter().collect();
    format!("•••{tail}")
}

#[cfg(test)]
mod tests {
    use super::{email, phone};

    #[test]
    fn addresses_show_only_what_the_user_needs_to_recognise_them() {
        assert_eq!(email("test.user@example.com"), "t•••@example.com");
        assert_eq!(email("not-an-address"), "•••");
        assert_eq!(phone("15555550123"), "•••0123");
        assert_eq!(phone("12"), "•••12");
    }
}
