//! No input makes a check panic or stall: a panic in wasm kills the module instance, and
//! a check that takes seconds freezes the form it runs in.
//!
//! Every check is fed random text drawn from the characters that matter to the parsers
//! (digits of several scripts, separators, brackets, signs, multi-byte letters, combining
//! marks, controls) and must return a result whose `ok` mirrors its errors; and a corpus
//! of long and hostile texts (up to 10 MB) for which the issues are asserted and the time
//! each check took is printed (`-- --nocapture`), never asserted.
//!
//! The generator is a fixed-seed xorshift so a failure reproduces exactly.

use kyc_precheck::{
    check_date, check_email, check_name, check_nik, check_phone, no_errors, Date, DateFormat,
    DateOptions, Issue, NameOptions, NikMode, NikOptions, Param, PhoneOptions,
};

mod common;
use common::XorShift;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const ALPHABET: &[char] = &[
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '０', '８', '٣', '¹', '①', ' ', '\u{a0}',
    '\t', '\n', '-', '.', '/', '(', ')', '+', '@', '\'', '’', ',', '_', 'a', 'Z', 'é', 'e',
    '\u{301}', 'ß', '漢', '😀', '\u{0}', '\u{200b}', '\u{fffd}', '{', '}',
];

/// A random text of up to 39 characters of [`ALPHABET`].
fn text(random: &mut XorShift) -> String {
    let length = random.below(40);
    (0..length)
        .map(|_| ALPHABET[random.below(ALPHABET.len())])
        .collect()
}

#[test]
fn random_text_never_panics_any_check() {
    let mut random = XorShift(0x9e37_79b9_7f4a_7c15);
    let today = Date::new(2026, 11, 22);
    let strict = NikOptions {
        today,
        birth_date: Date::new(1990, 5, 12),
        ..Default::default()
    };
    let sandbox = NikOptions {
        today,
        mode: NikMode::Sandbox,
        ..Default::default()
    };
    let landline = PhoneOptions {
        allow_fixed_line: true,
    };
    let dates = DateOptions {
        today,
        ..Default::default()
    };
    for _ in 0..20_000 {
        let text = text(&mut random);
        let results = [
            {
                let r = check_nik(&text, &strict);
                (r.ok, no_errors(&r.issues))
            },
            {
                let r = check_nik(&text, &sandbox);
                (r.ok, no_errors(&r.issues))
            },
            {
                let r = check_phone(&text, &PhoneOptions::default());
                (r.ok, no_errors(&r.issues))
            },
            {
                let r = check_phone(&text, &landline);
                (r.ok, no_errors(&r.issues))
            },
            {
                let r = check_email(&text);
                (r.ok, no_errors(&r.issues))
            },
            {
                let r = check_name(&text, &NameOptions::default());
                (r.ok, no_errors(&r.issues))
            },
            {
                let r = check_date(&text, DateFormat::YearMonthDay, &dates);
                (r.ok, no_errors(&r.issues))
            },
            {
                let r = check_date(&text, DateFormat::DayMonthYear, &dates);
                (r.ok, no_errors(&r.issues))
            },
        ];
        for (ok, expected) in results {
            assert_eq!(ok, expected, "{text:?}");
        }
    }
}

#[test]
fn digit_heavy_text_reaches_the_deep_paths() {
    // Mostly digits, so NIK structure, phone classification and date parsing run often.
    let mut random = XorShift(42);
    let today = Date::new(2026, 11, 22);
    let options = NikOptions {
        today,
        ..Default::default()
    };
    let mut valid_niks = 0;
    for _ in 0..20_000 {
        let digits: String = (0..16)
            .map(|_| char::from(b'0' + (random.next() % 10) as u8))
            .collect();
        let nik = check_nik(&digits, &options);
        valid_niks += usize::from(nik.ok);
        let phone = format!("+62{}", &digits[..(random.next() % 16) as usize]);
        let _ = check_phone(&phone, &PhoneOptions::default());
        let date = format!("{}-{}-{}", &digits[0..2], &digits[2..4], &digits[4..8]);
        let _ = check_date(
            &date,
            DateFormat::DayMonthYear,
            &DateOptions {
                today,
                min: None,
                message_format: None,
            },
        );
    }
    // Random digits make a valid NIK only now and then (province, date and codes must all
    // fit); that some do shows the valid path was exercised.
    assert!(valid_niks > 0);
}

