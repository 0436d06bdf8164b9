//! The references in CSS text: a `<style>` sheet, a `style` attribute, or any other
//! attribute value (presentation attributes such as `fill` are parsed as CSS).
//!
//! Two passes, and either may refuse:
//!
//! 1. A tokenizer that reads the text as a browser's does (CSS Syntax Level 3, §4):
//!    comments are dropped and escapes decoded before a name is compared, so `u\72 l(…)`
//!    and `@\69mport` are the `url(` and `@import` the browser sees, while `u/**/rl(`
//!    is not. Every `url(…)` must name a fragment of this file (`#id`).
//! 2. A loose scan that decodes every escape and looks for the same words anywhere, in
//!    comments and strings too and with whitespace inside them (`url (`, `java script:`):
//!    a renderer whose tokenizer differs from the first pass still finds nothing to
//!    fetch.
//!
//! Both look only around the bytes that can end or start a finding (`(`, `:`, `@`), so
//! both are linear in the text.
//!
//! Refused outright: `@import`, and the functions that take a URL as a plain string
//! (`image-set()`, `image()`, `cross-fade()`, `src()`, with or without a vendor prefix)
//! or read one from an attribute (`attr()`), since a string can reach them through
//! `var()` where no pass can see it. No photo needs any of them.

use super::{find_any, Unsafe};

/// Functions refused wherever they appear (after any `-vendor-` prefix is removed).
const URL_FUNCTIONS: &[&[u8]] = &[b"attr", b"cross-fade", b"image", b"image-set", b"src"];

/// Checks CSS text for anything that could fetch or run.
pub(super) fn check(css: &str) -> Result<(), Unsafe> {
    let bytes = css.as_bytes();
    let escapes = memchr::memchr(b'\\', bytes).is_some();
    // Without a parenthesis there is no function, without `@` no at-rule, without a colon
    // no scheme, and without a backslash no escape that could make any of them.
    if !escapes && find_any(bytes, 0, [b'(', b'@', b':']).is_none() {
        return Ok(());
    }
    let comments = memchr::memchr_iter(b'*', bytes).any(|at| at > 0 && bytes[at - 1] == b'/');
    if escapes || comments {
        Tokenizer { css: bytes, at: 0 }.check()?;
    } else {
        plain_check(bytes)?;
    }
    loose_check(bytes, escapes)
}

/// The tokenizer's pass, for text without escapes or comments, where a function's name is
/// read back from its `(` and an at-rule's forward from its `@`: only those places are
/// looked at. (A `(` inside a string is taken as a function's too, which
/// can only refuse more.)
fn plain_check(css: &[u8]) -> Result<(), Unsafe> {
    let mut name = Vec::new();
    let mut value = Vec::new();
    let mut at = 0;
    while let Some(anchor) = find_any(css, at, [b'(', b'@', b'@']) {
        at = anchor + 1;
        if css[anchor] == b'@' {
            let run = css[at..].iter().take_while(|&&b| is_name(b)).count();
            if css[at..at + run].eq_ignore_ascii_case(b"import") {
                return Err(Unsafe::ExternalReference);
            }
            continue;
        }
        // The name the tokenizer reads: from the first place in the run where a name can
        // start (digits cannot, nor can a `-` before a digit).
        let run = css[..anchor]
            .iter()
            .rev()
            .take_while(|&&b| is_name(b))
            .count();
        let start = (anchor - run..anchor)
            .find(|&i| {
                is_name_start(css[i])
                    || (css[i] == b'-'
                        && css
                            .get(i + 1)
                            .is_some_and(|&b| is_name_start(b) || b == b'-'))
            })
            .unwrap_or(anchor);
        name.clear();
        name.extend(css[start..anchor].iter().map(u8::to_ascii_lowercase));
        // The scan goes on from just after the `(`, through a URL's text too: only more
        // can be found that way.
        Tokenizer { css, at }.function(&name, &mut value)?;
    }
    Ok(())
}

/// CSS whitespace (after the spec's preprocessing, which turns CR and FF into newlines).
fn is_whitespace(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C')
}

fn is_newline(byte: u8) -> bool {
    matches!(byte, b'\n' | b'\r' | b'\x0C')
}

/// A name-start code point: a letter, `_`, or anything outside ASCII (each byte of a
/// multi-byte UTF-8 sequence is at least 0x80, so the whole sequence is taken).
fn is_name_start(byte: u8) -> bool {
    byte.is_ascii_alphabetic() || byte == b'_' || byte >= 0x80
}

fn is_name(byte: u8) -> bool {
    is_name_start(byte) || byte.is_ascii_digit() || byte == b'-'
}

