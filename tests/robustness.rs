//! No input makes a check panic: a panic in wasm kills the module instance, so every
//! check is fed random text drawn from the characters that matter to the parsers (digits
//! of several scripts, separators, brackets, signs, multi-byte letters, combining marks,
//! controls) and must return a result whose `ok` mirrors its errors.
//!
//! The generator is a fixed-seed xorshift so a failure reproduces exactly.

use kyc_precheck::{
    check_date, check_email, check_name, check_nik, check_phone, no_errors, Date, DateFormat,
    DateOptions, NameOptions, NikMode, NikOptions, PhoneOptions,
};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const ALPHABET: &[char] = &[
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '０', '８', '٣', '¹', '①', ' ', '\u{a0}',
    '\t', '\n', '-', '.', '/', '(', ')', '+', '@', '\'', '’', ',', '_', 'a', 'Z', 'é', 'e',
    '\u{301}', 'ß', '漢', '😀', '\u{0}', '\u{200b}', '\u{fffd}', '{', '}',
];

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn text(&mut self) -> String {
        let length = (self.next() % 40) as usize;
        (0..length)
            .map(|_| ALPHABET[(self.next() % ALPHABET.len() as u64) as usize])
            .collect()
    }
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
        let text = random.text();
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
            &DateOptions { today, min: None },
        );
    }
    // Random digits make a valid NIK only now and then (province, date and codes must all
    // fit); that some do shows the valid path was exercised.
    assert!(valid_niks > 0);
}
