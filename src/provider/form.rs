//! The provider-neutral form: its fields as one typed list, the [`Applicant`] that holds
//! what was typed and chosen, and [`check_fields`], which checks the fields an endpoint
//! reads once and hands the checked values to the endpoint's body builder.
//!
//! Data flows one way: the registry calls [`check_fields`], which calls the field and
//! image checks below it; a provider's builder receives [`Checked`] and returns its body.
//! Nothing here looks a provider up.

use super::slot::{LimitsReading, PhotoSlot};
use crate::date::{check_date, Date, DateFormat, DateOptions};
use crate::email::check_email;
use crate::image::{check_image, ImageInfo};
use crate::issue::{Code, Issue, PathSegment};
use crate::name::{check_name, NameOptions};
use crate::nik::{check_nik, NikMode, NikOptions};
use crate::phone::{check_phone, PhoneDetails, PhoneOptions};
use crate::text::{distinct_quoted, unsendable};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::BTreeMap;

/// What kind of value a field holds, which decides the check that runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum FieldKind {
    /// A NIK: `check_nik`.
    Nik,
    /// A person's name: `check_name`.
    Name,
    /// A birth date, `YYYY-MM-DD` in the applicant: `check_date`.
    BirthDate,
    /// An email address: `check_email`.
    Email,
    /// A phone number as typed: `check_phone`.
    Phone,
    /// A photo: `check_image` with the slot's rule.
    Image,
    /// Free text that must not be empty when required, and sends no character the
    /// applicant cannot see or did not type: no control character but tab and line breaks,
    /// no format character but the joiners (`field.invalid_characters`; see
    /// `text::unsendable`). Any script is text.
    Text,
    /// A yes/no value.
    Boolean,
    /// A JSON object passed through untouched.
    Object,
}

/// A field's label in both languages, for an error summary that names the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Label {
    /// English.
    pub en: &'static str,
    /// Bahasa Indonesia.
    pub id: &'static str,
}

macro_rules! form_fields {
    ($($variant:ident = $name:literal, $kind:ident, $en:literal, $id:literal;)*) => {
        /// Every field of the provider-neutral form. A provider table names these, so a
        /// typo in a table does not compile.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum FormField {
            $(
                #[doc = concat!("`", $name, "`: ", $en, ".")]
                $variant,
            )*
        }

        impl FormField {
            /// Every field, in the form's order.
            pub const ALL: &'static [FormField] = &[$(FormField::$variant),*];

            /// The field's name as the applicant object and issue paths spell it; a
            /// nested field is dotted (`"address.home"`).
            pub const fn name(self) -> &'static str {
                match self {
                    $(FormField::$variant => $name,)*
                }
            }

            /// What kind of value it holds.
            pub const fn kind(self) -> FieldKind {
                match self {
                    $(FormField::$variant => FieldKind::$kind,)*
                }
            }

            /// Its label in both languages.
            pub const fn label(self) -> Label {
                match self {
                    $(FormField::$variant => Label { en: $en, id: $id },)*
                }
            }
        }
    };
}

form_fields! {
    Nik = "nik", Nik, "NIK", "NIK";
    Name = "name", Name, "Full name", "Nama lengkap";
    BirthDate = "birthDate", BirthDate, "Date of birth", "Tanggal lahir";
    BirthPlace = "birthPlace", Text, "Place of birth", "Tempat lahir";
    Email = "email", Email, "Email", "Email";
    Phone = "phone", Phone, "Phone number", "Nomor HP";
    AddressHome = "address.home", Text, "Home address", "Alamat rumah";
    AddressBusiness = "address.business", Text, "Business address", "Alamat usaha";
    Selfie = "selfie", Image, "Selfie", "Foto selfie";
    IdCard = "idCard", Image, "KTP photo", "Foto KTP";
    Photo = "photo", Image, "Dukcapil photo", "Foto Dukcapil";
    CustRefNo = "custRefNo", Text, "Customer reference number", "Nomor referensi pelanggan";
    CustomerId = "customerId", Text, "Customer ID", "ID pelanggan";
    Valid = "valid", Boolean, "Dukcapil verdict", "Hasil Dukcapil";
    Raw = "raw", Object, "Dukcapil response", "Respons Dukcapil";
    Reason = "reason", Text, "Reason", "Alasan";
}

