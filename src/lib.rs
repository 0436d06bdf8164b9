//! # kyc-precheck
//!
//! Checks the fields of an Indonesian KYC onboarding form on the user's own device, before
//! the form calls a paid KYC provider: the NIK, phone number, email address, name and
//! dates. Every check returns its problems as data ([`Issue`]s with stable codes and
//! messages in English and Bahasa Indonesia); nothing the user types makes it fail.
//!
//! This crate is a pure Rust core: `cargo test` runs it natively. The npm package
//! `kyc-precheck` is this crate compiled to WebAssembly; its only wasm-specific code is the
//! `bindings` module, compiled for `wasm32` alone.
//!
//! ```
//! use kyc_precheck::{check_nik, check_phone, Date, NikOptions, PhoneOptions};
//!
//! let nik = check_nik(
//!     "3171 0101 0190 0001",
//!     &NikOptions { today: Date::new(2026, 11, 22), ..Default::default() },
//! );
//! assert!(nik.ok);
//! assert_eq!(nik.nik.unwrap().province_name, "DKI Jakarta");
//!
//! let phone = check_phone("0812-3456-7890", &PhoneOptions::default());
//! assert_eq!(phone.value.as_deref(), Some("+6281234567890"));
//! ```
//!
//! The providers' requests and answers are in [`provider`]: `build_request`,
//! `read_response` and `rules`.

#[cfg(target_arch = "wasm32")]
mod bindings;
mod combining_mark;
mod crypto;
mod date;
mod email;
mod image;
mod issue;
mod name;
mod nik;
mod phone;
pub mod provider;
mod text;

pub use date::{
    check_date, days_in_month, is_leap_year, Date, DateCheck, DateDetails, DateFormat, DateOptions,
};
pub use email::{check_email, EmailCheck, COMMON_DOMAINS, MAX_EMAIL_LENGTH};
pub use image::{
    check_image, check_image_length, fit_image, fit_image_with_progress, fit_pixels, fit_size,
    Change, Fidelity, Fit, FitOptions, ImageCheck, ImageFormat, ImageInfo, ImageRule, Quality,
    QualityRule, Stage, DEFAULT_MAX_PIXELS, DEFAULT_MAX_SIDE, DEFAULT_TARGET_BYTES, PIXEL_LIMIT,
};
pub use issue::{
    no_errors, Code, CodeInfo, ExampleParam, Issue, Language, Param, PathSegment, Severity,
};
pub use name::{check_name, NameCheck, NameOptions, DEFAULT_MAX_NAME_LENGTH};
pub use nik::{
    check_nik, province_name, Gender, NikCheck, NikDetails, NikMode, NikOptions, PROVINCES,
    SANDBOX_NIK_PREFIX,
};
pub use phone::{check_phone, PhoneCheck, PhoneDetails, PhoneOptions, OPERATORS};
pub use provider::{ImageRuleSpec, QualitySpec};
#[cfg(not(feature = "normalization"))]
pub use text::set_normaliser;
pub use text::{NormalForm, Normaliser};
