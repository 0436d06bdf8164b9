//! Indonesian phone numbers, as people type them.
//!
//! The five providers ask for one number in three spellings: Kredibel `62812…` (country
//! code without `+`), TD `0812…` (10–13 characters), OY `+62812…`. [`check_phone`] accepts
//! the usual ways of typing a number and returns all three.
//!
//! Mobile numbers have the national significant number (NSN) `8[1-35-9]` followed by 7–10
//! digits, i.e. `08…` of 10–13 characters; `080x` (toll-free and premium) and `084x` are
//! not mobile. Landlines (area codes starting 2–7 or 9) are accepted only with
//! [`PhoneOptions::allow_fixed_line`].
//!
//! The operator is a hint for the form ("Telkomsel") and never a reason to reject:
//! numbers move between operators, and prefixes are reassigned.
//!
//! Readings chosen where typing is ambiguous (each safe for the user: the normalised
//! number is returned for the form to show):
//! - `62…` without `+` is the country code, never a national number (no national number
//!   is written starting with 62; one always starts with 0).
//! - A `0` right after the country code (`+62 (0) 812…`, `+620812…`) is the national
//!   trunk prefix that people keep by habit, and is dropped.
//! - `8…` without any prefix is a national number without its 0, as typed after a "+62"
//!   label in a form.
//! - `00` is the international call prefix in the European style: `0062 812…` is
//!   `+62 812…`, and `0065…` a Singapore number.
//! - Indonesia's own international call prefixes, the carriers' codes `001`, `007`,
//!   `008`, `009` and the VoIP code `01017` (see [`CARRIER_PREFIXES`]), are read before
//!   `62` only when a mobile number of valid length follows: `001 62 812 3456 7890` is
//!   `+62 812 3456 7890`. Otherwise the digits keep the `00` reading, because the
//!   European style makes them foreign numbers too: `001 626 555 0100` is a Californian
//!   number (+1 626), never an Indonesian landline. A number of ten digits (from its 0)
//!   is not read after `008` or `009` either: `008 62 812 345 678` is also
//!   `00 86 28 1234 5678` (Chengdu, China), and `009 62 8…` also `00 962 8…` (Jordan).
//! - A second number, an extension or any letter is refused rather than guessed at.
//!
//! What is clearly formatting is removed before the number is read:
//! - NFKC: full-width digits and signs, no-break and ideographic spaces.
//! - Invisible characters that copying from chat apps, PDFs and right-to-left
//!   interfaces leaves in a number: the soft hyphen (U+00AD), zero-width space, non-joiner
//!   and joiner (U+200B–U+200D), word joiner (U+2060), byte order mark (U+FEFF), and the
//!   bidirectional marks, embeddings and isolates (U+200E, U+200F, U+202A–U+202C,
//!   U+2066–U+2069), which never change the order of the characters. The overrides
//!   U+202D and U+202E are refused: they make the digits *show* in another order than the
//!   one read.
//! - A tab is a space; dashes of every width (U+2010–U+2015) and the minus sign (U+2212)
//!   are hyphens.
//! - Digits of other scripts that NFKC keeps (Arabic-Indic, Extended Arabic-Indic,
//!   Devanagari and the others of `text::script_digit`) are read as their ASCII digits.
//!   Their values are unambiguous, and they may be mixed with ASCII digits, as happens
//!   when a keyboard is switched halfway.
//! - A slash separates groups of one number (`021/5555 1234`, `0812/3456/7890`). A slash
//!   followed by `0` or `+` starts a second number (`0812-3456-7890 / 0813-…`), which is
//!   refused as `phone.format`, as is a slash without digits on both sides.
//!
//! Still refused: a line break inside the number (a list of numbers, one a line), any
//! other control character, letters, and every other symbol.
//!
//! An input longer than 1,024 characters is refused without being read to the end: with
//! `phone.invalid_characters` when its start already holds a character a number cannot
//! have (the first five are named), `phone.format` when its start holds nothing but
//! spaces, otherwise with the issue its start leads to, where a `phone.length` counts
//! every character typed.