impl FormField {
    /// The field whose [`name`](Self::name) is `name`.
    ///
    /// ```
    /// use kyc_precheck::provider::FormField;
    ///
    /// assert_eq!(FormField::from_name("address.home"), Some(FormField::AddressHome));
    /// assert_eq!(FormField::from_name("Nik"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<FormField> {
        FormField::ALL.iter().copied().find(|f| f.name() == name)
    }

    /// `issue` at this field's path: `["nik"]`, or `["address", "home"]` for a nested one.
    pub fn at(self, issue: Issue) -> Issue {
        self.name().rsplit('.').fold(issue, |issue, segment| {
            issue.prefixed(PathSegment::Key(segment.to_owned()))
        })
    }
}

impl Serialize for FormField {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// Whether a field must be given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Required {
    /// Always.
    Yes,
    /// Never.
    No,
    /// When another condition holds, described in words (for `rules()`); the endpoint's
    /// own check enforces it.
    When(&'static str),
}

/// A field an endpoint reads, as its provider's table states it.
#[derive(Debug)]
pub struct Field {
    /// The form field (the issue path).
    pub field: FormField,
    /// The provider's own name for it, as in its request.
    pub provider_name: &'static str,
    /// Whether the provider requires it.
    pub required: Required,
    /// The format the provider asks for, in words.
    pub format: &'static str,
    /// For a photo, its slot.
    pub slot: Option<&'static PhotoSlot>,
}

impl Field {
    /// A field of `field`, named `provider_name` by the provider, with no photo slot.
    pub const fn new(
        field: FormField,
        provider_name: &'static str,
        required: Required,
        format: &'static str,
    ) -> Field {
        Field {
            field,
            provider_name,
            required,
            format,
            slot: None,
        }
    }

    /// A photo field with its slot.
    pub const fn photo(
        field: FormField,
        provider_name: &'static str,
        required: Required,
        format: &'static str,
        slot: &'static PhotoSlot,
    ) -> Field {
        Field {
            field,
            provider_name,
            required,
            format,
            slot: Some(slot),
        }
    }
}

/// The applicant's address, as OY asks for it.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Address {
    /// The home address, as on the KTP.
    pub home: Option<String>,
    /// The business address.
    pub business: Option<String>,
}

/// The provider-neutral applicant every endpoint reads.
///
/// The photos are bytes; the JS bindings take them as `Uint8Array`s.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Applicant {
    /// The NIK as typed.
    pub nik: Option<String>,
    /// The full name as on the KTP.
    pub name: Option<String>,
    /// The birth date, `YYYY-MM-DD`.
    pub birth_date: Option<String>,
    /// The birth place.
    pub birth_place: Option<String>,
    /// The email address.
    pub email: Option<String>,
    /// The phone number as typed.
    pub phone: Option<String>,
    /// Home and business address.
    pub address: Option<Address>,
    /// The selfie photo.
    #[serde(skip)]
    pub selfie: Option<Vec<u8>>,
    /// The KTP photo.
    #[serde(skip)]
    pub id_card: Option<Vec<u8>>,
    /// Quantum Elixir: the official Dukcapil photo.
    #[serde(skip)]
    pub photo: Option<Vec<u8>>,
    /// WideKYC: the integrator's customer reference number.
    pub cust_ref_no: Option<String>,
    /// Quantum Elixir: the customer's CUID.
    pub customer_id: Option<String>,
    /// Quantum Elixir: whether Dukcapil confirmed the lookup.
    pub valid: Option<bool>,
    /// Quantum Elixir: Dukcapil's response envelope, passed through untouched.
    pub raw: Option<Box<RawValue>>,
    /// Quantum Elixir: why Dukcapil declined.
    pub reason: Option<String>,
}