/// A URL stays in this file when, after the URL parser's trimming of spaces and control
/// characters, it is a fragment.
fn is_fragment(url: &[u8]) -> bool {
    url.iter().find(|&&b| b > b' ') == Some(&b'#')
}

struct Tokenizer<'a> {
    css: &'a [u8],
    at: usize,
}

impl Tokenizer<'_> {
    fn peek(&self, ahead: usize) -> Option<u8> {
        self.css.get(self.at + ahead).copied()
    }

    /// A backslash at `ahead` that starts an escape (not one before a newline or the end).
    fn escape_at(&self, ahead: usize) -> bool {
        self.peek(ahead) == Some(b'\\') && self.peek(ahead + 1).is_some_and(|b| !is_newline(b))
    }

    /// §4.3.9: whether an identifier starts here.
    fn starts_name(&self) -> bool {
        match self.peek(0) {
            Some(b'-') => {
                self.peek(1).is_some_and(|b| is_name_start(b) || b == b'-') || self.escape_at(1)
            }
            Some(b'\\') => self.escape_at(0),
            Some(b) => is_name_start(b),
            None => false,
        }
    }

    fn check(&mut self) -> Result<(), Unsafe> {
        let mut name = Vec::new();
        let mut value = Vec::new();
        while let Some(byte) = self.peek(0) {
            match byte {
                b'/' if self.peek(1) == Some(b'*') => self.skip_comment(),
                b'"' | b'\'' => {
                    self.at += 1;
                    self.string(byte, &mut value);
                }
                b'@' => {
                    self.at += 1;
                    if self.starts_name() {
                        self.name(&mut name);
                        if name == b"import" {
                            return Err(Unsafe::ExternalReference);
                        }
                    }
                }
                _ if self.starts_name() => {
                    self.name(&mut name);
                    if self.peek(0) == Some(b'(') {
                        self.at += 1;
                        self.function(&name, &mut value)?;
                    }
                }
                _ => self.at += 1,
            }
        }
        Ok(())
    }

    /// After `name(`: a URL must stay in the file; some functions are refused.
    fn function(&mut self, name: &[u8], value: &mut Vec<u8>) -> Result<(), Unsafe> {
        if name == b"url" {
            while self.peek(0).is_some_and(is_whitespace) {
                self.at += 1;
            }
            let url_ok = match self.peek(0) {
                Some(quote @ (b'"' | b'\'')) => {
                    self.at += 1;
                    self.string(quote, value);
                    is_fragment(value)
                }
                _ => self.unquoted_url(value) && is_fragment(value),
            };
            return if url_ok {
                Ok(())
            } else {
                Err(Unsafe::ExternalReference)
            };
        }
        if name == b"expression" {
            return Err(Unsafe::JavascriptUrl);
        }
        let unprefixed = match name.strip_prefix(b"-") {
            Some(rest) => rest
                .iter()
                .position(|&b| b == b'-')
                .map_or(name, |dash| &rest[dash + 1..]),
            None => name,
        };
        if URL_FUNCTIONS.contains(&unprefixed) {
            return Err(Unsafe::ExternalReference);
        }
        Ok(())
    }

    fn skip_comment(&mut self) {
        let rest = &self.css[self.at + 2..];
        self.at = match rest.windows(2).position(|pair| pair == b"*/") {
            Some(end) => self.at + 2 + end + 2,
            None => self.css.len(),
        };
    }

    /// §4.3.8: the code point of an escape, after its backslash.
    fn escape(&mut self, out: &mut Vec<u8>) {
        let hex_digits = self.css[self.at..]
            .iter()
            .take(6)
            .take_while(|b| b.is_ascii_hexdigit())
            .count();
        let character = if hex_digits > 0 {
            let digits = &self.css[self.at..self.at + hex_digits];
            self.at += hex_digits;
            if self.peek(0) == Some(b'\r') && self.peek(1) == Some(b'\n') {
                self.at += 2;
            } else if self.peek(0).is_some_and(is_whitespace) {
                self.at += 1;
            }
            let code = digits.iter().fold(0u32, |code, &digit| {
                code * 16 + char::from(digit).to_digit(16).unwrap_or(0)
            });
            char::from_u32(code)
                .filter(|&c| c != '\0')
                .unwrap_or(char::REPLACEMENT_CHARACTER)
        } else {
            let character = self.char_here();
            let length = character.map_or(1, char::len_utf8);
            self.at = (self.at + length).min(self.css.len());
            character.unwrap_or(char::REPLACEMENT_CHARACTER)
        };
        let mut buffer = [0; 4];
        out.extend_from_slice(character.encode_utf8(&mut buffer).as_bytes());
    }

    /// The character at the cursor, which is at a character boundary (just after a
    /// backslash), or `None` at the end.
    fn char_here(&self) -> Option<char> {
        let rest = &self.css[self.at..];
        let length = match rest.first()? {
            0xF0.. => 4,
            0xE0.. => 3,
            0xC0.. => 2,
            _ => 1,
        };
        std::str::from_utf8(rest.get(..length)?)
            .ok()?
            .chars()
            .next()
    }

    /// §4.3.11: an identifier, escapes decoded, ASCII letters lower-cased.
    fn name(&mut self, out: &mut Vec<u8>) {
        out.clear();
        while let Some(byte) = self.peek(0) {
            if is_name(byte) {
                out.push(byte.to_ascii_lowercase());
                self.at += 1;
            } else if self.escape_at(0) {
                self.at += 1;
                let start = out.len();
                self.escape(out);
                out[start..].make_ascii_lowercase();
            } else {
                break;
            }
        }
    }

    /// §4.3.5: a string's value, after its opening quote.
    fn string(&mut self, quote: u8, out: &mut Vec<u8>) {
        out.clear();
        while let Some(byte) = self.peek(0) {
            match byte {
                _ if byte == quote => {
                    self.at += 1;
                    return;
                }
                // An unescaped newline ends a (bad) string and is not part of it.
                _ if is_newline(byte) => return,
                b'\\' => match self.peek(1) {
                    None => self.at += 1,
                    Some(b'\r') if self.peek(2) == Some(b'\n') => self.at += 3,
                    Some(next) if is_newline(next) => self.at += 2,
                    Some(_) => {
                        self.at += 1;
                        self.escape(out);
                    }
                },
                _ => {
                    out.push(byte);
                    self.at += 1;
                }
            }
        }
    }

    /// §4.3.6: an unquoted `url(…)`'s value; false for a bad URL (whitespace inside,
    /// a quote, a parenthesis, a control character or a bad escape), which a browser
    /// ignores but another reader might not, so it is refused like an external one.
    fn unquoted_url(&mut self, out: &mut Vec<u8>) -> bool {
        out.clear();
        while let Some(byte) = self.peek(0) {
            match byte {
                b')' => {
                    self.at += 1;
                    return true;
                }
                _ if is_whitespace(byte) => {
                    while self.peek(0).is_some_and(is_whitespace) {
                        self.at += 1;
                    }
                    return matches!(self.peek(0), Some(b')') | None);
                }
                b'"' | b'\'' | b'(' | 0..=0x08 | 0x0B | 0x0E..=0x1F | 0x7F => return false,
                b'\\' if self.escape_at(0) => {
                    self.at += 1;
                    self.escape(out);
                }
                b'\\' => return false,
                _ => {
                    out.push(byte);
                    self.at += 1;
                }
            }
        }
        true
    }
}

