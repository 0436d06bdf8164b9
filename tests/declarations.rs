//! Keeps the issue-code part of the package's TypeScript declarations (`npm/index.d.ts`,
//! between its `codes:start` and `codes:end` lines) in sync with the code table in
//! `src/issue.rs`: the `IssueCode` union and the `IssueParams` map. The rest of the file is
//! written by hand. `UPDATE_DECLARATIONS=1 cargo test --test declarations` rewrites the
//! block; the plain run fails when it is stale and prints it as it should read.
#![cfg(not(target_arch = "wasm32"))]

use kyc_precheck::{Code, ExampleParam};

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/npm/index.d.ts");
const START: &str = "// codes:start";
const END: &str = "// codes:end";

/// Text parameters with a narrower TypeScript type than `string`, by code and parameter
/// name. The code table knows only numbers and texts; these name what the texts hold.
const TEXT_TYPES: &[(&str, &str, &str)] = &[
    ("nik.birth_date_mismatch", "nikBirthDate", "IsoDate"),
    ("nik.birth_date_mismatch", "birthDate", "IsoDate"),
    ("nik.gender_mismatch", "nikGender", "Gender"),
    ("nik.gender_mismatch", "gender", "Gender"),
    ("date.format", "format", "DateFormat"),
    ("date.future", "date", "IsoDate"),
    ("date.future", "today", "IsoDate"),
    ("date.too_early", "date", "IsoDate"),
    ("date.too_early", "min", "IsoDate"),
];

/// The TypeScript type of one parameter of `code`.
fn param_type(code: &str, name: &str, example: ExampleParam) -> &'static str {
    match example {
        ExampleParam::Number(_) | ExampleParam::Decimal(_) => "number",
        ExampleParam::Text(_) => TEXT_TYPES
            .iter()
            .find(|(c, n, _)| *c == code && *n == name)
            .map_or("string", |(_, _, ty)| ty),
    }
}

/// A template as the text of a one-line doc comment.
fn doc_text(template: &str) -> String {
    template.replace("*/", "*\\/")
}

fn expected_block() -> String {
    let mut block = format!(
        "{START} (generated from the codes! table of src/issue.rs by tests/declarations.rs:\n\
         // UPDATE_DECLARATIONS=1 cargo test --test declarations rewrites it)\n\n"
    );
    block.push_str(
        "/**\n * Every issue code: a stable, dotted identifier of one kind of problem. Match on it; it\n \
         * never changes meaning once released.\n */\nexport type IssueCode =\n",
    );
    for &code in Code::ALL {
        block.push_str(&format!("  | '{}'\n", code.as_str()));
    }
    block.pop();
    block.push_str(";\n\n");
    block.push_str(
        "/**\n * The parameters each code's messages use (each code's English template above it): the\n \
         * measured value and the bound it broke. Texts that quote characters (`characters`) list\n \
         * each distinct character in double quotes, separated by `\", \"`, such as\n \
         * `\"\\\"O\\\", \\\"-\\\"\"`. A `…Stated` parameter is the provider page's own wording of the\n \
         * bound before it (`minBytesStated: \"100 KB\"` for `minBytes: 102400`), present only\n \
         * with a provider's rule; the message then uses it.\n */\nexport interface IssueParams {\n",
    );
    for &code in Code::ALL {
        let info = code.info();
        let name = code.as_str();
        let severity = info.severity.as_str();
        let params: Vec<String> = info
            .params
            .iter()
            .map(|&(param, example)| {
                let optional = if param.ends_with("Stated") { "?" } else { "" };
                format!("{param}{optional}: {}", param_type(name, param, example))
            })
            .collect();
        let shape = if params.is_empty() {
            "NoParams".to_owned()
        } else {
            format!("{{ {} }}", params.join("; "))
        };
        block.push_str(&format!(
            "  /** {severity}: {} */\n  '{name}': {shape};\n",
            doc_text(info.en)
        ));
    }
    block.push_str("}\n");
    block
}

#[test]
fn declarations_list_every_code() {
    let source = std::fs::read_to_string(PATH).expect("npm/index.d.ts");
    let start = source
        .find(START)
        .expect("npm/index.d.ts has the `// codes:start` line");
    let end = source
        .find(END)
        .expect("npm/index.d.ts has the `// codes:end` line");
    let actual = &source[start..end];
    let expected = expected_block();
    if std::env::var_os("UPDATE_DECLARATIONS").is_some() && actual != expected {
        let updated = format!("{}{expected}{}", &source[..start], &source[end..]);
        std::fs::write(PATH, updated).expect("npm/index.d.ts is writable");
        return;
    }
    assert!(
        actual == expected,
        "the issue codes in npm/index.d.ts are out of date (UPDATE_DECLARATIONS=1 rewrites \
         them); they should read:\n\n{expected}"
    );
}

#[test]
fn every_narrower_type_names_a_text_parameter_of_its_code() {
    for &(code, param, _) in TEXT_TYPES {
        let found = Code::ALL
            .iter()
            .find(|known| known.as_str() == code)
            .unwrap_or_else(|| panic!("TEXT_TYPES names {code}, which src/issue.rs lacks"));
        assert!(
            found
                .info()
                .params
                .iter()
                .any(|&(name, example)| name == param && matches!(example, ExampleParam::Text(_))),
            "TEXT_TYPES names {code}'s {param}, which is not one of its text parameters"
        );
    }
}