/// Text of at least `bytes` bytes from `chars`, repeated as often as needed.
fn repeat_to(bytes: usize, chars: impl Iterator<Item = char> + Clone) -> String {
    let mut text = String::with_capacity(bytes + 4);
    for c in chars.cycle() {
        if text.len() >= bytes {
            break;
        }
        text.push(c);
    }
    text
}

/// The supplementary private use planes (15 and 16): 131,068 distinct characters that are
/// no digit, letter, mark, space or separator, and that NFKC and NFC leave as they are.
fn private_use() -> impl Iterator<Item = char> + Clone {
    (0xF_0000..=0x10_FFFF)
        .filter(|code| code & 0xFFFE != 0xFFFE)
        .filter_map(char::from_u32)
}

/// One hostile input and the codes each check must answer it with.
struct Hostile {
    name: &'static str,
    text: String,
    nik: &'static [&'static str],
    phone: &'static [&'static str],
    email: &'static [&'static str],
    name_codes: &'static [&'static str],
    date: &'static [&'static str],
}

fn milliseconds_since(start: f64) -> f64 {
    now() - start
}

#[cfg(not(target_arch = "wasm32"))]
fn now() -> f64 {
    use std::sync::OnceLock;
    use std::time::Instant;
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64() * 1e3
}

#[cfg(target_arch = "wasm32")]
fn now() -> f64 {
    js_sys::Date::now()
}

/// Prints a line of the timing report: on the console in wasm, where stdout goes nowhere.
fn report(line: String) {
    #[cfg(not(target_arch = "wasm32"))]
    println!("{line}");
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_test::console_log!("{line}");
}

fn codes(issues: &[Issue]) -> Vec<&'static str> {
    issues.iter().map(|issue| issue.code.as_str()).collect()
}

fn number(issue: &Issue, name: &str) -> Option<i64> {
    match issue.param(name) {
        Some(Param::Number(n)) => Some(*n),
        _ => None,
    }
}

fn text_param<'a>(issue: &'a Issue, name: &str) -> &'a str {
    match issue.param(name) {
        Some(Param::Text(text)) => text,
        _ => "",
    }
}

