//! Text helpers shared by the field checks.
//!
//! Every check reads a bounded start of its input ([`bounded`]): a valid NIK, phone
//! number or name is short, so an input far longer than any valid value is refused as
//! too long after reading only its first characters. A 10 MB paste then costs what its
//! first kilobyte costs, plus one count of its characters for the message.

use serde::{Deserialize, Deserializer};
use std::borrow::Cow;
#[cfg(not(feature = "normalization"))]
use std::sync::OnceLock;
#[cfg(feature = "normalization")]
use unicode_normalization::UnicodeNormalization;

/// How many characters of a NIK or a phone number are read: sixty times the 16 digits of
/// a NIK and far above any number typed with spaces, brackets and invisible characters, so
/// only a paste of something else is cut.
pub(crate) const FIELD_INPUT_LIMIT: usize = 1024;

/// The most distinct characters a message quotes; further ones are shown as `…`.
const QUOTED_CHARACTERS: usize = 5;

/// The start of an input that a check reads.
pub(crate) struct Bounded<'a> {
    /// The first characters of the input, all of it when it is short enough.
    pub read: &'a str,
    /// The number of characters (Unicode scalar values) of the whole input, when `read`
    /// is only its start.
    pub cut: Option<usize>,
}

/// The first `limit` characters of `input`, and the length of the whole input when it
/// has more. Costs `limit` characters for a short input and one count for a long one.
pub(crate) fn bounded(input: &str, limit: usize) -> Bounded<'_> {
    match input.char_indices().nth(limit) {
        None => Bounded {
            read: input,
            cut: None,
        },
        Some((end, _)) => Bounded {
            read: &input[..end],
            cut: Some(input.chars().count()),
        },
    }
}

/// A Unicode normalisation form, as [`set_normaliser`]'s function is asked for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NormalForm {
    /// Canonical composition, for names: `e` + U+0301 becomes `é`.
    Nfc,
    /// Compatibility composition, for NIKs and phone numbers: full-width digits become
    /// ASCII digits and a no-break space becomes a space, which is what phones' keyboards
    /// and copy-paste from PDFs put into form fields.
    Nfkc,
}

/// A function that normalises text into a [`NormalForm`], as `String.prototype.normalize`
/// does.
pub type Normaliser = fn(&str, NormalForm) -> String;

#[cfg(not(feature = "normalization"))]
static NORMALISER: OnceLock<Normaliser> = OnceLock::new();

/// Hands the checks the platform's normalisation, for a build without the `normalization`
/// feature (the crate's own Unicode tables): the npm package gives it
/// `String.prototype.normalize`. Until it is called, such a build takes its input as
/// already normalised. Returns false, and changes nothing, if one was already set.
///
/// The checks normalise only the bounded start of an input they read (1,024 characters
/// of a NIK or phone number), and never call it for ASCII text, which every form leaves
/// as it is.
///
/// ```
/// use kyc_precheck::{check_phone, set_normaliser, NormalForm, PhoneOptions};
///
/// // The full-width digits a phone keyboard may type, made ASCII as NFKC would.
/// fn full_width_digits(text: &str, _form: NormalForm) -> String {
///     text.chars()
///         .map(|c| match c {
///             '０'..='９' => char::from(b'0' + (u32::from(c) - u32::from('０')) as u8),
///             c => c,
///         })
///         .collect()
/// }
/// assert!(set_normaliser(full_width_digits));
/// let checked = check_phone("０８１２３４５６７８９０", &PhoneOptions::default());
/// assert_eq!(checked.value.as_deref(), Some("+6281234567890"));
/// ```
#[cfg(not(feature = "normalization"))]
pub fn set_normaliser(normaliser: Normaliser) -> bool {
    NORMALISER.set(normaliser).is_ok()
}

/// `input` in `form`. ASCII text is its own NFC and NFKC, so it is returned as it is.
pub(crate) fn normalise(input: &str, form: NormalForm) -> Cow<'_, str> {
    if input.is_ascii() {
        return Cow::Borrowed(input);
    }
    #[cfg(feature = "normalization")]
    let normalised = Cow::Owned(match form {
        NormalForm::Nfc => input.nfc().collect(),
        NormalForm::Nfkc => input.nfkc().collect(),
    });
    #[cfg(not(feature = "normalization"))]
    let normalised = match NORMALISER.get() {
        Some(normaliser) => Cow::Owned(normaliser(input, form)),
        None => Cow::Borrowed(input),
    };
    normalised
}

