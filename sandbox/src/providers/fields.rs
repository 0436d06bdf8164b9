//! Reading a request's JSON fields, and the few shapes the pages name (dates, an email
//! address, base64 without a `data:` prefix), written from the pages alone.
//!
//! Each check is the least the page's words require; a provider's file says which page
//! line asks for it.

use super::images::Rule;
use base64::Engine as _;
use serde_json::{Map, Value};
use std::fmt::Display;

/// What is wrong with a request, field by field, all at once.
#[derive(Default, Debug)]
pub struct Problems {
    /// The provider's names of the fields at fault, in the order found.
    pub fields: Vec<String>,
    /// One message per problem, each naming its field.
    pub messages: Vec<String>,
}

impl Problems {
    /// Notes a problem with `field`.
    pub fn add(&mut self, field: &str, message: impl Display) {
        if !self.fields.iter().any(|f| f == field) {
            self.fields.push(field.to_owned());
        }
        self.messages.push(format!("{field}: {message}"));
    }

    /// True when nothing is wrong.
    pub fn is_empty(&self) -> bool {
        self.messages.is_empty()
    }

    /// The messages joined, for one JSON `message`.
    pub fn message(&self) -> String {
        self.messages.join("; ")
    }

    /// The sandbox's 400 answer for providers that document no error shape.
    pub fn answer(&self) -> crate::http::Answer {
        crate::http::Answer::error(400, "invalid_request", &self.message(), &self.fields)
    }

    /// Checks the string field `name` with `check`, noting what is wrong; gives the value
    /// when it is a non-blank string, whatever `check` said.
    pub fn text<'a>(
        &mut self,
        object: &'a Map<String, Value>,
        name: &str,
        check: impl Fn(&str) -> Result<(), String>,
    ) -> Option<&'a str> {
        match text(object, name) {
            Ok(value) => {
                if let Err(message) = check(value) {
                    self.add(name, message);
                }
                Some(value)
            }
            Err(message) => {
                self.add(name, message);
                None
            }
        }
    }

    /// Like [`Problems::text`] for a field that may be left out.
    pub fn optional_text(
        &mut self,
        object: &Map<String, Value>,
        name: &str,
        check: impl Fn(&str) -> Result<(), String>,
    ) {
        match optional_text(object, name) {
            Ok(Some(value)) => {
                if let Err(message) = check(value) {
                    self.add(name, message);
                }
            }
            Ok(None) => {}
            Err(message) => self.add(name, message),
        }
    }

    /// A base64 photo field, decoded and checked against `rule`.
    pub fn photo(&mut self, object: &Map<String, Value>, name: &str, rule: &Rule, required: bool) {
        let text = match optional_text(object, name) {
            Ok(Some(text)) => text,
            Ok(None) if required => return self.add(name, "is required"),
            Ok(None) => return,
            Err(message) => return self.add(name, message),
        };
        if let Err(message) = decode_base64(text).and_then(|bytes| rule.check(&bytes)) {
            self.add(name, message);
        }
    }
}

/// The JSON object a body holds.
///
/// # Errors
///
/// A message when the body is not JSON or not an object.
pub fn object(body: &[u8]) -> Result<Map<String, Value>, String> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err("the body must be a JSON object".to_owned()),
        Err(error) => Err(format!("the body is not JSON ({error})")),
    }
}

/// A field's value when it is a string that is not blank.
///
/// # Errors
///
/// "is required" when absent, null or blank; "must be a string" for another type.
pub fn text<'a>(object: &'a Map<String, Value>, name: &str) -> Result<&'a str, &'static str> {
    match object.get(name) {
        None | Some(Value::Null) => Err("is required"),
        Some(Value::String(text)) if text.trim().is_empty() => Err("is required"),
        Some(Value::String(text)) => Ok(text),
        Some(_) => Err("must be a string"),
    }
}

/// Like [`text`], for a field that may be absent: `Ok(None)` when it is.
///
/// # Errors
///
/// "must be a string" for another type.
pub fn optional_text<'a>(
    object: &'a Map<String, Value>,
    name: &str,
) -> Result<Option<&'a str>, &'static str> {
    match text(object, name) {
        Ok(text) => Ok(Some(text)),
        Err("is required") => Ok(None),
        Err(error) => Err(error),
    }
}