fn corpus() -> Vec<Hostile> {
    const HALF_MB: usize = 500_000;
    const TEN_MB: usize = 10_000_000;
    let every_scalar = || (0..=0x10_FFFF).filter_map(char::from_u32);
    vec![
        Hostile {
            name: "0.5 MB of distinct private-use characters",
            text: repeat_to(HALF_MB, private_use()),
            nik: &["nik.invalid_characters"],
            phone: &["phone.invalid_characters"],
            email: &["email.too_long"],
            name_codes: &["name.invalid_characters", "name.too_long"],
            date: &["date.format"],
        },
        Hostile {
            name: "10 MB of distinct private-use characters",
            text: repeat_to(TEN_MB, private_use()),
            nik: &["nik.invalid_characters"],
            phone: &["phone.invalid_characters"],
            email: &["email.too_long"],
            name_codes: &["name.invalid_characters", "name.too_long"],
            date: &["date.format"],
        },
        Hostile {
            name: "10 MB of every scalar value in turn",
            text: repeat_to(TEN_MB, every_scalar()),
            nik: &["nik.invalid_characters"],
            phone: &["phone.invalid_characters"],
            email: &["email.too_long"],
            name_codes: &["name.invalid_characters", "name.too_long"],
            date: &["date.format"],
        },
        Hostile {
            name: "10 MB of the digit 8",
            text: "8".repeat(TEN_MB),
            nik: &["nik.length"],
            phone: &["phone.length"],
            email: &["email.too_long"],
            name_codes: &["name.invalid_characters", "name.too_long"],
            date: &["date.format"],
        },
        Hostile {
            name: "a valid NIK repeated to 10 MB",
            text: "3273015205900001".repeat(TEN_MB / 16),
            nik: &["nik.length"],
            phone: &["phone.format"],
            email: &["email.too_long"],
            name_codes: &["name.invalid_characters", "name.too_long"],
            date: &["date.format"],
        },
        Hostile {
            name: "+62 812 and 10 MB of digits in groups",
            text: format!("+62 812 {}", "3456 ".repeat(TEN_MB / 5)),
            nik: &["nik.invalid_characters"],
            phone: &["phone.length"],
            email: &["email.too_long"],
            name_codes: &["name.invalid_characters", "name.too_long"],
            date: &["date.format"],
        },
        Hostile {
            name: "0812, 10 MB of zero-width spaces, 34567890",
            text: format!("0812{}34567890", "\u{200B}".repeat(TEN_MB / 3)),
            nik: &["nik.invalid_characters"],
            phone: &["phone.length"],
            email: &["email.too_long"],
            name_codes: &["name.invalid_characters", "name.too_long"],
            date: &["date.format"],
        },
        Hostile {
            name: "10 MB of spaces around valid values",
            text: format!(
                "{}3273015205900001{}",
                " ".repeat(TEN_MB / 2),
                " ".repeat(TEN_MB / 2)
            ),
            nik: &["nik.length"],
            phone: &["phone.format"],
            email: &["email.too_long"],
            name_codes: &["name.too_long"],
            date: &["date.format"],
        },
        Hostile {
            name: "10 MB of spaces and a valid email",
            text: format!("{}budi@gmail.com", " ".repeat(TEN_MB)),
            nik: &["nik.length"],
            phone: &["phone.format"],
            email: &["email.too_long"],
            name_codes: &["name.too_long"],
            date: &["date.format"],
        },
        Hostile {
            name: "10 MB of spaces and a valid date",
            text: format!("{}1990-05-12", " ".repeat(TEN_MB)),
            nik: &["nik.length"],
            phone: &["phone.format"],
            email: &["email.too_long"],
            name_codes: &["name.too_long"],
            date: &["date.format"],
        },
        Hostile {
            name: "a letter and 10 MB of one combining mark",
            text: format!("a{}", "\u{301}".repeat(TEN_MB / 2)),
            nik: &["nik.invalid_characters"],
            phone: &["phone.invalid_characters"],
            email: &["email.too_long"],
            name_codes: &["name.too_long"],
            date: &["date.format"],
        },
        Hostile {
            name: "a letter and 10 MB of combining marks NFC must reorder",
            text: format!("a{}", "\u{301}\u{316}".repeat(TEN_MB / 4)),
            nik: &["nik.invalid_characters"],
            phone: &["phone.invalid_characters"],
            email: &["email.too_long"],
            name_codes: &["name.too_long"],
            date: &["date.format"],
        },
        Hostile {
            name: "10 MB of Hangul jamo NFC composes three to one",
            text: "\u{1100}\u{1161}\u{11A8}".repeat(TEN_MB / 9),
            nik: &["nik.invalid_characters"],
            phone: &["phone.invalid_characters"],
            email: &["email.too_long"],
            name_codes: &["name.too_long"],
            date: &["date.format"],
        },
        Hostile {
            name: "10 MB of a ligature NFKC expands to 18 characters",
            text: "\u{FDFA}".repeat(TEN_MB / 3),
            nik: &["nik.invalid_characters"],
            phone: &["phone.invalid_characters"],
            email: &["email.too_long"],
            name_codes: &["name.too_long"],
            date: &["date.format"],
        },
        Hostile {
            name: "10 MB of opening brackets",
            text: "(".repeat(TEN_MB),
            nik: &["nik.invalid_characters"],
            phone: &["phone.format"],
            email: &["email.too_long"],
            name_codes: &["name.invalid_characters", "name.too_long"],
            date: &["date.format"],
        },
        Hostile {
            name: "a 10 MB email address",
            text: format!("{}@gmail.com", "a.".repeat(TEN_MB / 2)),
            nik: &["nik.invalid_characters"],
            phone: &["phone.invalid_characters"],
            email: &["email.too_long"],
            name_codes: &["name.too_long"],
            date: &["date.format"],
        },
        Hostile {
            name: "a date with 10 MB of separators",
            text: format!("1990{}", "-05".repeat(TEN_MB / 3)),
            nik: &["nik.length"],
            phone: &["phone.format"],
            email: &["email.too_long"],
            name_codes: &["name.invalid_characters", "name.too_long"],
            date: &["date.format"],
        },
    ]
}