/// The first few distinct characters of `chars`, each quoted, in order of first
/// appearance, for a message that says exactly what to remove: `"O", "-"`. When there are
/// more than five, the list ends with `…`. Reads `chars` only until the sixth distinct
/// one, comparing each with at most five others.
pub(crate) fn distinct_quoted(chars: impl Iterator<Item = char>) -> String {
    let mut seen: Vec<char> = Vec::with_capacity(QUOTED_CHARACTERS);
    let mut more = false;
    for c in chars {
        if !seen.contains(&c) {
            if seen.len() == QUOTED_CHARACTERS {
                more = true;
                break;
            }
            seen.push(c);
        }
    }
    let mut quoted: Vec<String> = seen
        .iter()
        .map(|c| match c {
            ' ' => "\" \"".to_owned(),
            c if c.is_control() => format!("U+{:04X}", u32::from(*c)),
            c => format!("\"{c}\""),
        })
        .collect();
    if more {
        quoted.push("…".to_owned());
    }
    quoted.join(", ")
}

/// The ASCII digit for a decimal digit of a script whose digits NFKC leaves as they are
/// (NFKC already turns full-width and mathematical digits into ASCII ones).
///
/// Source: Unicode Character Database, UnicodeData.txt (General_Category `Nd`, each
/// script's digits zero to nine at consecutive code points). The scripts are those whose
/// keyboards Indonesian applicants are likely to have: Arabic (Arabic-Indic, and the
/// Extended Arabic-Indic digits of Persian and Urdu keyboards), Indonesia's own Balinese,
/// Sundanese and Javanese, and those of its neighbours and of the largest groups of
/// residents from abroad (Devanagari, Bengali, Thai, Lao, Myanmar, Khmer).
pub(crate) fn script_digit(c: char) -> Option<char> {
    /// The code point of each script's digit zero.
    const ZEROS: [u32; 11] = [
        0x0660, // Arabic-Indic
        0x06F0, // Extended Arabic-Indic
        0x0966, // Devanagari
        0x09E6, // Bengali
        0x0E50, // Thai
        0x0ED0, // Lao
        0x1040, // Myanmar
        0x17E0, // Khmer
        0x1B50, // Balinese
        0x1BB0, // Sundanese
        0xA9D0, // Javanese
    ];
    let code = u32::from(c);
    ZEROS
        .iter()
        .find(|zero| (**zero..**zero + 10).contains(&code))
        .and_then(|zero| char::from_digit(code - zero, 10))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_cuts_after_the_limit_and_counts_the_rest() {
        let short = bounded("0812", 4);
        assert_eq!((short.read, short.cut), ("0812", None));
        let long = bounded("08é12", 3);
        assert_eq!((long.read, long.cut), ("08é", Some(5)));
    }

    #[test]
    fn quoting_stops_after_five_distinct_characters() {
        assert_eq!(distinct_quoted("aOa-O".chars()), "\"a\", \"O\", \"-\"");
        assert_eq!(distinct_quoted(" \t".chars()), "\" \", U+0009");
        assert_eq!(
            distinct_quoted("abcdeabcdef".chars()),
            "\"a\", \"b\", \"c\", \"d\", \"e\", …"
        );
        assert_eq!(
            distinct_quoted("abcdeabcde".chars()),
            "\"a\", \"b\", \"c\", \"d\", \"e\""
        );
    }

    #[test]
    fn each_script_digit_block_is_ten_numeric_characters_nfkc_keeps() {
        let mut blocks = 0;
        for code in 0x80..0x11_0000 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let Some(digit) = script_digit(c) else {
                continue;
            };
            assert!(c.is_numeric() && !c.is_alphabetic(), "U+{code:04X}");
            #[cfg(feature = "normalization")]
            assert_eq!(normalise(&c.to_string(), NormalForm::Nfkc), c.to_string());
            if digit == '0' {
                blocks += 1;
                let nine = char::from_u32(code + 9).and_then(script_digit);
                assert_eq!(nine, Some('9'), "U+{code:04X} starts a block of ten");
            }
        }
        assert_eq!(blocks, 11);
        assert_eq!(script_digit('٣'), Some('3'));
        assert_eq!(script_digit('3'), None);
    }
}