use crate::issue::{no_errors, Code, Issue};
use crate::text::{
    bounded, distinct_quoted, normalise, script_digit, NormalForm, FIELD_INPUT_LIMIT,
};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Mobile prefixes (national form) and the operator brand that was assigned each.
///
/// Source: the operators' published numbering (Telkomsel, Indosat Ooredoo Hutchison, XL
/// Axiata incl. Axis, Tri, Smartfren) as summarised in the public list of Indonesian
/// mobile prefixes. A hint only: numbers are portable between brands of one group.
pub const OPERATORS: [(&str, &str); 40] = [
    ("0811", "Telkomsel"),
    ("0812", "Telkomsel"),
    ("0813", "Telkomsel"),
    ("0821", "Telkomsel"),
    ("0822", "Telkomsel"),
    ("0823", "Telkomsel"),
    ("0851", "Telkomsel"),
    ("0852", "Telkomsel"),
    ("0853", "Telkomsel"),
    ("0814", "Indosat"),
    ("0815", "Indosat"),
    ("0816", "Indosat"),
    ("0855", "Indosat"),
    ("0856", "Indosat"),
    ("0857", "Indosat"),
    ("0858", "Indosat"),
    ("0817", "XL"),
    ("0818", "XL"),
    ("0819", "XL"),
    ("0859", "XL"),
    ("0877", "XL"),
    ("0878", "XL"),
    ("0831", "Axis"),
    ("0832", "Axis"),
    ("0833", "Axis"),
    ("0838", "Axis"),
    ("0895", "Tri"),
    ("0896", "Tri"),
    ("0897", "Tri"),
    ("0898", "Tri"),
    ("0899", "Tri"),
    ("0881", "Smartfren"),
    ("0882", "Smartfren"),
    ("0883", "Smartfren"),
    ("0884", "Smartfren"),
    ("0885", "Smartfren"),
    ("0886", "Smartfren"),
    ("0887", "Smartfren"),
    ("0888", "Smartfren"),
    ("0889", "Smartfren"),
];

/// Indonesia's international call prefixes read before `62`, besides `00`: the
/// international carriers' codes and a VoIP carrier's code.
///
/// Source: the Indonesian numbering plan's international access codes, "00x or 01xxx
/// (VoIP)" (Wikipedia, "Telephone numbers in Indonesia"); libphonenumber's metadata for
/// ID lists `00[89]` as its international prefix. `00` alone is the European style, read
/// everywhere.
const CARRIER_PREFIXES: [&str; 5] = ["001", "007", "008", "009", "01017"];

/// Options of [`check_phone`].
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PhoneOptions {
    /// Also accept landline numbers (default: mobile numbers only, as every provider's
    /// phone field is for a number that receives an SMS).
    #[serde(default)]
    pub allow_fixed_line: bool,
}

/// A valid number in the spellings the providers ask for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PhoneDetails {
    /// `+62812…` (OY).
    pub e164: String,
    /// `0812…` (TD).
    pub national: String,
    /// `62812…`, the country code without `+` (Kredibel).
    pub international: String,
    /// The operator brand the prefix was assigned to, as a hint; `None` when unknown.
    pub operator: Option<&'static str>,
}

/// The result of [`check_phone`].
#[derive(Clone, Debug, Serialize)]
pub struct PhoneCheck {
    /// False exactly when an issue of severity error is present.
    pub ok: bool,
    /// The number in E.164 (`+62812…`) when `ok`, otherwise `None`.
    pub value: Option<String>,
    /// What is wrong, if anything.
    pub issues: Vec<Issue>,
    /// The number in every spelling, when `ok`.
    pub phone: Option<PhoneDetails>,
}

/// Checks a phone number as typed and writes it in the providers' three spellings.
///
/// ```
/// use kyc_precheck::{check_phone, PhoneOptions};
///
/// let checked = check_phone("+62 (0) 812-3456-7890", &PhoneOptions::default());
/// assert!(checked.ok);
/// let phone = checked.phone.unwrap();
/// assert_eq!(phone.e164, "+6281234567890");
/// assert_eq!(phone.national, "081234567890");
/// assert_eq!(phone.international, "6281234567890");
/// assert_eq!(phone.operator, Some("Telkomsel"));
///
/// let landline = check_phone("021-5555-1234", &PhoneOptions::default());
/// assert_eq!(landline.issues[0].code.as_str(), "phone.not_mobile");
///
/// // Pasted with a zero-width space, in Arabic-Indic digits, after a carrier's prefix.
/// for typed in ["0812\u{200B}3456\u{200B}7890", "٠٨١٢٣٤٥٦٧٨٩٠", "001 62 812 3456 7890"] {
///     let checked = check_phone(typed, &PhoneOptions::default());
///     assert_eq!(checked.value.as_deref(), Some("+6281234567890"), "{typed}");
/// }
/// ```
pub fn check_phone(input: &str, options: &PhoneOptions) -> PhoneCheck {
    phone_check(read_phone(input, options))
}

