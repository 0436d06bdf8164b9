//! Every endpoint a page documents is played, at the provider's prefix followed by the
//! page's own path, and nothing else is.

use kyc_precheck_sandbox::providers::{find, ROUTES};

/// (provider, the page's path, the page's line): the paths as the seeds give them.
const PAGE_PATHS: &[(&str, &str, &str)] = &[
    // "POST $synapses/v1/certificate/issuance"
    ("kredibel", "/v1/certificate/issuance", "000 line 8"),
    // "api-base-url?partner_code=xxx&partner_key=xxx": the base URL itself.
    ("td", "/", "001 line 10"),
    ("widekyc", "/api/passive-liveness", "002 line 37"),
    ("widekyc", "/api/id-recognize", "002 line 120"),
    ("widekyc", "/api/id-validation", "002 line 221"),
    (
        "quantum-elixir",
        "/api/identity/nik/dukcapil",
        "003 line 28",
    ),
    ("oy", "/api/kyc/id-card", "004 line 206"),
    ("oy", "/kyc/phone-number", "004 line 266"),
    ("oy", "/kyc/status", "004 line 321"),
];

#[test]
fn every_page_endpoint_has_its_route() {
    let mut expected = Vec::new();
    for (provider, page_path, line) in PAGE_PATHS {
        let path = format!("/{provider}{page_path}");
        let target = find(&path).unwrap_or_else(|| panic!("{path} ({line}) is under no prefix"));
        let route = target
            .route
            .unwrap_or_else(|| panic!("{path} ({line}) has no route"));
        assert_eq!(route.provider, *provider, "{path}");
        assert_eq!(target.provider, *provider, "{path}");
        expected.push(path);
    }
    let mut routed: Vec<String> = ROUTES.iter().map(|route| route.path.to_owned()).collect();
    routed.sort();
    expected.sort();
    assert_eq!(routed, expected);
    // Endpoint ids are unique within a provider (the request log names them).
    let mut ids: Vec<(&str, &str)> = ROUTES.iter().map(|r| (r.provider, r.endpoint)).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), ROUTES.len());
}

#[test]
fn the_readme_names_every_route_credential_and_magic_input() {
    use kyc_precheck_sandbox::credentials::*;
    use kyc_precheck_sandbox::providers::{kredibel, td, widekyc};
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("sandbox/README.md");
    let mut names: Vec<String> = ROUTES.iter().map(|route| route.path.to_owned()).collect();
    names.extend(
        [
            TD_PARTNER_CODE,
            TD_PARTNER_KEY,
            WIDEKYC_TOKEN,
            QUANTUM_ELIXIR_API_KEYS[0],
            QUANTUM_ELIXIR_API_KEYS[1],
            OY_USERNAME,
            OY_API_KEY,
            kredibel::REASON_MARKER.trim(),
            widekyc::SPOOF,
            widekyc::UNREADABLE,
            widekyc::MISMATCH,
            widekyc::NIK_NULL,
            widekyc::NIK_MISSING,
            widekyc::STATUS_FAILED,
        ]
        .map(str::to_owned),
    );
    for (nik, reject_fields) in kredibel::MAGIC_NIKS {
        names.push((*nik).to_owned());
        names.extend(reject_fields.iter().map(|field| format!("\"{field}\"")));
    }
    names.extend(
        widekyc::ERROR_CUST_REF_NOS
            .iter()
            .map(|(magic, _)| (*magic).to_owned()),
    );
    for (code, message) in td::STATUS_CODES.iter().filter(|(code, _)| *code != 200) {
        names.push(td::magic_phone(*code));
        names.push(format!("{code} {message}"));
    }
    for name in names {
        assert!(
            readme.contains(&name),
            "sandbox/README.md does not mention {name:?}"
        );
    }
}
