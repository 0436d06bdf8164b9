//! Pins the English and Indonesian text of every issue code, rendered with its example
//! parameters. A changed text shows up as a snapshot diff to review (`cargo insta review`,
//! or `INSTA_UPDATE=always cargo test --test messages` to accept).
#![cfg(not(target_arch = "wasm32"))]

use kyc_precheck::{Code, Issue, Param};
use std::collections::HashSet;

fn example_issue(code: Code) -> Issue {
    code.info()
        .params
        .iter()
        .fold(Issue::new(code), |issue, (name, example)| {
            issue.with(name, Param::from(*example))
        })
}

#[test]
fn every_message_in_both_languages() {
    let mut rendered = String::new();
    for &code in Code::ALL {
        let issue = example_issue(code);
        rendered.push_str(&format!(
            "{} ({})\n  en: {}\n  id: {}\n",
            code.as_str(),
            issue.severity.as_str(),
            issue.message_en(),
            issue.message_id()
        ));
    }
    insta::assert_snapshot!(rendered);
}

#[test]
fn codes_are_unique_dotted_and_their_placeholders_declared() {
    let mut seen = HashSet::new();
    for &code in Code::ALL {
        let info = code.info();
        assert!(seen.insert(code.as_str()), "{} twice", code.as_str());
        let (field, name) = code.as_str().split_once('.').expect("dotted");
        assert!(
            !field.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
            "{} is not field.snake_case",
            code.as_str()
        );
        for template in [info.en, info.id] {
            let mut rest = template;
            while let Some(start) = rest.find('{') {
                let end = rest[start..].find('}').expect("closed placeholder") + start;
                let placeholder = &rest[start + 1..end];
                assert!(
                    info.params.iter().any(|(name, _)| *name == placeholder),
                    "{}: {{{placeholder}}} is not a declared parameter",
                    code.as_str()
                );
                rest = &rest[end + 1..];
            }
        }
        let issue = example_issue(code);
        assert!(!issue.message_en().contains('{') && !issue.message_id().contains('{'));
        assert_ne!(
            issue.message_en(),
            issue.message_id(),
            "{} untranslated",
            code.as_str()
        );
    }
}