/// Decodes standard base64 (padding optional), refusing the `data:` prefix the pages
/// forbid ("Image binary encoded in base64 without <data:image/png;>").
///
/// # Errors
///
/// What is wrong with the text.
pub fn decode_base64(text: &str) -> Result<Vec<u8>, String> {
    if text.trim_start().starts_with("data:") {
        return Err("must be base64 without a data: prefix".to_owned());
    }
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(text))
        .map_err(|_| "is not valid base64".to_owned())
}

/// True for a day that exists in the proleptic Gregorian calendar.
pub fn is_calendar_date(year: u32, month: u32, day: u32) -> bool {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// Checks a date written in `pattern`, whose `Y`, `M` and `D` stand for digits
/// (`YYYY-MM-DD`, `DD-MM-YYYY`) and anything else for itself.
///
/// # Errors
///
/// "must be written {pattern}" or "is not a real date".
pub fn check_date(text: &str, pattern: &str) -> Result<(), String> {
    let shaped = text.len() == pattern.len()
        && text.bytes().zip(pattern.bytes()).all(|(c, p)| match p {
            b'Y' | b'M' | b'D' => c.is_ascii_digit(),
            _ => c == p,
        });
    if !shaped {
        return Err(format!("must be written {pattern}"));
    }
    let field = |letter: u8| -> u32 {
        text.bytes()
            .zip(pattern.bytes())
            .filter(|(_, p)| *p == letter)
            .fold(0, |value, (c, _)| value * 10 + u32::from(c - b'0'))
    };
    if is_calendar_date(field(b'Y'), field(b'M'), field(b'D')) {
        Ok(())
    } else {
        Err("is not a real date".to_owned())
    }
}

/// The least an email address is: something, one `@`, a domain with a dot, no spaces.
///
/// # Errors
///
/// "is not an email address".
pub fn check_email(text: &str) -> Result<(), String> {
    let valid = match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.split('.').count() >= 2
                && domain.split('.').all(|label| !label.is_empty())
                && !text.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if valid {
        Ok(())
    } else {
        Err("is not an email address".to_owned())
    }
}

/// Text that is only ASCII digits (at least one).
pub fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_follow_their_pattern_and_the_calendar() {
        assert_eq!(check_date("1990-05-12", "YYYY-MM-DD"), Ok(()));
        assert_eq!(check_date("2000-02-29", "YYYY-MM-DD"), Ok(()));
        assert_eq!(check_date("31-01-1981", "DD-MM-YYYY"), Ok(()));
        for (text, pattern) in [
            ("1990-5-12", "YYYY-MM-DD"),
            ("12-05-1990", "YYYY-MM-DD"),
            ("1990/05/12", "YYYY-MM-DD"),
            ("1990-05-12", "DD-MM-YYYY"),
            ("1900-02-29", "YYYY-MM-DD"),
            ("1990-13-01", "YYYY-MM-DD"),
            ("00-01-1990", "DD-MM-YYYY"),
            ("१९९०-05-12", "YYYY-MM-DD"),
        ] {
            assert!(check_date(text, pattern).is_err(), "{text} {pattern}");
        }
    }

    #[test]
    fn email_addresses_need_a_local_part_and_a_dotted_domain() {
        assert_eq!(check_email("siti@example.co.id"), Ok(()));
        for text in [
            "siti@",
            "@example.com",
            "siti@example",
            "a@b@c.d",
            "s iti@x.id",
            "siti@x..id",
        ] {
            assert!(check_email(text).is_err(), "{text}");
        }
    }

    #[test]
    fn base64_without_a_data_prefix() {
        assert_eq!(decode_base64("YWJj").as_deref(), Ok(&b"abc"[..]));
        assert_eq!(decode_base64("YWI").as_deref(), Ok(&b"ab"[..]));
        assert!(decode_base64("data:image/png;base64,YWJj").is_err());
        assert!(decode_base64("YW J").is_err());
    }
}