/// [`check_phone`]'s reading of `input`: the national significant number of an accepted
/// number (its digits after `+62`), or the one issue that refuses it. The bindings answer
/// a valid number from it alone, without the spellings (see `checkPhoneNumber`).
pub(crate) fn read_phone(input: &str, options: &PhoneOptions) -> Result<String, Issue> {
    let input = bounded(input, FIELD_INPUT_LIMIT);
    national_significant_number(input.read)
        .map_err(|issue| match (issue.code, input.cut) {
            // A thousand spaces or invisible characters and then more: not one number.
            (Code::PhoneRequired, Some(_)) => Issue::new(Code::PhoneFormat),
            _ => issue,
        })
        .and_then(|nsn| {
            let national_length = input.cut.unwrap_or(nsn.len() + 1);
            classify(&nsn, national_length, options).map(|()| nsn)
        })
}

/// [`check_phone`]'s result from its reading (see [`read_phone`]): an accepted number
/// written `+62…`, `0…` and `62…`, or the refusal.
pub(crate) fn phone_check(read: Result<String, Issue>) -> PhoneCheck {
    match read {
        Ok(nsn) => {
            let e164 = ["+62", &nsn].concat();
            let national = ["0", &nsn].concat();
            let operator = operator(&nsn);
            // The number's own buffer, made with room for the two digits, becomes
            // `international`: one allocation fewer on every valid number (a form checks
            // one on each keystroke).
            let mut international = nsn;
            international.insert_str(0, "62");
            PhoneCheck {
                ok: true,
                value: Some(e164.clone()),
                issues: Vec::new(),
                phone: Some(PhoneDetails {
                    e164,
                    national,
                    international,
                    operator,
                }),
            }
        }
        Err(issue) => {
            let issues = vec![issue];
            PhoneCheck {
                ok: no_errors(&issues),
                value: None,
                issues,
                phone: None,
            }
        }
    }
}

/// Reads the typed text down to the national significant number (the digits after the
/// country code and trunk 0), or the one issue that stops it.
///
/// Hand-optimised for the keystroke's path (each step a copy fewer, none changing what is
/// read): a text without formatting is read where it is, and the number is the typed
/// digits' own buffer with its prefix cut off in place.
fn national_significant_number(input: &str) -> Result<String, Issue> {
    let normalised = normalise(input, NormalForm::Nfkc);
    // ASCII without a tab is left as it is (see without_formatting), read a byte at a time.
    let unchanged = |text: &str| {
        text.bytes().all(|b| b.is_ascii() && b != b'\t')
            || text.chars().all(|c| without_formatting(c) == Some(c))
    };
    let text: Cow<'_, str> = if unchanged(&normalised) {
        Cow::Borrowed(&normalised)
    } else {
        Cow::Owned(normalised.chars().filter_map(without_formatting).collect())
    };
    let text = text.trim();
    if text.is_empty() {
        return Err(Issue::new(Code::PhoneRequired));
    }
    let allowed =
        |c: char| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')' | '+' | '/');
    if text.chars().any(|c| !allowed(c)) {
        let characters = distinct_quoted(text.chars().filter(|c| !allowed(*c)));
        return Err(Issue::new(Code::PhoneInvalidCharacters).with("characters", characters));
    }
    let plus = text.starts_with('+');
    if text[usize::from(plus)..].contains('+')
        || !parentheses_are_plain(text)
        || !slashes_separate_groups(text)
    {
        return Err(Issue::new(Code::PhoneFormat));
    }
    // Room for the `62` that check_phone puts in front of the number.
    let mut digits = String::with_capacity(text.len() + 2);
    digits.extend(text.chars().filter(char::is_ascii_digit));
    let start = start_of_number(&digits, plus)?;
    digits.drain(..start);
    Ok(digits)
}

