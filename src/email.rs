//! Email addresses, as the HTML living standard's "valid e-mail address", on the internet.
//!
//! That definition is what `<input type="email">` enforces in every browser, so every
//! address this check accepts, the browser accepts too. It also accepts names of a local
//! network, `siti@gmail` and `budi@127.0.0.1`, which no provider can mail: the providers
//! refuse them and the paid call fails. So the domain must also have a top-level label
//! after a dot, and that label must not be digits only (an address's domain is a name, not
//! an IP address, unless written in brackets, which the HTML grammar refuses anyway). A
//! dotless domain one step from a common one (`siti@gmail`) gets the `email.domain_typo`
//! suggestion too, so that a form can offer the fix.
//!
//! The grammar is written out here (instead of with the `regex` crate) because it is two
//! character classes and a label rule, and a regex engine would add hundreds of kilobytes
//! to the wasm.

use crate::issue::{no_errors, Code, Issue};
use crate::text::{bounded, FIELD_INPUT_LIMIT};
use serde::Serialize;

/// The longest address accepted: RFC 5321 limits a forward path to 256 octets including
/// the angle brackets, so no mail server accepts a longer address.
pub const MAX_EMAIL_LENGTH: usize = 254;

/// Mail domains Indonesian applicants use most; a domain one edit away from one of these
/// is almost always a typo, and a typo means the provider's email goes nowhere.
pub const COMMON_DOMAINS: [&str; 8] = [
    "gmail.com",
    "yahoo.com",
    "yahoo.co.id",
    "hotmail.com",
    "outlook.com",
    "icloud.com",
    "ymail.com",
    "live.com",
];

/// The result of [`check_email`].
#[derive(Clone, Debug, Serialize)]
pub struct EmailCheck {
    /// False exactly when an issue of severity error is present.
    pub ok: bool,
    /// The address trimmed, with its domain lower-cased (domains are case-insensitive;
    /// the part before `@` is left as typed). Of an input refused unread to its end (see
    /// [`check_email`]), the same of the part that was read.
    pub value: String,
    /// What is wrong, if anything.
    pub issues: Vec<Issue>,
}

/// Checks an email address.
///
/// An input of more than 1,278 characters (the longest address and a thousand spaces
/// around it) is refused as `email.too_long` without being read to the end; its `length`
/// is then the number of characters typed.
///
/// ```
/// use kyc_precheck::check_email;
///
/// let checked = check_email("  Budi.Santoso@Gmail.COM ");
/// assert!(checked.ok);
/// assert_eq!(checked.value, "Budi.Santoso@gmail.com");
///
/// let typo = check_email("budi@gmial.com");
/// assert!(typo.ok); // a warning only
/// assert_eq!(typo.issues[0].code.as_str(), "email.domain_typo");
///
/// // Valid for the HTML standard, but no provider can mail a domain without a dot.
/// let dotless = check_email("siti@gmail");
/// assert!(!dotless.ok);
/// let codes: Vec<_> = dotless.issues.iter().map(|i| i.code.as_str()).collect();
/// assert_eq!(codes, ["email.format", "email.domain_typo"]);
/// assert_eq!(dotless.issues[1].message_en(), "Did you mean gmail.com instead of gmail?");
/// ```
pub fn check_email(input: &str) -> EmailCheck {
    let input = bounded(input, MAX_EMAIL_LENGTH + FIELD_INPUT_LIMIT);
    let trimmed = input.read.trim_matches(|c: char| c.is_ascii_whitespace());
    let value = match trimmed.rsplit_once('@') {
        Some((local, domain)) => format!("{local}@{}", domain.to_ascii_lowercase()),
        None => trimmed.to_owned(),
    };
    let mut issues = Vec::new();
    let length = input.cut.unwrap_or_else(|| value.chars().count());
    if value.is_empty() && input.cut.is_none() {
        issues.push(Issue::new(Code::EmailRequired));
    } else if length > MAX_EMAIL_LENGTH {
        issues.push(
            Issue::new(Code::EmailTooLong)
                .with("length", length)
                .with("max", MAX_EMAIL_LENGTH),
        );
    } else if !is_valid_email(&value) {
        issues.push(Issue::new(Code::EmailFormat));
        // `siti@gmail`: the address is otherwise whole, and the form can offer the domain.
        if let Some((local, domain)) = value.rsplit_once('@') {
            if is_valid_email(&format!("{local}@{domain}.com")) {
                if let Some(suggestion) = dotless_domain(domain) {
                    issues.push(
                        Issue::new(Code::EmailDomainTypo)
                            .with("domain", domain)
                            .with("suggestion", suggestion),
                    );
                }
            }
        }
    } else if let Some((_, domain)) = value.rsplit_once('@') {
        if let Some(suggestion) = likely_domain(domain) {
            issues.push(
                Issue::new(Code::EmailDomainTypo)
                    .with("domain", domain)
                    .with("suggestion", suggestion),
            );
        }
    }
    EmailCheck {
        ok: no_errors(&issues),
        value,
        issues,
    }
}