/// The second pass: every escape decoded (comments and strings are not told apart),
/// then the words searched for anywhere, in any case, with whitespace inside ignored.
fn loose_check(css: &[u8], escapes: bool) -> Result<(), Unsafe> {
    if !escapes {
        return find_words(css);
    }
    let mut text = Vec::with_capacity(css.len());
    let mut tokenizer = Tokenizer { css, at: 0 };
    while let Some(byte) = tokenizer.peek(0) {
        tokenizer.at += 1;
        if byte != b'\\' {
            text.push(byte);
        } else if tokenizer.peek(0).is_some_and(|b| !is_newline(b)) {
            tokenizer.escape(&mut text);
        }
    }
    find_words(&text)
}

/// Every word ends in `(` or `:` or starts with `@`, none of which is part of a word:
/// looking only around those keeps the search linear.
fn find_words(text: &[u8]) -> Result<(), Unsafe> {
    let mut next = 0;
    while let Some(at) = find_any(text, next, [b'(', b':', b'@']) {
        next = at + 1;
        let byte = text[at];
        let before = &text[..at];
        let after = &text[at + 1..];
        let found = match byte {
            b':' if ends_with_word(before, b"javascript")
                || ends_with_word(before, b"vbscript") =>
            {
                Some(Unsafe::JavascriptUrl)
            }
            b'(' if ends_with_word(before, b"expression") => Some(Unsafe::JavascriptUrl),
            b'(' if URL_FUNCTIONS
                .iter()
                .any(|name| ends_with_word(before, name)) =>
            {
                Some(Unsafe::ExternalReference)
            }
            b'(' if ends_with_word(before, b"url") => {
                let mut url = after.iter().copied().filter(|&b| !is_space(b));
                let first = match url.next() {
                    Some(b'"' | b'\'') => url.next(),
                    other => other,
                };
                (first != Some(b'#')).then_some(Unsafe::ExternalReference)
            }
            b'@' if after
                .iter()
                .copied()
                .filter(|&b| !is_space(b))
                .take(6)
                .map(|b| b.to_ascii_lowercase())
                .eq(b"import".iter().copied()) =>
            {
                Some(Unsafe::ExternalReference)
            }
            _ => None,
        };
        if let Some(found) = found {
            return Err(found);
        }
    }
    Ok(())
}