/// Where the national significant number starts in the typed `digits` (after a leading
/// `+` when `plus`): past the international call prefix, the country code and the trunk
/// 0, whichever were typed.
fn start_of_number(digits: &str, plus: bool) -> Result<usize, Issue> {
    let after_country_code = |at: usize| at + usize::from(digits[at..].starts_with('0'));
    let format = || Issue::new(Code::PhoneFormat);
    let not_indonesian =
        |code: &str| Issue::new(Code::PhoneNotIndonesian).with("countryCode", format!("+{code}"));
    if plus {
        return match digits.strip_prefix("62") {
            Some(_) => Ok(after_country_code(2)),
            None if digits.is_empty() || digits.starts_with('0') => Err(format()),
            None => Err(not_indonesian(country_code(digits))),
        };
    }
    if let Some(start) = after_carrier_prefix(digits) {
        return Ok(start);
    }
    if let Some(international) = digits.strip_prefix("00") {
        return match international.strip_prefix("62") {
            Some(_) => Ok(after_country_code(4)),
            None if international.is_empty() || international.starts_with('0') => Err(format()),
            None => Err(not_indonesian(country_code(international))),
        };
    }
    if digits.starts_with("62") {
        return Ok(after_country_code(2));
    }
    if digits.starts_with('0') {
        return Ok(1);
    }
    if digits.starts_with('8') {
        return Ok(0);
    }
    Err(format())
}

/// A character after NFKC with what is only formatting taken out (see the module docs):
/// `None` for an invisible character, a space for a tab, `-` for a dash, the ASCII digit
/// for another script's digit.
fn without_formatting(c: char) -> Option<char> {
    match c {
        '\u{00AD}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202C}'
        | '\u{2060}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}' => None,
        '\t' => Some(' '),
        // No other script's digit, no dash and no invisible character is ASCII.
        c if c.is_ascii() => Some(c),
        '\u{2010}'..='\u{2015}' | '\u{2212}' => Some('-'),
        c => Some(script_digit(c).unwrap_or(c)),
    }
}

/// True when every slash stands between digits and none starts a second number: each
/// part holds a digit, and every part after a slash goes on with a digit other than 0.
fn slashes_separate_groups(text: &str) -> bool {
    let mut parts = text.split('/');
    let first_holds_a_digit = parts
        .next()
        .is_some_and(|part| part.bytes().any(|b| b.is_ascii_digit()));
    first_holds_a_digit
        && parts.all(|part| {
            part.bytes()
                .find(|b| b.is_ascii_digit() || *b == b'+')
                .is_some_and(|b| matches!(b, b'1'..=b'9'))
        })
}

/// Where the national significant number starts in `digits` after one of
/// [`CARRIER_PREFIXES`] and `62`, when it is a mobile number of valid length and, after
/// `008` or `009`, of more than ten digits from its 0 (ten-digit ones are also Chinese or
/// Jordanian numbers in the `00` style).
fn after_carrier_prefix(digits: &str) -> Option<usize> {
    CARRIER_PREFIXES.iter().find_map(|prefix| {
        let rest = digits.strip_prefix(prefix)?.strip_prefix("62")?;
        let nsn = rest.strip_prefix('0').unwrap_or(rest);
        let mobile = classify(nsn, nsn.len() + 1, &PhoneOptions::default()).is_ok();
        let shared_with_a_foreign_number = matches!(*prefix, "008" | "009") && nsn.len() + 1 == 10;
        (mobile && !shared_with_a_foreign_number).then(|| digits.len() - nsn.len())
    })
}

/// True when every parenthesis is closed, none is nested, and each group holds only digits
/// and spaces (and at least one digit): `(0812)`, `(0)`, `(021)`.
fn parentheses_are_plain(text: &str) -> bool {
    // Inside a group: whether it has held a digit yet.
    let mut group: Option<bool> = None;
    for c in text.chars() {
        group = match (c, group) {
            ('(', None) => Some(false),
            ('(', Some(_)) | (')', None) | (')', Some(false)) => return false,
            (')', Some(true)) => None,
            (c, Some(_)) if c.is_ascii_digit() => Some(true),
            (' ', Some(digit)) => Some(digit),
            (_, Some(_)) => return false,
            (_, None) => None,
        };
    }
    group.is_none()
}

