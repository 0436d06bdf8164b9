//! Text helpers shared by the field checks.

use serde::{Deserialize, Deserializer};
use unicode_normalization::UnicodeNormalization;

/// NFKC: full-width digits become ASCII digits and a no-break space becomes a space, which
/// is what phones' keyboards and copy-paste from PDFs put into form fields.
pub(crate) fn nfkc(input: &str) -> impl Iterator<Item = char> + '_ {
    input.nfkc()
}

/// The distinct characters of `chars`, each quoted, in order of first appearance, for a
/// message that says exactly what to remove: `"O", "-"`.
pub(crate) fn distinct_quoted(chars: impl Iterator<Item = char>) -> String {
    let mut seen: Vec<char> = Vec::new();
    for c in chars {
        if !seen.contains(&c) {
            seen.push(c);
        }
    }
    seen.iter()
        .map(|c| match c {
            ' ' => "\" \"".to_owned(),
            c if c.is_control() => format!("U+{:04X}", u32::from(*c)),
            c => format!("\"{c}\""),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads an optional value where an empty string means "not given", as an unfinished
/// `<input type="date">` reports itself.
pub(crate) fn empty_as_none<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: std::str::FromStr<Err = String>,
{
    match Option::<String>::deserialize(deserializer)? {
        None => Ok(None),
        Some(text) if text.is_empty() => Ok(None),
        Some(text) => text.parse().map(Some).map_err(serde::de::Error::custom),
    }
}