#[test]
fn long_and_hostile_text_is_answered_at_the_bounds() {
    let today = Date::new(2026, 11, 22);
    let nik_options = NikOptions {
        today,
        ..Default::default()
    };
    let date_options = DateOptions {
        today,
        ..Default::default()
    };
    let mut failures = Vec::new();
    for case in corpus() {
        let characters = case.text.chars().count();
        let mut times = Vec::new();
        let mut time = |check: &'static str, run: &mut dyn FnMut() -> Vec<Issue>| {
            let start = now();
            let issues = run();
            times.push(format!("{check} {:.1} ms", milliseconds_since(start)));
            issues
        };
        let nik = time("nik", &mut || check_nik(&case.text, &nik_options).issues);
        let phone = time("phone", &mut || {
            check_phone(&case.text, &PhoneOptions::default()).issues
        });
        let email = time("email", &mut || check_email(&case.text).issues);
        let name = time("name", &mut || {
            check_name(&case.text, &NameOptions::default()).issues
        });
        let date = time("date", &mut || {
            check_date(&case.text, DateFormat::YearMonthDay, &date_options).issues
        });
        report(format!(
            "{:<56} {:>6.1} MB: {}",
            case.name,
            case.text.len() as f64 / 1e6,
            times.join(", ")
        ));
        let mut expect = |check: &str, issues: &[Issue], expected: &[&str]| {
            if codes(issues) != expected {
                failures.push(format!(
                    "{}: {check}: expected {expected:?}, got {:?}",
                    case.name,
                    codes(issues)
                ));
            }
            for issue in issues {
                // Whatever was measured is the whole input, not the part read.
                if let Some(length) = number(issue, "length") {
                    let whole = i64::try_from(characters).unwrap_or(i64::MAX);
                    if length != whole {
                        failures.push(format!(
                            "{}: {check}: length {length}, the input has {whole}",
                            case.name
                        ));
                    }
                }
                let quoted = text_param(issue, "characters");
                if quoted.matches('"').count() > 10 || quoted.len() > 64 {
                    failures.push(format!("{}: {check}: quotes too much: {quoted}", case.name));
                }
            }
        };
        expect("nik", &nik, case.nik);
        expect("phone", &phone, case.phone);
        expect("email", &email, case.email);
        expect("name", &name, case.name_codes);
        expect("date", &date, case.date);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn many_distinct_invalid_characters_are_named_five_at_most() {
    let text = repeat_to(500_000, private_use());
    let nik = check_nik(&text, &NikOptions::default());
    let expected: Vec<String> = private_use().take(5).map(|c| format!("\"{c}\"")).collect();
    assert_eq!(
        text_param(&nik.issues[0], "characters"),
        format!("{}, …", expected.join(", "))
    );
    // On both sides of the bound (1,024 characters read) the same issue: below it the
    // length as measured (a phone number's written with its 0), above it the number of
    // characters typed.
    for (typed, nik_length, phone_length) in [
        (1000, 1000, 1001),
        (1024, 1024, 1025),
        (1025, 1025, 1025),
        (1100, 1100, 1100),
    ] {
        let digits = "8".repeat(typed);
        let nik = check_nik(&digits, &NikOptions::default());
        assert_eq!(codes(&nik.issues), ["nik.length"]);
        assert_eq!(number(&nik.issues[0], "length"), Some(nik_length));
        assert_eq!(nik.value.len(), typed.min(1024));
        let phone = check_phone(&digits, &PhoneOptions::default());
        assert_eq!(codes(&phone.issues), ["phone.length"]);
        assert_eq!(number(&phone.issues[0], "length"), Some(phone_length));
    }
}
