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
    // No more characters than bytes: a form field's input is not counted at all.
    if input.len() <= limit {
        return Bounded {
            read: input,
            cut: None,
        };
    }
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
            c if shown_as_code_point(*c) => format!("U+{:04X}", u32::from(*c)),
            c => format!("\"{c}\""),
        })
        .collect();
    if more {
        quoted.push("…".to_owned());
    }
    quoted.join(", ")
}

/// Whether `c` is a format character (General_Category Cf): invisible, it changes how
/// the text around it is shown or joined. Among them: the soft hyphen U+00AD, the
/// zero-width space, joiners and direction marks U+200B–U+200F, the embeddings and
/// overrides U+202A–U+202E (a text that holds one shows its characters in another order
/// than it sends them), the isolates U+2066–U+2069 and the byte order mark U+FEFF.
///
/// Source: Unicode 16.0, DerivedGeneralCategory.txt, every `Cf` range (a test holds this
/// to the JavaScript engine's `/\p{Cf}/u`). Written out because `char` has no
/// general-category query and a Unicode-properties crate would add its tables to the wasm
/// for one category.
pub(crate) fn is_format(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{600}'..='\u{605}'
            | '\u{61C}'
            | '\u{6DD}'
            | '\u{70F}'
            | '\u{890}'..='\u{891}'
            | '\u{8E2}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}'
    )
}

/// Whether a message shows `c` as its code point (`U+200B`) rather than quoted: a
/// character that cannot be seen on its own, so that quoting it shows an empty pair of
/// quotes, or that changes the message around it. Controls, format characters
/// ([`is_format`]), spaces other than the ASCII one (a no-break space looks like one),
/// combining marks and variation selectors (alone, they would sit on the quote mark), and
/// the Hangul fillers, which show as blank.
fn shown_as_code_point(c: char) -> bool {
    c.is_control()
        || is_format(c)
        || (c.is_whitespace() && c != ' ')
        || crate::combining_mark::is_combining_mark(c)
        || matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
        || matches!(
            c,
            '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' | '\u{2800}'
        )
}

/// Whether a free-text field (an address, a reference number) may not send `c`: a control
/// character other than tab and line breaks (NUL, ESC, DEL, the C1 controls U+0080–U+009F,
/// which are what a paste from a terminal or a broken encoding leaves), or a format
/// character ([`is_format`]) other than the zero-width joiner and non-joiner, which some
/// scripts and emoji need. JSON escapes them, so the request stays well-formed, but the
/// applicant never typed them, they make the text the provider compares (OY matches the
/// address with the KTP's) differ from what the applicant sees, and a provider's database
/// may refuse a NUL (PostgreSQL's `text` does) and answer the paid call with an error.
pub(crate) fn unsendable(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || (is_format(c) && !matches!(c, '\u{200C}' | '\u{200D}'))
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

/// `text.parse::<f64>().ok()`, to the bit: the same syntax (a sign, then `inf`,
/// `infinity` or `nan` in any case, or digits with an optional point and exponent) and the
/// same value, the nearest `f64` to the exact decimal (ties to even). Without core's
/// parser and its table of powers of five: about 16 KB of the wasm module, which parses
/// only SVG lengths and the providers' stated sizes with it.
///
/// The first 800 significant digits are kept, and any non-zero digit after them as one
/// more digit `1`: a rounding boundary of `f64` has at most 767 significant digits, so no
/// boundary lies between the two values.
pub(crate) fn parse_f64(text: &str) -> Option<f64> {
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let signed = |value: f64| if negative { -value } else { value };
    if unsigned.eq_ignore_ascii_case("inf") || unsigned.eq_ignore_ascii_case("infinity") {
        return Some(signed(f64::INFINITY));
    }
    if unsigned.eq_ignore_ascii_case("nan") {
        return Some(f64::NAN);
    }
    let bytes = unsigned.as_bytes();
    let digits = |from: usize| digit_run(bytes, from);
    let whole = digits(0);
    let mut end = whole;
    let mut fraction = 0;
    if bytes.get(end) == Some(&b'.') {
        fraction = digits(end + 1);
        end += 1 + fraction;
    }
    if whole + fraction == 0 {
        return None;
    }
    let mantissa = &bytes[..end];
    let mut exponent: i64 = 0;
    if matches!(bytes.get(end), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(bytes.get(end + 1), Some(b'+' | b'-')));
        let count = digits(end + 1 + sign);
        if count == 0 {
            return None;
        }
        for digit in &bytes[end + 1 + sign..end + 1 + sign + count] {
            exponent = (exponent * 10 + i64::from(digit - b'0')).min(1 << 40);
        }
        if bytes[end + 1] == b'-' {
            exponent = -exponent;
        }
        end += 1 + sign + count;
    }
    if end != bytes.len() {
        return None;
    }
    // The value is `significant` × 10^exponent, `significant` an integer of at most 801
    // digits without leading zeros, in 32-bit limbs (least significant first).
    exponent -= fraction as i64;
    let mut significant: Vec<u32> = Vec::new();
    let (mut kept, mut sticky) = (0, false);
    for &digit in mantissa.iter().filter(|b| **b != b'.') {
        if kept == 0 && digit == b'0' {
            continue;
        }
        if kept < 800 {
            times_plus(&mut significant, 10, u32::from(digit - b'0'));
            kept += 1;
        } else {
            exponent += 1;
            sticky |= digit != b'0';
        }
    }
    if sticky {
        times_plus(&mut significant, 10, 1);
        kept += 1;
        exponent -= 1;
    }
    if kept == 0 || kept as i64 + exponent <= -325 {
        // Below 10^-325, under half the smallest subnormal.
        return Some(signed(0.0));
    }
    if kept as i64 - 1 + exponent >= 309 {
        return Some(signed(f64::INFINITY));
    }
    // value = whole × 2^scale, plus a fraction of the last bit when `inexact`.
    let (whole, scale, inexact) = if exponent >= 0 {
        for _ in 0..exponent {
            times_plus(&mut significant, 10, 0);
        }
        (significant, 0, false)
    } else {
        let mut divisor = vec![1];
        for _ in 0..-exponent {
            times_plus(&mut divisor, 10, 0);
        }
        // A quotient of 58 to 60 bits: more than the 54 that rounding needs.
        let shift = bits(&divisor) as i64 - bits(&significant) as i64 + 58;
        let mut remainder = shifted(&significant, shift.max(0) as usize);
        let divisor = shifted(&divisor, (-shift).max(0) as usize);
        let mut quotient: u64 = 0;
        for bit in (0..61).rev() {
            let part = shifted(&divisor, bit);
            if !less(&remainder, &part) {
                subtract(&mut remainder, &part);
                quotient |= 1 << bit;
            }
        }
        let limbs = vec![quotient as u32, (quotient >> 32) as u32];
        (limbs, -shift, remainder.iter().any(|limb| *limb != 0))
    };
    // Round to 53 bits, or to the subnormals' fixed last bit, 2^-1074.
    let length = bits(&whole) as i64;
    let mut unit = (length - 1 + scale - 52).max(-1074);
    let drop = unit - scale;
    let mut rounded: u64 = if drop <= 0 {
        low_bits(&whole, 0) << -drop
    } else {
        let drop = drop as usize;
        let kept = low_bits(&whole, drop);
        let half = bit(&whole, drop - 1);
        let below = inexact || (0..drop - 1).any(|at| bit(&whole, at));
        kept + u64::from(half && (below || kept % 2 == 1))
    };
    if rounded == 1 << 53 {
        rounded >>= 1;
        unit += 1;
    }
    if unit + 52 > 1023 {
        return Some(signed(f64::INFINITY));
    }
    let bits = if rounded >= 1 << 52 {
        ((unit + 1075) as u64) << 52 | (rounded - (1 << 52))
    } else {
        rounded
    };
    Some(signed(f64::from_bits(bits)))
}

