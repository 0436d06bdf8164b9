//! A person's name as written on a KTP.
//!
//! KTP names are letters (of any script, Indonesian names include loanwords with accents),
//! spaces and the punctuation `.` `,` `'` `-` (`Muh. Rizky`, `Siti Nur'aini`). Digits and
//! symbols never appear on a KTP.

use crate::combining_mark::is_combining_mark;
use crate::issue::{no_errors, Code, Issue};
use crate::text::{bounded, distinct_quoted, NormalForm};
use serde::{Deserialize, Serialize};

/// The default longest name: comfortably above the longest names printed on KTPs, and a
/// bound that stops a pasted paragraph from reaching a provider.
pub const DEFAULT_MAX_NAME_LENGTH: usize = 100;

/// Options of [`check_name`].
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NameOptions {
    /// The most characters (Unicode scalar values) allowed; default
    /// [`DEFAULT_MAX_NAME_LENGTH`].
    pub max_length: Option<usize>,
}

/// The result of [`check_name`].
#[derive(Clone, Debug, Serialize)]
pub struct NameCheck {
    /// False exactly when an issue of severity error is present.
    pub ok: bool,
    /// The name in NFC, trimmed, with whitespace runs collapsed to one space and
    /// typographic apostrophes (’, as phone keyboards type them) made plain ('). Of an
    /// input refused unread to its end (see [`check_name`]), the normalisation of the
    /// part that was read.
    pub value: String,
    /// What is wrong, if anything.
    pub issues: Vec<Issue>,
}

/// Checks a person's full name.
///
/// An input of more than `4 × maxLength + 1024` characters (1,424 by default) is refused
/// as `name.too_long` without being read to the end: NFC turns at most four characters
/// into one, so no name of `maxLength` characters typed with its accents and spaces is
/// that long. Its `length` is then the number of characters typed, and
/// `name.invalid_characters` names the first five that the part read holds, if any.
///
/// ```
/// use kyc_precheck::{check_name, NameOptions};
///
/// let checked = check_name("  Siti   Nur’aini ", &NameOptions::default());
/// assert!(checked.ok);
/// assert_eq!(checked.value, "Siti Nur'aini");
///
/// let digits = check_name("Budi 2", &NameOptions::default());
/// assert_eq!(digits.issues[0].code.as_str(), "name.invalid_characters");
/// ```
pub fn check_name(input: &str, options: &NameOptions) -> NameCheck {
    let max = options.max_length.unwrap_or(DEFAULT_MAX_NAME_LENGTH);
    let input = bounded(input, max.saturating_mul(4).saturating_add(1024));
    let value = normalise(input.read);
    let mut issues = Vec::new();
    if value.is_empty() && input.cut.is_none() {
        issues.push(Issue::new(Code::NameRequired));
    } else {
        let allowed = |c: char| c.is_alphabetic() || is_combining_mark(c) || " .,'-".contains(c);
        if value.chars().any(|c| !allowed(c)) {
            let characters = distinct_quoted(value.chars().filter(|c| !allowed(*c)));
            issues.push(Issue::new(Code::NameInvalidCharacters).with("characters", characters));
        }
        // The letters of a cut input are unknown past the part read, and it is too long.
        let letters = value.chars().filter(|c| c.is_alphabetic()).count();
        if letters < 2 && input.cut.is_none() {
            issues.push(
                Issue::new(Code::NameTooShort)
                    .with("letters", letters)
                    .with("min", 2),
            );
        }
        let length = input.cut.unwrap_or_else(|| value.chars().count());
        if length > max {
            issues.push(
                Issue::new(Code::NameTooLong)
                    .with("length", length)
                    .with("max", max),
            );
        }
    }
    NameCheck {
        ok: no_errors(&issues),
        value,
        issues,
    }
}

fn normalise(input: &str) -> String {
    let nfc: String = crate::text::normalise(input, NormalForm::Nfc)
        .chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' => '\'',
            c => c,
        })
        .collect();
    nfc.split_whitespace().collect::<Vec<_>>().join(" ")
}