/// The calling code a foreign number starts with, for the message: the ITU codes are one
/// to three digits and prefix-free, so the first match in this short list is the answer
/// for the common cases, and three digits otherwise.
fn country_code(digits: &str) -> &str {
    const ONE_DIGIT: &[u8] = b"17";
    const TWO_DIGIT: &[&str] = &[
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
        "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "63", "64",
        "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
    ];
    let length = if digits
        .as_bytes()
        .first()
        .is_some_and(|b| ONE_DIGIT.contains(b))
    {
        1
    } else if TWO_DIGIT.iter().any(|code| digits.starts_with(code)) {
        2
    } else {
        3
    };
    &digits[..length.min(digits.len())]
}

/// Decides whether a national significant number is an acceptable number;
/// `national_length` is its length written with the trunk 0 (or, for an input cut at
/// the bound, the number of characters typed).
fn classify(nsn: &str, national_length: usize, options: &PhoneOptions) -> Result<(), Issue> {
    let length = |min: usize, max: usize| {
        if (min..=max).contains(&national_length) {
            Ok(())
        } else {
            Err(Issue::new(Code::PhoneLength)
                .with("length", national_length)
                .with("min", min)
                .with("max", max))
        }
    };
    let bytes = nsn.as_bytes();
    match (bytes.first(), bytes.get(1)) {
        (None | Some(b'0' | b'1'), _) => Err(Issue::new(Code::PhoneUnknownPrefix)
            .with("prefix", format!("0{}", nsn.get(..1).unwrap_or_default()))),
        (Some(b'8'), Some(b'0' | b'4')) => Err(Issue::new(Code::PhoneNotMobile)),
        (Some(b'8'), _) => length(10, 13),
        (Some(_), _) if options.allow_fixed_line => length(8, 12),
        (Some(_), _) => Err(Issue::new(Code::PhoneNotMobile)),
    }
}

/// The position in [`OPERATORS`] of each prefix `0800` to `0899` by its last two digits,
/// `u8::MAX` for a prefix no operator was assigned: a number's operator is found by its
/// digits, not by comparing them with 40 prefixes. Made from [`OPERATORS`] when compiling.
const OPERATOR_BY_NUMBER: [u8; 100] = {
    let mut positions = [u8::MAX; 100];
    let mut at = 0;
    while at < OPERATORS.len() {
        let prefix = OPERATORS[at].0.as_bytes();
        assert!(prefix.len() == 4 && prefix[0] == b'0' && prefix[1] == b'8');
        assert!(prefix[2].is_ascii_digit() && prefix[3].is_ascii_digit());
        let number = (prefix[2] - b'0') as usize * 10 + (prefix[3] - b'0') as usize;
        assert!(positions[number] == u8::MAX, "a prefix twice in OPERATORS");
        positions[number] = at as u8;
        at += 1;
    }
    positions
};

/// The position in [`OPERATORS`] of the operator of a mobile number's prefix.
pub(crate) fn operator_position(nsn: &str) -> Option<usize> {
    let &[b'8', tens @ b'0'..=b'9', units @ b'0'..=b'9', ..] = nsn.as_bytes() else {
        return None;
    };
    let number = usize::from(tens - b'0') * 10 + usize::from(units - b'0');
    let position = OPERATOR_BY_NUMBER[number];
    (position != u8::MAX).then_some(usize::from(position))
}

/// The operator brand of a mobile number's prefix.
pub(crate) fn operator(nsn: &str) -> Option<&'static str> {
    operator_position(nsn).map(|position| OPERATORS[position].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index by number finds what a search of the table finds, for every number
    /// starting with each of the 1,000 prefixes of three digits and for shorter ones.
    #[test]
    fn operator_by_number_is_the_table_searched() {
        let mut numbers: Vec<String> = (0..1000).map(|prefix| format!("{prefix:03}4567")).collect();
        numbers.extend(["", "8", "81", "812", "8a2", "٨١٢"].map(String::from));
        for nsn in &numbers {
            let searched = nsn.get(..3).and_then(|prefix| {
                OPERATORS
                    .iter()
                    .find(|(national, _)| national[1..] == *prefix)
                    .map(|(_, name)| *name)
            });
            assert_eq!(operator(nsn), searched, "{nsn:?}");
        }
        assert_eq!(
            numbers.iter().filter(|nsn| operator(nsn).is_some()).count(),
            41
        );
    }
}