/// How many ASCII digits follow in `bytes` from `from` (0 past the end): the runs of a
/// number's text, for [`parse_f64`] and the SVG checks' reading of a CSS number.
pub(crate) fn digit_run(bytes: &[u8], from: usize) -> usize {
    bytes[from.min(bytes.len())..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count()
}

/// `number` × `factor` + `add`.
fn times_plus(number: &mut Vec<u32>, factor: u32, add: u32) {
    let mut carry = u64::from(add);
    for limb in number.iter_mut() {
        let product = u64::from(*limb) * u64::from(factor) + carry;
        *limb = product as u32;
        carry = product >> 32;
    }
    if carry > 0 {
        number.push(carry as u32);
    }
}

/// The number of bits of `number` without its leading zeros.
fn bits(number: &[u32]) -> usize {
    let top = number.iter().rposition(|limb| *limb != 0);
    top.map_or(0, |top| {
        32 * top + 32 - number[top].leading_zeros() as usize
    })
}

fn bit(number: &[u32], at: usize) -> bool {
    number
        .get(at / 32)
        .is_some_and(|limb| limb >> (at % 32) & 1 == 1)
}

/// `number` >> `from`, when it fits 64 bits.
fn low_bits(number: &[u32], from: usize) -> u64 {
    (0..64).fold(0, |value, at| {
        value | u64::from(bit(number, from + at)) << at
    })
}

/// `number` << `shift`.
fn shifted(number: &[u32], shift: usize) -> Vec<u32> {
    let mut out = vec![0; shift / 32];
    let mut carry = 0;
    for limb in number {
        let wide = u64::from(*limb) << (shift % 32) | carry;
        out.push(wide as u32);
        carry = wide >> 32;
    }
    out.push(carry as u32);
    out
}

fn less(a: &[u32], b: &[u32]) -> bool {
    let length = a.len().max(b.len());
    (0..length)
        .rev()
        .map(|at| {
            (
                a.get(at).copied().unwrap_or(0),
                b.get(at).copied().unwrap_or(0),
            )
        })
        .find(|(x, y)| x != y)
        .is_some_and(|(x, y)| x < y)
}

/// `a` -= `b`, for `b` ≤ `a`.
fn subtract(a: &mut [u32], b: &[u32]) {
    let mut borrow = 0;
    for (at, limb) in a.iter_mut().enumerate() {
        let (value, under) = limb.overflowing_sub(b.get(at).copied().unwrap_or(0));
        let (value, under_too) = value.overflowing_sub(borrow);
        *limb = value;
        borrow = u32::from(under || under_too);
    }
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
        // A direction override in a message would reorder the message itself; a
        // zero-width space, a soft hyphen or a lone accent would show as "".
        assert_eq!(
            distinct_quoted("a\u{202E}b\u{2069}".chars()),
            "\"a\", U+202E, \"b\", U+2069"
        );
        assert_eq!(
            distinct_quoted("\u{200B}\u{AD}\u{301}\u{A0}é".chars()),
            "U+200B, U+00AD, U+0301, U+00A0, \"é\""
        );
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
    fn parse_f64_reads_what_core_reads() {
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut texts: Vec<String> = [
            "",
            "+",
            "-",
            ".",
            "e5",
            "1e",
            "1e+",
            "1.e3",
            ".5",
            "5.",
            "-0",
            "+0.0e-9",
            "0e999999999999",
            "1e400",
            "-1e400",
            "1e-400",
            "inf",
            "-Infinity",
            "NaN",
            "nan1",
            "infin",
            "1_0",
            " 1",
            "1 ",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "4.9406564584124654e-324",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "2.2250738585072011e-308",
            "2.2250738585072014e-308",
            "9007199254740993",
            "0x10",
            "١",
        ]
        .map(str::to_owned)
        .to_vec();
        texts.push(format!("0.{}1", "0".repeat(900)));
        texts.push(format!("1{}e-900", "0".repeat(900)));
        texts.push(format!("{}1e-{}", "9".repeat(850), 1_100));
        for _ in 0..20_000 {
            // A decimal written from an f64's bits, and the halfway point above it: the
            // cases a parser most often gets wrong.
            let value = f64::from_bits(next() >> 1);
            if value.is_finite() {
                texts.push(format!("{value:e}"));
                let ulp = f64::from_bits(value.to_bits() + 1) - value;
                if ulp.is_finite() && ulp / 2.0 > 0.0 {
                    let halfway = exact_sum(value, ulp / 2.0);
                    texts.push(halfway.clone());
                    // Just below and just above the boundary, past 767 digits.
                    texts.push(halfway.replacen('e', &format!("{}e", "9".repeat(40)), 1));
                    texts.push(halfway.replacen('e', &format!("{}1e", "0".repeat(40)), 1));
                    texts.push(format!("{value:.60e}"));
                }
            }
            let digits: String = (0..1 + next() % 30)
                .map(|_| char::from(b'0' + (next() % 10) as u8))
                .collect();
            let point = (next() as usize) % (digits.len() + 1);
            let exponent = (next() % 700) as i64 - 350;
            texts.push(format!(
                "{}.{}e{exponent}",
                &digits[..point],
                &digits[point..]
            ));
            texts.push(format!("{}{}", &digits[..point], &digits[point..]));
            texts.push(format!("{}.{}", &digits[..point], &digits[point..]));
        }
        for text in &texts {
            let ours = parse_f64(text).map(f64::to_bits);
            let core = text.parse::<f64>().ok().map(f64::to_bits);
            let nan = |value: Option<f64>| value.is_some_and(f64::is_nan);
            assert!(
                ours == core || (nan(parse_f64(text)) && nan(text.parse().ok())),
                "{text:?}: {ours:?} against {core:?}"
            );
        }
    }

    /// `a` + `b` (both positive) exactly, in decimal: `d.ddd…e-n`.
    fn exact_sum(a: f64, b: f64) -> String {
        // Every f64 is exact within 800 significant digits.
        let digits = |value: f64| {
            let text = format!("{value:.800e}");
            let (mantissa, exponent) = text.split_once('e').unwrap();
            let digits: Vec<u32> = mantissa
                .bytes()
                .filter(u8::is_ascii_digit)
                .map(|d| u32::from(d - b'0'))
                .collect();
            (digits, exponent.parse::<i64>().unwrap())
        };
        let ((mut x, ex), (mut y, ey)) = (digits(a), digits(b));
        // Both as integers × 10^(low), least significant digit first.
        let low = (ex - 800).min(ey - 800);
        x.reverse();
        y.reverse();
        let mut sum = vec![0; 2000];
        for (number, exponent) in [(&x, ex), (&y, ey)] {
            let offset = (exponent - 800 - low) as usize;
            for (at, digit) in number.iter().enumerate() {
                sum[offset + at] += digit;
            }
        }
        for at in 0..sum.len() - 1 {
            sum[at + 1] += sum[at] / 10;
            sum[at] %= 10;
        }
        let top = sum.iter().rposition(|d| *d != 0).unwrap();
        let text: String = sum[..=top]
            .iter()
            .rev()
            .map(|d| char::from(b'0' + *d as u8))
            .collect();
        format!("{}.{}e{}", &text[..1], &text[1..], low + top as i64)
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