impl Applicant {
    /// The neutral names of the photo fields, which cross the JS boundary as bytes.
    pub const IMAGE_FIELDS: [&'static str; 3] = ["selfie", "idCard", "photo"];

    /// The bytes of a photo field; `None` for any other field.
    pub fn photo_bytes(&self, field: FormField) -> Option<&[u8]> {
        match field {
            FormField::Selfie => self.selfie.as_deref(),
            FormField::IdCard => self.id_card.as_deref(),
            FormField::Photo => self.photo.as_deref(),
            _ => None,
        }
    }

    /// The text of a text field as given; `None` for an absent one or another kind.
    pub fn text(&self, field: FormField) -> Option<&str> {
        let address = self.address.as_ref();
        match field {
            FormField::Nik => self.nik.as_deref(),
            FormField::Name => self.name.as_deref(),
            FormField::BirthDate => self.birth_date.as_deref(),
            FormField::BirthPlace => self.birth_place.as_deref(),
            FormField::Email => self.email.as_deref(),
            FormField::Phone => self.phone.as_deref(),
            FormField::AddressHome => address.and_then(|a| a.home.as_deref()),
            FormField::AddressBusiness => address.and_then(|a| a.business.as_deref()),
            FormField::CustRefNo => self.cust_ref_no.as_deref(),
            FormField::CustomerId => self.customer_id.as_deref(),
            FormField::Reason => self.reason.as_deref(),
            FormField::Selfie
            | FormField::IdCard
            | FormField::Photo
            | FormField::Valid
            | FormField::Raw => None,
        }
    }
}

/// What `check_fields` needs besides the applicant: the reading of the NIK rules and of
/// the photo limits, and the date that decides a NIK's century.
#[derive(Clone, Copy, Debug, Default)]
pub struct FieldOptions {
    /// Today; `None` for the system's date.
    pub today: Option<Date>,
    /// Kredibel's sandbox NIKs are accepted.
    pub sandbox: bool,
    /// How photo limits stated on base64 fields are read.
    pub limits: LimitsReading,
    /// How the dates in messages are written; `None` for `YYYY-MM-DD`.
    pub message_format: Option<DateFormat>,
}

/// The checked values of an endpoint's fields, normalised, in the forms the builders
/// need. A field appears here only when its check passed.
#[derive(Clone, Debug, Default)]
pub struct Checked<'a> {
    /// The NIK's 16 digits.
    pub nik: Option<String>,
    /// The name, NFC and trimmed.
    pub name: Option<String>,
    /// The birth date.
    pub birth_date: Option<Date>,
    /// The email address, trimmed, its domain lower-cased.
    pub email: Option<String>,
    /// The phone number in every spelling the providers use.
    pub phone: Option<PhoneDetails>,
    /// Free-text fields, trimmed.
    pub texts: BTreeMap<FormField, String>,
    /// Photos that passed their slot's rule, borrowed (never copied) from the applicant.
    pub images: BTreeMap<FormField, (&'a [u8], ImageInfo)>,
    /// Quantum Elixir's `valid`.
    pub valid: Option<bool>,
    /// Quantum Elixir's `raw`, a JSON object.
    pub raw: Option<&'a RawValue>,
}

impl<'a> Checked<'a> {
    /// Whether `field` passed its check and has a value to send.
    pub fn has(&self, field: FormField) -> bool {
        match field.kind() {
            FieldKind::Nik => self.nik.is_some(),
            FieldKind::Name => self.name.is_some(),
            FieldKind::BirthDate => self.birth_date.is_some(),
            FieldKind::Email => self.email.is_some(),
            FieldKind::Phone => self.phone.is_some(),
            FieldKind::Image => self.images.contains_key(&field),
            FieldKind::Text => self.texts.contains_key(&field),
            FieldKind::Boolean => self.valid.is_some(),
            FieldKind::Object => self.raw.is_some(),
        }
    }

    /// A text field's value, or the `field.required` issue a builder returns when a value
    /// it needs is missing (the registry calls a builder only when every required field
    /// passed, so this is a guard, not a path the applicant meets).
    pub fn text(&self, field: FormField) -> Result<&str, Vec<Issue>> {
        need(self.texts.get(&field).map(String::as_str), field)
    }

    /// A photo's bytes, or the `image.required` issue at its field.
    pub fn image(&self, field: FormField) -> Result<&'a [u8], Vec<Issue>> {
        self.images
            .get(&field)
            .map(|(bytes, _)| *bytes)
            .ok_or_else(|| vec![field.at(Issue::new(Code::ImageRequired))])
    }

    /// The NIK, or the `field.required` issue.
    pub fn nik(&self) -> Result<&str, Vec<Issue>> {
        need(self.nik.as_deref(), FormField::Nik)
    }

    /// The name, or the `field.required` issue.
    pub fn name(&self) -> Result<&str, Vec<Issue>> {
        need(self.name.as_deref(), FormField::Name)
    }

