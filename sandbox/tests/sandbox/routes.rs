//! Every endpoint the library knows is played, at the provider's prefix followed by the
//! library's own path, and nothing else is.

use kyc_precheck::provider::PROVIDERS;
use kyc_precheck_sandbox::providers::{find, ROUTES};

#[test]
fn every_library_endpoint_has_its_route() {
    let mut expected = Vec::new();
    for provider in PROVIDERS {
        for endpoint in provider.endpoints {
            let path = format!("/{}{}", provider.id, endpoint.path);
            let target = find(&path).unwrap_or_else(|| panic!("{path} is under no prefix"));
            let route = target
                .route
                .unwrap_or_else(|| panic!("{path} has no route"));
            assert_eq!(
                (route.provider, route.endpoint),
                (provider.id, endpoint.id),
                "{path}"
            );
            assert_eq!(endpoint.method, "POST");
            expected.push(path);
        }
    }
    let mut routed: Vec<String> = ROUTES.iter().map(|route| route.path.to_owned()).collect();
    routed.sort();
    expected.sort();
    assert_eq!(routed, expected);
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
        ]
        .map(str::to_owned),
    );
    names.extend(
        kredibel::MAGIC_NIKS
            .iter()
            .map(|(nik, _)| (*nik).to_owned()),
    );
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
