//! Keeps the README's table of issue codes in sync with the code table in `src/issue.rs`.
//! On a mismatch the test prints the table as it should read.
#![cfg(not(target_arch = "wasm32"))]

use kyc_precheck::Code;

const START: &str = "<!-- codes:start -->";
const END: &str = "<!-- codes:end -->";

fn expected_table() -> String {
    let mut table =
        String::from("| code | severity | params | message (en) |\n|---|---|---|---|\n");
    for &code in Code::ALL {
        let info = code.info();
        let params: Vec<String> = info.params.iter().map(|(n, _)| format!("`{n}`")).collect();
        table.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            code.as_str(),
            info.severity.as_str(),
            params.join(", "),
            info.en.replace('|', "\\|")
        ));
    }
    table
}

#[test]
fn readme_lists_every_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).expect("README.md");
    let start = readme
        .find(START)
        .expect("README has the codes:start marker")
        + START.len();
    let end = readme.find(END).expect("README has the codes:end marker");
    let actual = readme[start..end].trim();
    let expected = expected_table();
    if std::env::var_os("UPDATE_README").is_some() && actual != expected.trim() {
        let updated = format!("{}\n{expected}{}", &readme[..start], &readme[end..]);
        std::fs::write(path, updated).expect("README.md is writable");
        return;
    }
    assert_eq!(
        actual,
        expected.trim(),
        "README code table is out of date (UPDATE_README=1 rewrites it); it should read:\n\n{expected}"
    );
}