    /// The birth date, or the `field.required` issue.
    pub fn birth_date(&self) -> Result<Date, Vec<Issue>> {
        need(self.birth_date, FormField::BirthDate)
    }

    /// The email address, or the `field.required` issue.
    pub fn email(&self) -> Result<&str, Vec<Issue>> {
        need(self.email.as_deref(), FormField::Email)
    }

    /// The phone number, or the `field.required` issue.
    pub fn phone(&self) -> Result<&PhoneDetails, Vec<Issue>> {
        need(self.phone.as_ref(), FormField::Phone)
    }
}

/// `value`, or the `field.required` issue at `field`.
fn need<T>(value: Option<T>, field: FormField) -> Result<T, Vec<Issue>> {
    value.ok_or_else(|| vec![missing(field)])
}

/// The `field.required` issue at `field`.
pub(crate) fn missing(field: FormField) -> Issue {
    field.at(Issue::new(Code::FieldRequired).with("field", field.name()))
}

/// Runs the check of every field in `fields` once and returns the normalised values with
/// every issue found, each at its field's path.
pub fn check_fields<'a>(
    applicant: &'a Applicant,
    fields: &[Field],
    options: &FieldOptions,
) -> (Checked<'a>, Vec<Issue>) {
    let mut values = Checked::default();
    let mut issues = Vec::new();
    let today = options.today.or_else(Date::today);
    let date_options = DateOptions {
        today,
        message_format: options.message_format,
        ..Default::default()
    };
    // The birth date as the endpoint reads it, for the NIK's cross-check; read once.
    let sends_birth_date = fields.iter().any(|f| f.field == FormField::BirthDate);
    let birth_date = applicant
        .birth_date
        .as_deref()
        .filter(|_| sends_birth_date)
        .map(|text| check_date(text, DateFormat::YearMonthDay, &date_options));
    for field in fields {
        let form_field = field.field;
        let path = |issue: Issue| form_field.at(issue);
        let required = field.required == Required::Yes;
        match form_field.kind() {
            FieldKind::Nik => {
                let Some(input) = present(applicant.text(form_field), required) else {
                    continue;
                };
                let nik_options = NikOptions {
                    today,
                    birth_date: birth_date
                        .as_ref()
                        .and_then(|checked| checked.value.as_deref())
                        .and_then(|iso| Date::parse_iso(iso).ok()),
                    message_format: options.message_format,
                    mode: if options.sandbox {
                        NikMode::Sandbox
                    } else {
                        NikMode::Strict
                    },
                    ..Default::default()
                };
                let checked = check_nik(input, &nik_options);
                if checked.ok {
                    values.nik = Some(checked.value);
                }
                issues.extend(checked.issues.into_iter().map(path));
            }
            FieldKind::Name => {
                let Some(input) = present(applicant.text(form_field), required) else {
                    continue;
                };
                let checked = check_name(input, &NameOptions::default());
                if checked.ok {
                    values.name = Some(checked.value);
                }
                issues.extend(checked.issues.into_iter().map(path));
            }
            FieldKind::BirthDate => {
                let checked = match (
                    birth_date.clone(),
                    present(applicant.text(form_field), required),
                ) {
                    (_, None) => continue,
                    (Some(checked), Some(_)) => checked,
                    (None, Some(input)) => {
                        check_date(input, DateFormat::YearMonthDay, &date_options)
                    }
                };
                if checked.ok {
                    values.birth_date = checked
                        .value
                        .as_deref()
                        .and_then(|v| Date::parse_iso(v).ok());
                }
                issues.extend(checked.issues.into_iter().map(path));
            }
            FieldKind::Email => {
                let Some(input) = present(applicant.text(form_field), required) else {
                    continue;
                };
                let checked = check_email(input);
                if checked.ok {
                    values.email = Some(checked.value);
                }
                issues.extend(checked.issues.into_iter().map(path));
            }
            FieldKind::Phone => {
                let Some(input) = present(applicant.text(form_field), required) else {
                    continue;
                };
                let checked = check_phone(input, &PhoneOptions::default());
                values.phone = checked.phone;
                issues.extend(checked.issues.into_iter().map(path));
            }
            FieldKind::Image => {
                let Some(slot) = field.slot else {
                    continue;
                };
                let Some(bytes) = applicant.photo_bytes(form_field) else {
                    if required {
                        issues.push(path(Issue::new(Code::ImageRequired)));
                    }
                    continue;
                };
                let mut checked = check_image(bytes, &slot.rule(options.limits));
                slot.stated(options.limits).apply(&mut checked.issues);
                if let (true, Some(info)) = (checked.ok, checked.image) {
                    values.images.insert(form_field, (bytes, info));
                }
                issues.extend(checked.issues.into_iter().map(path));
            }
            FieldKind::Text => {
                match applicant
                    .text(form_field)
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                {
                    Some(text) if text.chars().any(unsendable) => {
                        let characters = distinct_quoted(text.chars().filter(|c| unsendable(*c)));
                        issues.push(path(
                            Issue::new(Code::FieldInvalidCharacters)
                                .with("field", form_field.name())
                                .with("characters", characters),
                        ));
                    }
                    Some(text) => {
                        values.texts.insert(form_field, text.to_owned());
                    }
                    None if required => issues.push(missing(form_field)),
                    None => {}
                }
            }
            FieldKind::Boolean => {
                values.valid = applicant.valid;
                if required && applicant.valid.is_none() {
                    issues.push(missing(form_field));
                }
            }
            FieldKind::Object => match applicant.raw.as_deref() {
                // "raw object — Opaque pass-through": anything but an object is refused.
                Some(raw) if raw.get().trim_start().starts_with('{') => values.raw = Some(raw),
                Some(_) => issues.push(path(
                    Issue::new(Code::FieldNotObject).with("field", form_field.name()),
                )),
                None if required => issues.push(missing(form_field)),
                None => {}
            },
        }
    }
    (values, issues)
}