/// Whitespace and control characters, which the loose pass looks through.
fn is_space(byte: u8) -> bool {
    byte <= b' '
}

/// Whether `text` ends with `word`, in any case, whitespace between its letters ignored.
fn ends_with_word(text: &[u8], word: &[u8]) -> bool {
    // Most places end in a letter that is not the word's last: one byte decides.
    if let (Some(&last), Some(&wanted)) = (text.last(), word.last()) {
        if !is_space(last) && !last.eq_ignore_ascii_case(&wanted) {
            return false;
        }
    }
    text.iter()
        .rev()
        .copied()
        .filter(|&b| !is_space(b))
        .take(word.len())
        .map(|b| b.to_ascii_lowercase())
        .eq(word.iter().rev().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_pass() {
        for css in [
            "fill:url(#a)",
            "fill: url( '#a' ) ; stroke:url(\"#b\")",
            ".a{fill:url(#grad)}/* a comment */ .b{filter:url(#blur)}",
            "@media print{.a{fill:red}}",
            "fill:url(\\23 a)",
            "font-family:'Open Sans', sans-serif",
            "@font-face{font-family:f;src:local(Arial)}",
            "fill:rgb(1,2,3)",
        ] {
            assert_eq!(check(css), Ok(()), "{css}");
        }
    }

    #[test]
    fn references_and_scripts_are_refused() {
        use Unsafe::{ExternalReference as External, JavascriptUrl as Script};
        for (css, expected) in [
            ("fill:url(https://e.test/a.svg#p)", External),
            ("fill:URL(//e.test/a)", External),
            ("fill:u\\72 l(https://e.test/a)", External),
            ("fill:\\75\\72\\6c(https://e.test/a)", External),
            ("fill:url(\"\\\"#x\")", External),
            ("fill:url(\\\"#x)", External),
            ("fill:url(/**/https://e.test/)", External),
            ("fill:url(#a b)", External),
            ("fill:url()", External),
            ("@\\69mport 'https://e.test/a.css';", External),
            ("@IMPORT url(#x);", External),
            ("@import 'x.css';", External),
            (
                "a{background:image-set('https://e.test/a.png' 1x)}",
                External,
            ),
            ("a{background:-webkit-image-set(url(#a) 1x)}", External),
            ("a{background:cross-fade(url(#a), url(#b))}", External),
            (
                "@font-face{font-family:f;src:\\75rl(https://e.test/f.woff)}",
                External,
            ),
            ("a{fill:attr(data-x url)}", External),
            ("a{width:expression(alert(1))}", Script),
            ("a{x:'javascript:alert(1)'}", Script),
            // The loose pass: a reader that knows no comments or escapes.
            ("/* url(https://e.test/a) */", External),
            ("fill:url (https://e.test/a)", External),
        ] {
            assert_eq!(check(css), Err(expected), "{css}");
        }
    }

    #[test]
    fn the_plain_pass_refuses_whatever_the_tokenizer_refuses() {
        // Text without escapes or comments, from pieces that matter to either pass.
        const PIECES: &[&str] = &[
            "url(",
            "URL(",
            "uRl (",
            "#a",
            "https://e.test/",
            "'",
            "\"",
            ")",
            " ",
            "\n",
            "@import",
            "@",
            "import",
            "image-set(",
            "-webkit-",
            "src(",
            "1",
            "#",
            "(",
            ";",
            "fill:",
            "x",
            "-",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let length = next() % 8;
            let css: String = (0..length)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            let tokenized = Tokenizer {
                css: css.as_bytes(),
                at: 0,
            }
            .check();
            if tokenized.is_err() {
                assert!(plain_check(css.as_bytes()).is_err(), "{css:?}");
            }
        }
    }

    #[test]
    fn split_names_are_not_urls_to_either_pass() {
        // A browser reads `u/**/rl(` as two names, and the loose pass keeps the comment.
        assert_eq!(check("fill:u/**/rl(#x)"), Ok(()));
    }
}