/// The HTML standard's valid e-mail address:
/// `[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+ @ label ( . label )*` where a label is 1–63
/// alphanumerics and hyphens, not starting or ending with a hyphen; and, for the internet,
/// at least two labels, the last not digits only.
fn is_valid_email(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".!#$%&'*+/=?^_`{|}~-".contains(&b));
    let label_ok = |label: &str| {
        let bytes = label.as_bytes();
        (1..=63).contains(&bytes.len())
            && bytes
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
            && bytes[0] != b'-'
            && bytes[bytes.len() - 1] != b'-'
    };
    let top_level_ok = domain
        .rsplit_once('.')
        .is_some_and(|(_, top)| !top.bytes().all(|b| b.is_ascii_digit()));
    local_ok && domain.split('.').all(label_ok) && top_level_ok
}

/// The common domain whose name a dotless `domain` is, or is one edit away from (`gmail`
/// and `gmial` for `gmail.com`, `yahoo` for `yahoo.com`), if any.
fn dotless_domain(domain: &str) -> Option<&'static str> {
    COMMON_DOMAINS.iter().copied().find(|known| {
        known.split_once('.').is_some_and(|(name, _)| {
            name == domain || within_one_edit(domain.as_bytes(), name.as_bytes())
        })
    })
}

/// The common domain `domain` is one edit (insertion, deletion, substitution or swap of
/// neighbours) away from, if any.
fn likely_domain(domain: &str) -> Option<&'static str> {
    if COMMON_DOMAINS.contains(&domain) {
        return None;
    }
    COMMON_DOMAINS
        .iter()
        .copied()
        .find(|known| within_one_edit(domain.as_bytes(), known.as_bytes()))
}

fn within_one_edit(a: &[u8], b: &[u8]) -> bool {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    match (a.split_first(), b.split_first()) {
        (None, None) => true,
        (Some((_, a_rest)), None) => a_rest.is_empty(),
        (None, Some((_, b_rest))) => b_rest.is_empty(),
        (Some((_, a_rest)), Some((_, b_rest))) => {
            let swapped = a_rest.first() == b.first()
                && b_rest.first() == a.first()
                && a_rest.get(1..) == b_rest.get(1..);
            a_rest == b_rest || a_rest == b || a == b_rest || swapped
        }
    }
}

#[cfg(test)]
mod tests {
    use super::within_one_edit;

    #[test]
    fn one_edit_covers_each_kind_of_typo() {
        for (a, b, expected) in [
            ("gmail.com", "gmail.com", true),
            ("gmial.com", "gmail.com", true),
            ("gmai.com", "gmail.com", true),
            ("gmaail.com", "gmail.com", true),
            ("gmall.com", "gmail.com", true),
            ("gmail.co", "gmail.com", true),
            ("gnail.con", "gmail.com", false),
            ("", "", true),
            ("", "a", true),
            ("", "ab", false),
        ] {
            assert_eq!(
                within_one_edit(a.as_bytes(), b.as_bytes()),
                expected,
                "{a} vs {b}"
            );
        }
    }
}