/// The input of a field, or `None` when it is absent and optional. A required field that
/// is absent is checked as empty, so that it gets its own `….required` issue.
fn present(input: Option<&str>, required: bool) -> Option<&str> {
    match input {
        Some(text) if !text.trim().is_empty() || required => Some(text),
        None if required => Some(""),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The two addresses checked: the issues, and which of the two have a value to send.
    fn addresses(home: &str, business: &str) -> (Vec<Issue>, [bool; 2], Option<String>) {
        const FIELDS: &[Field] = &[
            Field::new(FormField::AddressHome, "home", Required::Yes, ""),
            Field::new(FormField::AddressBusiness, "business", Required::Yes, ""),
        ];
        let applicant = Applicant {
            address: Some(Address {
                home: Some(home.to_owned()),
                business: Some(business.to_owned()),
            }),
            ..Applicant::default()
        };
        let (values, issues) = check_fields(&applicant, FIELDS, &FieldOptions::default());
        let kept = [FormField::AddressHome, FormField::AddressBusiness].map(|f| values.has(f));
        let home = values.text(FormField::AddressHome).ok().map(str::to_owned);
        (issues, kept, home)
    }

    #[test]
    fn a_text_field_refuses_controls_and_format_characters_and_names_them() {
        let (issues, kept, _) = addresses(
            "Jl. Merdeka 1\u{0}\u{202E}21 TR\u{0}",
            "Jl. A\u{85}\u{200B}",
        );
        assert_eq!(kept, [false, false]);
        let messages: Vec<_> = issues.iter().map(|i| (i.code, i.message_en())).collect();
        let message = |field: &str, characters: &str| {
            format!(
                "Your {field} holds characters that cannot be sent ({characters}). They are \
                 usually invisible and come with copied text: type it in again instead of \
                 pasting it."
            )
        };
        assert_eq!(
            messages,
            [
                (
                    Code::FieldInvalidCharacters,
                    message("home address", "U+0000, U+202E")
                ),
                (
                    Code::FieldInvalidCharacters,
                    message("business address", "U+0085, U+200B")
                ),
            ]
        );
        let home = ["address", "home"].map(|k| PathSegment::Key(k.into()));
        assert_eq!(issues[0].path, home);
    }

    #[test]
    fn a_text_field_keeps_line_breaks_tabs_joiners_and_any_script() {
        let (issues, kept, home) = addresses(
            "Jl. Merdeka 1\r\nBandung",
            "Jl.\tAsia Afrika 8\nꦧꦤ꧀ꦝꦸꦁ\u{200D}",
        );
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(kept, [true, true]);
        assert_eq!(home.as_deref(), Some("Jl. Merdeka 1\r\nBandung"));
    }
}
