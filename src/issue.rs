//! The issue model shared by every check: user problems as data, with stable codes.
//!
//! Every check returns its problems as a list of [`Issue`]s instead of failing. An issue
//! carries a path into the form, a stable dotted [`Code`], a [`Severity`] (an `error`
//! blocks the submission, a `warning` only advises), the parameters its message needs,
//! and the message itself in English and Bahasa Indonesia, so a form can switch language
//! without checking again.
//!
//! All codes, with their default severity, their parameters and both texts, live in one
//! table (the `codes!` invocation below). A code without both texts does not compile, and
//! the README's code table is kept in sync with it by a test.
//!
//! ```
//! use kyc_precheck::{check_nik, NikOptions, Code, Severity};
//!
//! let checked = check_nik("317101010190", &NikOptions::default());
//! let issue = &checked.issues[0];
//! assert_eq!(issue.code, Code::NikLength);
//! assert_eq!(issue.code.as_str(), "nik.length");
//! assert_eq!(issue.severity, Severity::Error);
//! assert_eq!(issue.message_en(), "A NIK has 16 digits; this one has 12.");
//! assert_eq!(issue.message_id(), "NIK terdiri dari 16 digit; yang Anda masukkan 12 digit.");
//! ```

use crate::text::parse_f64;
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};
use std::fmt::Write as _;

/// Whether an issue blocks the submission.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The provider would reject this: the form must not be sent.
    Error,
    /// Worth telling the person, but the form may be sent.
    Warning,
}

impl Severity {
    /// The name used in the JS result and the README: `"error"` or `"warning"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One step of an issue's path into the form: a field name or a list index.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum PathSegment {
    /// A field name, such as `"nik"`.
    Key(String),
    /// A position in a list.
    Index(usize),
}

/// A value an issue's message refers to: what was measured, or the bound it broke.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Param {
    /// A whole number, such as a length.
    Number(i64),
    /// A measurement, such as a sharpness score.
    Decimal(f64),
    /// A text, such as a date or the characters that were refused.
    Text(String),
}

impl From<i64> for Param {
    fn from(value: i64) -> Self {
        Param::Number(value)
    }
}

impl From<i32> for Param {
    fn from(value: i32) -> Self {
        Param::Number(i64::from(value))
    }
}

impl From<u32> for Param {
    fn from(value: u32) -> Self {
        Param::Number(i64::from(value))
    }
}

impl From<u64> for Param {
    fn from(value: u64) -> Self {
        Param::Number(i64::try_from(value).unwrap_or(i64::MAX))
    }
}

impl From<f64> for Param {
    fn from(value: f64) -> Self {
        Param::Decimal(value)
    }
}

impl From<usize> for Param {
    fn from(value: usize) -> Self {
        Param::Number(i64::try_from(value).unwrap_or(i64::MAX))
    }
}

impl From<&str> for Param {
    fn from(value: &str) -> Self {
        Param::Text(value.to_owned())
    }
}

impl From<String> for Param {
    fn from(value: String) -> Self {
        Param::Text(value)
    }
}

impl std::fmt::Display for Param {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Param::Number(n) => write!(f, "{n}"),
            Param::Decimal(d) => write!(f, "{d}"),
            Param::Text(t) => f.write_str(t),
        }
    }
}

/// A language the messages are written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    /// English.
    English,
    /// Bahasa Indonesia.
    Indonesian,
}

/// Static facts about one code, as listed in the README's table.
#[derive(Clone, Copy, Debug)]
pub struct CodeInfo {
    /// The code itself.
    pub code: Code,
    /// The severity an issue of this code has unless a check is configured otherwise.
    pub severity: Severity,
    /// The names of the parameters its messages use, each with an example value.
    pub params: &'static [(&'static str, ExampleParam)],
    /// The English message template; `{name}` stands for a parameter.
    pub en: &'static str,
    /// The Indonesian message template.
    pub id: &'static str,
}

/// An example parameter value, used to render the message snapshots.
#[derive(Clone, Copy, Debug)]
pub enum ExampleParam {
    /// A whole-number example.
    Number(i64),
    /// A decimal example.
    Decimal(f64),
    /// A textual example.
    Text(&'static str),
}

impl From<ExampleParam> for Param {
    fn from(value: ExampleParam) -> Self {
        match value {
            ExampleParam::Number(n) => Param::Number(n),
            ExampleParam::Decimal(d) => Param::Decimal(d),
            ExampleParam::Text(t) => Param::Text(t.to_owned()),
        }
    }
}

macro_rules! codes {
    ($(
        $variant:ident = $code:literal, $severity:ident,
        [$($param:ident: $example:expr),* $(,)?],
        en: $en:literal,
        id: $id:literal;
    )*) => {
        /// A stable, dotted identifier of one kind of problem.
        ///
        /// The string form ([`Code::as_str`]) is what integrators match on; it never changes
        /// meaning once released.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Code {
            $(
                #[doc = concat!("`", $code, "`: ", $en)]
                $variant,
            )*
        }

        impl Code {
            /// Every code, in the order of the README's table.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable dotted form, such as `"nik.length"`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)*
                }
            }

            /// The code's severity, parameters and message templates.
            pub fn info(self) -> CodeInfo {
                match self {
                    $(Code::$variant => CodeInfo {
                        code: Code::$variant,
                        severity: Severity::$severity,
                        params: &[$((stringify!($param), $example)),*],
                        en: $en,
                        id: $id,
                    },)*
                }
            }
        }
    };
}

use ExampleParam::{Decimal as D, Number as N, Text as T};

codes! {
    NikRequired = "nik.required", Error, [],
        en: "Enter your NIK, the 16-digit number on your KTP.",
        id: "Masukkan NIK, yaitu 16 digit angka pada KTP Anda.";
    NikInvalidCharacters = "nik.invalid_characters", Error, [characters: T("\"O\"")],
        en: "A NIK contains only digits; remove {characters}.",
        id: "NIK hanya berisi angka; hapus {characters}.";
    NikLength = "nik.length", Error, [length: N(15), expected: N(16)],
        en: "A NIK has {expected} digits; this one has {length}.",
        id: "NIK terdiri dari {expected} digit; yang Anda masukkan {length} digit.";
    NikProvince = "nik.province", Error, [provinceCode: T("39")],
        en: "The first two digits of a NIK are a province code, and {provinceCode} is not one. Check the number on your KTP.",
        id: "Dua digit pertama NIK adalah kode provinsi, dan {provinceCode} bukan kode provinsi. Periksa kembali nomor pada KTP Anda.";
    NikRegency = "nik.regency", Error, [regencyCode: T("00")],
        en: "Digits 3 and 4 of a NIK are a regency or city code, and {regencyCode} is not one. Check the number on your KTP.",
        id: "Digit ke-3 dan ke-4 NIK adalah kode kabupaten/kota, dan {regencyCode} bukan kode kabupaten/kota. Periksa kembali nomor pada KTP Anda.";
    NikDistrict = "nik.district", Error, [districtCode: T("00")],
        en: "Digits 5 and 6 of a NIK are a district code, and {districtCode} is not one. Check the number on your KTP.",
        id: "Digit ke-5 dan ke-6 NIK adalah kode kecamatan, dan {districtCode} bukan kode kecamatan. Periksa kembali nomor pada KTP Anda.";
    NikBirthDate = "nik.birth_date", Error, [digits: T("320290")],
        en: "Digits 7 to 12 of a NIK are the birth date (DDMMYY, with 40 added to the day for women), and {digits} is not a real date. Check the number on your KTP.",
        id: "Digit ke-7 sampai ke-12 NIK adalah tanggal lahir (DDMMYY, tanggal ditambah 40 untuk perempuan), dan {digits} bukan tanggal yang valid. Periksa kembali nomor pada KTP Anda.";
    NikSerial = "nik.serial", Error, [],
        en: "The last four digits of a NIK are never 0000. Check the number on your KTP.",
        id: "Empat digit terakhir NIK tidak pernah 0000. Periksa kembali nomor pada KTP Anda.";
    NikSandbox = "nik.sandbox", Error, [],
        en: "This is a provider's test number, not a real NIK. Enter the NIK on your KTP.",
        id: "Nomor ini adalah nomor uji coba penyedia layanan, bukan NIK asli. Masukkan NIK yang tertera pada KTP Anda.";
    NikBirthDateMismatch = "nik.birth_date_mismatch", Warning, [nikBirthDate: T("1990-05-12"), birthDate: T("1990-05-21")],
        en: "Your NIK says you were born on {nikBirthDate}, but you entered {birthDate}. Check both against your KTP.",
        id: "Menurut NIK, Anda lahir pada {nikBirthDate}, tetapi Anda memasukkan {birthDate}. Periksa keduanya sesuai KTP Anda.";
    NikGenderMismatch = "nik.gender_mismatch", Warning, [nikGender: T("F"), gender: T("M")],
        en: "Your NIK is registered as {nikGender}, but you chose {gender}. Check both against your KTP.",
        id: "NIK Anda terdaftar sebagai {nikGender}, tetapi Anda memilih {gender}. Periksa keduanya sesuai KTP Anda.";

    PhoneRequired = "phone.required", Error, [],
        en: "Enter your mobile phone number.",
        id: "Masukkan nomor HP Anda.";
    PhoneInvalidCharacters = "phone.invalid_characters", Error, [characters: T("\"a\", \"#\"")],
        en: "A phone number contains only digits, spaces, dashes, slashes, brackets and a leading +; remove {characters}.",
        id: "Nomor telepon hanya berisi angka, spasi, tanda hubung, garis miring, tanda kurung, dan tanda + di depan; hapus {characters}.";
    PhoneFormat = "phone.format", Error, [],
        en: "This does not look like one phone number. Enter it as 0812-3456-7890 or +62 812-3456-7890.",
        id: "Ini tidak terlihat seperti satu nomor telepon. Tulis seperti 0812-3456-7890 atau +62 812-3456-7890.";
    PhoneNotIndonesian = "phone.not_indonesian", Error, [countryCode: T("+65")],
        en: "Only Indonesian numbers (+62) are accepted; this one starts with {countryCode}.",
        id: "Hanya nomor Indonesia (+62) yang diterima; nomor ini diawali {countryCode}.";
    PhoneUnknownPrefix = "phone.unknown_prefix", Error, [prefix: T("01")],
        en: "No Indonesian phone number starts with {prefix}. Check the number.",
        id: "Tidak ada nomor telepon Indonesia yang diawali {prefix}. Periksa kembali nomornya.";
    PhoneLength = "phone.length", Error, [length: N(9), min: N(10), max: N(13)],
        en: "Written from the leading 0, this number has {length} digits; it needs {min} to {max}.",
        id: "Ditulis mulai dari angka 0 di depan, nomor ini terdiri dari {length} digit; seharusnya {min} sampai {max} digit.";
    PhoneNotMobile = "phone.not_mobile", Error, [],
        en: "This is not a mobile number. Enter a mobile number starting with 08.",
        id: "Ini bukan nomor HP. Masukkan nomor HP yang diawali 08.";

    EmailRequired = "email.required", Error, [],
        en: "Enter your email address.",
        id: "Masukkan alamat email Anda.";
    EmailFormat = "email.format", Error, [],
        en: "This is not a valid email address. It looks like name@example.com.",
        id: "Alamat email ini tidak valid. Contoh yang benar: nama@contoh.com.";
    EmailTooLong = "email.too_long", Error, [length: N(260), max: N(254)],
        en: "An email address can have at most {max} characters; this one has {length}.",
        id: "Alamat email paling banyak {max} karakter; yang Anda masukkan {length} karakter.";
    EmailDomainTypo = "email.domain_typo", Warning, [domain: T("gmial.com"), suggestion: T("gmail.com")],
        en: "Did you mean {suggestion} instead of {domain}?",
        id: "Apakah maksud Anda {suggestion}, bukan {domain}?";

    NameRequired = "name.required", Error, [],
        en: "Enter your full name as written on your KTP.",
        id: "Masukkan nama lengkap sesuai KTP.";
    NameInvalidCharacters = "name.invalid_characters", Error, [characters: T("\"3\"")],
        en: "A name on a KTP contains only letters, spaces and . , ' -; remove {characters}.",
        id: "Nama pada KTP hanya berisi huruf, spasi, dan . , ' -; hapus {characters}.";
    NameTooShort = "name.too_short", Error, [letters: N(1), min: N(2)],
        en: "A name needs at least {min} letters; this one has {letters}.",
        id: "Nama paling sedikit {min} huruf; yang Anda masukkan {letters} huruf.";
    NameTooLong = "name.too_long", Error, [length: N(120), max: N(100)],
        en: "A name can have at most {max} characters; this one has {length}.",
        id: "Nama paling banyak {max} karakter; yang Anda masukkan {length} karakter.";

    DateRequired = "date.required", Error, [],
        en: "Enter a date.",
        id: "Masukkan tanggal.";
    DateFormat = "date.format", Error, [format: T("DD-MM-YYYY")],
        en: "Write the date as {format}.",
        id: "Tulis tanggal dengan format {format}.";
    DateInvalid = "date.invalid", Error, [],
        en: "This date does not exist on the calendar.",
        id: "Tanggal ini tidak ada di kalender.";
    DateFuture = "date.future", Error, [date: T("2031-01-01"), today: T("2026-11-22")],
        en: "{date} is in the future.",
        id: "{date} adalah tanggal di masa depan.";
    DateTooEarly = "date.too_early", Error, [date: T("1899-12-31"), min: T("1900-01-01")],
        en: "{date} is too far in the past; the earliest accepted date is {min}.",
        id: "{date} terlalu jauh di masa lalu; tanggal paling awal yang diterima adalah {min}.";

    FieldRequired = "field.required", Error, [field: T("birthPlace")],
        en: "Fill in your {field}.",
        id: "Isi {field} Anda.";
    FieldTooLongEncrypted = "field.too_long_encrypted", Error, [field: T("address.home"), length: N(231), maxLength: N(190)],
        en: "Your {field} is too long to be sent encrypted: with the details sent along with it, it takes {length} bytes, and at most {maxLength} fit. Shorten it, for example with common abbreviations.",
        id: "Data {field} Anda terlalu panjang untuk dikirim terenkripsi: bersama data lain yang dikirim bersamanya, panjangnya {length} byte, sedangkan batasnya {maxLength} byte. Persingkat, misalnya dengan singkatan yang umum.";

    FieldInvalidCharacters = "field.invalid_characters", Error, [field: T("address.home"), characters: T("U+0000")],
        en: "Your {field} holds characters that cannot be sent ({characters}). They are usually invisible and come with copied text: type it in again instead of pasting it.",
        id: "Data {field} Anda berisi karakter yang tidak dapat dikirim ({characters}). Karakter ini biasanya tidak terlihat dan ikut saat teks disalin: ketik ulang, jangan ditempel.";

    FieldNotObject = "field.not_object", Error, [field: T("raw")],
        en: "The {field} sent with this form must be a JSON object. Please contact our support.",
        id: "Data {field} yang dikirim bersama formulir ini harus berupa objek JSON. Silakan hubungi layanan pelanggan kami.";

    ImageRequired = "image.required", Error, [],
        en: "Choose or take a photo.",
        id: "Pilih atau ambil foto.";
    ImageEmpty = "image.empty", Error, [],
        en: "This file is empty (0 bytes). Take or choose the photo again.",
        id: "File ini kosong (0 byte). Ambil atau pilih ulang fotonya.";
    ImageFormatUnsupported = "image.format_unsupported", Error, [format: T("HEIC"), accepted: T("JPEG, PNG, SVG")],
        en: "This file is {format}, which is not accepted; use {accepted}. On an iPhone, set Settings > Camera > Formats to Most Compatible and take the photo again.",
        id: "File ini berformat {format} yang tidak diterima; gunakan {accepted}. Di iPhone, atur Pengaturan > Kamera > Format ke Paling Kompatibel lalu foto ulang.";
    ImageCorrupt = "image.corrupt", Error, [reason: T("the file ends before the image does")],
        en: "This photo is damaged or incomplete, perhaps because an upload was cut off. Choose or take it again.",
        id: "Foto ini rusak atau tidak lengkap, mungkin karena unggahan terputus. Pilih atau ambil ulang fotonya.";
    ImageFileTooSmall = "image.file_too_small", Error, [bytes: N(80_000), minBytes: N(102_400), minBytesStated: T("100 KB")],
        en: "This photo's file is {bytes}; it must be at least {minBytes}. Take the photo again at a higher quality.",
        id: "Ukuran file foto ini {bytes}; minimal {minBytes}. Ambil ulang foto dengan kualitas lebih tinggi.";
    ImageFileTooLarge = "image.file_too_large", Error, [bytes: N(5_200_000), maxBytes: N(4_000_000), maxBytesStated: T("4 MB")],
        en: "This photo's file is {bytes}; it can be at most {maxBytes}.",
        id: "Ukuran file foto ini {bytes}; maksimal {maxBytes}.";
    ImageDimensionsTooSmall = "image.dimensions_too_small", Error, [width: N(360), height: N(480), minWidth: N(480), minHeight: N(640)],
        en: "This photo is {width} × {height} pixels; it must be at least {minWidth} × {minHeight} (width × height). Take it again with the camera, not a screenshot.",
        id: "Foto ini berukuran {width} × {height} piksel; minimal {minWidth} × {minHeight} (lebar × tinggi). Ambil ulang dengan kamera, bukan tangkapan layar.";
    ImageTooComplex = "image.too_complex", Error, [reason: T("more than 64 scans")],
        en: "This photo's file is saved in an unusual way that takes too long to check, such as a progressive JPEG in hundreds of passes. Take the photo again with the camera, or save it again as a standard JPEG.",
        id: "File foto ini disimpan dengan cara yang tidak biasa sehingga terlalu lama untuk diperiksa, misalnya JPEG progresif dengan ratusan tahap. Ambil ulang foto dengan kamera, atau simpan ulang sebagai JPEG biasa.";
    ImageTooManyPixels = "image.too_many_pixels", Error, [width: N(100_000), height: N(100_000), maxPixels: N(50_000_000)],
        en: "This image declares {width} × {height} pixels, far more than any photo; choose a photo taken with a camera.",
        id: "Gambar ini menyatakan ukuran {width} × {height} piksel, jauh lebih besar dari foto mana pun; pilih foto yang diambil dengan kamera.";
    ImageUnsafeSvg = "image.unsafe_svg", Error, [reason: T("script")],
        en: "This SVG file contains content that is not allowed in a photo (such as scripts or links to other files). Use a JPEG or PNG photo.",
        id: "File SVG ini berisi konten yang tidak diizinkan pada foto (seperti skrip atau tautan ke file lain). Gunakan foto JPEG atau PNG.";
    ImageSvgNoSize = "image.svg_no_size", Error, [minWidth: N(480), minHeight: N(640)],
        en: "This SVG file has no size in pixels, so it cannot meet the minimum of {minWidth} × {minHeight}. Use a JPEG or PNG photo.",
        id: "File SVG ini tidak memiliki ukuran dalam piksel, sehingga tidak dapat memenuhi minimum {minWidth} × {minHeight}. Gunakan foto JPEG atau PNG.";
    ImageQualityNotMeasured = "image.quality_not_measured", Warning, [reason: T("decoding it would take more memory than a page can spare")],
        en: "This photo is too large to be checked here for sharpness and lighting. Make sure it is sharp and well lit, or take it again with the phone's camera.",
        id: "Foto ini terlalu besar untuk diperiksa ketajaman dan pencahayaannya di sini. Pastikan foto tajam dan cukup terang, atau ambil ulang dengan kamera ponsel.";
    ImageBlurry = "image.blurry", Warning, [sharpness: N(23), minSharpness: N(150)],
        en: "This photo looks blurry. Hold the phone still, tap to focus, and take it again.",
        id: "Foto ini terlihat buram. Pegang ponsel dengan stabil, ketuk layar untuk fokus, lalu foto ulang.";
    ImageTooDark = "image.too_dark", Warning, [brightness: N(31), minBrightness: N(45)],
        en: "This photo is too dark. Move to a brighter place and take it again.",
        id: "Foto ini terlalu gelap. Pindah ke tempat yang lebih terang lalu foto ulang.";
    ImageTooBright = "image.too_bright", Warning, [brightness: N(175), maxBrightness: N(220), highlightsPercent: N(48), maxHighlightsPercent: N(20)],
        en: "This photo is too bright. Avoid direct sunlight or flash and take it again.",
        id: "Foto ini terlalu terang. Hindari sinar matahari langsung atau lampu kilat lalu foto ulang.";
    ImageGlare = "image.glare", Warning, [glarePercent: N(6), maxGlarePercent: D(2.5)],
        en: "Light is reflecting off the card ({glarePercent}% of the photo). Tilt the card or move away from the lamp and take it again.",
        id: "Ada pantulan cahaya pada kartu ({glarePercent}% dari foto). Miringkan kartu atau menjauh dari lampu lalu foto ulang.";
    ImageFitUnreachable = "image.fit_unreachable", Error, [minBytes: N(102_400), maxBytes: N(4_000_000), minBytesStated: T("100 KB"), maxBytesStated: T("4 MB")],
        en: "This photo could not be saved within the accepted file size ({minBytes} to {maxBytes}). Take it again in good light with the phone's camera, or choose another photo.",
        id: "Foto ini tidak dapat disimpan dalam ukuran file yang diterima ({minBytes} sampai {maxBytes}). Foto ulang dengan kamera ponsel di tempat yang terang, atau pilih foto lain.";
    ImageFitTooLarge = "image.fit_too_large", Error, [width: N(12_000), height: N(9_000)],
        en: "This photo ({width} × {height} pixels) is too large to be prepared on this device. Take it again with the phone's camera at its usual setting, or choose a smaller photo.",
        id: "Foto ini ({width} × {height} piksel) terlalu besar untuk disiapkan di perangkat ini. Ambil ulang dengan kamera ponsel pada pengaturan biasa, atau pilih foto yang lebih kecil.";
    ImageColourApproximated = "image.colour_approximated", Warning, [profile: T("CMYK")],
        en: "This photo's colours were converted from {profile} without its colour profile, so they may look slightly different. If the colours matter, save it as an ordinary RGB JPEG and choose it again.",
        id: "Warna foto ini dikonversi dari {profile} tanpa profil warnanya, sehingga mungkin sedikit berbeda. Jika warna penting, simpan sebagai JPEG RGB biasa lalu pilih lagi.";

    ResponseFieldRejected = "response.field_rejected", Error, [field: T("name"), providerField: T("fullName")],
        en: "The provider could not verify your {field}. Check it against your KTP and try again.",
        id: "Penyedia layanan tidak dapat memverifikasi {field} Anda. Periksa kembali sesuai KTP lalu coba lagi.";
    ResponseFieldInUse = "response.field_in_use", Error, [field: T("email"), providerField: T("emailAddress")],
        en: "Your {field} is already registered to another NIK. Use your own.",
        id: "Sudah ada NIK lain yang terdaftar dengan {field} ini. Gunakan milik Anda sendiri.";
    ResponseLivenessFailed = "response.liveness_failed", Error, [],
        en: "The selfie did not pass the liveness check. Take a new selfie of your own face in good light, not a photo of a photo or a screen.",
        id: "Foto selfie tidak lolos pemeriksaan keaktifan (liveness). Ambil selfie baru wajah Anda sendiri di tempat terang, bukan foto dari foto atau layar.";
    ResponseFaceMismatch = "response.face_mismatch", Error, [],
        en: "The face in the selfie does not match the photo on the KTP. Take a new selfie of the card holder.",
        id: "Wajah pada selfie tidak cocok dengan foto pada KTP. Ambil selfie baru pemilik KTP.";
    ResponsePhotoUnclear = "response.photo_unclear", Error, [],
        en: "The KTP photo is not clear enough to read. Take it again, flat, in good light and without glare.",
        id: "Foto KTP tidak cukup jelas untuk dibaca. Foto ulang dengan posisi datar, di tempat terang, dan tanpa pantulan cahaya.";
    ResponseImageTooLarge = "response.image_too_large", Error, [maxBytes: N(1_000_000)],
        en: "A photo is larger than the provider accepts ({maxBytes}). Choose a smaller photo.",
        id: "Ada foto yang lebih besar dari batas penyedia layanan ({maxBytes}). Pilih foto yang lebih kecil.";
    ResponseNotRegistered = "response.not_registered", Error, [],
        en: "This NIK is not registered with Dukcapil. Check it against your KTP.",
        id: "NIK ini tidak terdaftar di Dukcapil. Periksa kembali sesuai KTP Anda.";
    ResponseNotVerified = "response.not_verified", Error, [],
        en: "The provider could not verify your identity.",
        id: "Penyedia layanan tidak dapat memverifikasi identitas Anda.";
    ResponseVerifiedWithReason = "response.verified_with_reason", Warning, [],
        en: "Your identity was verified, with a note from the provider on some of the data.",
        id: "Identitas Anda terverifikasi, dengan catatan dari penyedia layanan pada sebagian data.";
    ResponseFieldUnconfirmed = "response.field_unconfirmed", Warning, [field: T("name"), providerField: T("id_name_match")],
        en: "Your identity was verified, but the provider could not confirm your {field}. Check it against your KTP.",
        id: "Identitas Anda terverifikasi, tetapi penyedia layanan tidak dapat mengonfirmasi {field} Anda. Periksa kembali sesuai KTP.";
    ResponseVerdictMissing = "response.verdict_missing", Error, [field: T("name"), providerField: T("full_name")],
        en: "The provider did not give a result for your {field}, so your identity is not verified yet. Please try again later or contact our support.",
        id: "Penyedia layanan tidak memberikan hasil untuk {field} Anda, sehingga identitas Anda belum terverifikasi. Silakan coba lagi nanti atau hubungi layanan pelanggan kami.";
    ResponseSelfieUnjudged = "response.selfie_unjudged", Error, [],
        en: "Your selfie could not be compared with your KTP yet, so your identity is not verified. Please contact our support.",
        id: "Foto selfie Anda belum dapat dibandingkan dengan KTP, sehingga identitas Anda belum terverifikasi. Silakan hubungi layanan pelanggan kami.";
    ResponseCallbackUnconfirmed = "response.callback_unconfirmed", Warning, [],
        en: "A result for your verification has arrived and is being confirmed. We will let you know when it is final.",
        id: "Hasil verifikasi Anda sudah diterima dan sedang dikonfirmasi. Kami akan memberi tahu Anda setelah hasilnya final.";
    ResponseFallbackEnrolment = "response.fallback_enrolment", Warning, [],
        en: "Your identity was verified; your official photo could not be added to your profile yet.",
        id: "Identitas Anda terverifikasi; foto resmi Anda belum dapat ditambahkan ke profil Anda.";
    ResponseDailyQuota = "response.daily_quota", Error, [providerCode: T("305"), providerMessage: T("Daily maximum volume reached")],
        en: "Verification has reached its limit for today. Please try again tomorrow.",
        id: "Verifikasi sudah mencapai batas untuk hari ini. Silakan coba lagi besok.";
    ResponseInvalidRequest = "response.invalid_request", Error, [providerCode: T("11340"), providerMessage: T("phone_number error")],
        en: "The provider could not process some of the data. Check the form and try again.",
        id: "Penyedia layanan tidak dapat memproses sebagian data. Periksa formulir lalu coba lagi.";
    ResponseServiceUnavailable = "response.service_unavailable", Error, [providerCode: T("600")],
        en: "Verification is temporarily unavailable. Please try again in a few minutes.",
        id: "Verifikasi sedang tidak tersedia. Silakan coba lagi beberapa menit lagi.";
    ResponseNotAvailable = "response.not_available", Error, [providerCode: T("301"), providerMessage: T("Service not purchased")],
        en: "Verification is not available at the moment. Please contact our support.",
        id: "Verifikasi sedang tidak dapat digunakan. Silakan hubungi layanan pelanggan kami.";
    ResponseRateLimited = "response.rate_limited", Error, [],
        en: "Too many verification attempts right now. Please try again in a moment.",
        id: "Terlalu banyak percobaan verifikasi saat ini. Silakan coba lagi sebentar lagi.";
    RequestNetworkError = "request.network_error", Error, [],
        en: "The request could not be sent. Check your internet connection and try again.",
        id: "Permintaan tidak dapat dikirim. Periksa koneksi internet Anda lalu coba lagi.";
    RequestTimeout = "request.timeout", Error, [],
        en: "The verification took too long to answer. Please wait a moment before trying again: it may still be processed.",
        id: "Verifikasi terlalu lama menjawab. Tunggu sebentar sebelum mencoba lagi: permintaan mungkin masih diproses.";
    SubmitUploadIncomplete = "submit.upload_incomplete", Error, [sentBytes: N(1_250_000), totalBytes: N(4_860_000)],
        en: "Your data was not sent: the upload stopped after {sentBytes} of {totalBytes}. Move to a place with a stronger signal or use Wi-Fi and send again, or choose smaller photos.",
        id: "Data Anda belum terkirim: unggahan berhenti setelah {sentBytes} dari {totalBytes}. Pindah ke tempat dengan sinyal lebih kuat atau gunakan Wi-Fi lalu kirim lagi, atau pilih foto yang lebih kecil.";
    SubmitAlreadySent = "submit.already_sent", Warning, [],
        en: "Your data was already sent, and this is its result; nothing was sent again. Change the form to send new data.",
        id: "Data Anda sudah dikirim, dan ini hasilnya; tidak ada yang dikirim ulang. Ubah formulir untuk mengirim data baru.";
    ResponseRedirected = "response.redirected", Error, [],
        en: "Verification could not be completed because the service is not set up correctly. Please contact our support.",
        id: "Verifikasi tidak dapat diselesaikan karena layanan belum diatur dengan benar. Silakan hubungi layanan pelanggan kami.";
    ResponseTooLarge = "response.too_large", Error, [maxBytes: N(1_048_576)],
        en: "Verification could not be completed because the service sent an answer that cannot be read. Please contact our support.",
        id: "Verifikasi tidak dapat diselesaikan karena layanan mengirim jawaban yang tidak dapat dibaca. Silakan hubungi layanan pelanggan kami.";
    ResponseUnknown = "response.unknown", Error, [providerCode: T("999"), httpStatus: N(500)],
        en: "Verification could not be completed. Please try again later.",
        id: "Verifikasi tidak dapat diselesaikan. Silakan coba lagi nanti.";
}

/// One problem found in the input.
///
/// Built by the checks; integrators read it. Its JSON form (through serde) is the shape the
/// npm package returns: `{ path, code, severity, params, message: { en, id } }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Issue {
    /// Where in the form the problem is; empty for a check of a single field.
    pub path: Vec<PathSegment>,
    /// What kind of problem it is.
    pub code: Code,
    /// Whether it blocks the submission.
    pub severity: Severity,
    /// The measured values and bounds the message refers to, in the order of the code table.
    pub params: Vec<(&'static str, Param)>,
}

impl Issue {
    /// An issue of `code` with the code's default severity and no parameters yet.
    pub fn new(code: Code) -> Self {
        Issue {
            path: Vec::new(),
            code,
            severity: code.info().severity,
            params: Vec::new(),
        }
    }

    /// Adds the parameter `name`, which must be one of the code's declared parameters.
    pub fn with(mut self, name: &'static str, value: impl Into<Param>) -> Self {
        debug_assert!(
            self.code.info().params.iter().any(|(n, _)| *n == name),
            "{} declares no parameter {name}",
            self.code.as_str()
        );
        self.params.push((name, value.into()));
        self
    }

    /// Puts `segment` in front of the path, as a form-level check does for a field's issues.
    pub fn prefixed(mut self, segment: PathSegment) -> Self {
        self.path.insert(0, segment);
        self
    }

    /// The value of the parameter `name`, if the issue has it.
    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// The message in `language`, with the parameters filled in.
    pub fn message(&self, language: Language) -> String {
        let info = self.code.info();
        let template = match language {
            Language::English => info.en,
            Language::Indonesian => info.id,
        };
        render(template, &self.params, language)
    }

    /// The English message.
    pub fn message_en(&self) -> String {
        self.message(Language::English)
    }

    /// The Bahasa Indonesia message.
    pub fn message_id(&self) -> String {
        self.message(Language::Indonesian)
    }
}

/// Fills `{name}` placeholders. Gender codes are spelled out as words in the target language
/// because "M" and "F" mean nothing to the person reading the message.
fn render(template: &str, params: &[(&'static str, Param)], language: Language) -> String {
    let sizes = file_sizes(params, language);
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match params.iter().find(|(n, _)| *n == name) {
                    Some((n, value)) if n.ends_with("ender") => {
                        out.push_str(gender_word(value, language))
                    }
                    Some((n, Param::Text(field))) if *n == "field" => {
                        out.push_str(field_label(field, language))
                    }
                    // A date pattern (not an image format's name: "PDF") in the letters of
                    // the applicant's language: an Indonesian form writes DD-MM-YYYY as
                    // HH-BB-TTTT (hari, bulan, tahun).
                    Some((n, Param::Text(format)))
                        if *n == "format"
                            && language == Language::Indonesian
                            && format.chars().all(|c| "DMY-".contains(c)) =>
                    {
                        out.extend(format.chars().map(|c| match c {
                            'D' => 'H',
                            'M' => 'B',
                            'Y' => 'T',
                            c => c,
                        }))
                    }
                    Some((n, Param::Number(_))) if n.ends_with("ytes") => {
                        if let Some((_, size)) = sizes.iter().find(|(size_of, _)| size_of == n) {
                            out.push_str(size);
                        }
                    }
                    // Indonesian writes a decimal comma, as its sizes do ("4,8 MB").
                    Some((_, Param::Decimal(d))) if language == Language::Indonesian => {
                        out.push_str(&d.to_string().replace('.', ","))
                    }
                    Some((_, value)) => {
                        let _ = write!(out, "{value}");
                    }
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The issue's file sizes (its `…Bytes` parameters) as people read them: "98 KB",
/// "3.9 MB" ("3,9 MB" in Indonesian). Decimal units, because the bounds they are compared
/// with are decimal (see the seeds README). All in one unit, MB once one of them reaches
/// 1,000,000 bytes, with the fewest decimals (at least one for MB) at which different
/// sizes read differently: 4,031,336 bytes against a 4,000,000 maximum is "4.03 MB"
/// against "4.00 MB", never "4.0 MB" twice.
///
/// A bound with a `…Stated` companion (`minBytesStated: "100 KB"`, the provider's own
/// wording of `minBytes: 102400`) is written as the provider writes it, and the measured
/// `bytes` beside it in the provider's unit, which that pair defines (102,400 / 100 = 1,024
/// bytes a "KB"), with the fewest decimals (at least one for MB) at which it differs from
/// the bound: 101,000 bytes is "99 KB" (98.6) against "100 KB", never "101 KB", which would read
/// as passing. Rounding to the nearest never crosses the bound, so a size that differs from
/// it in print is on the side the check found.
fn file_sizes(params: &[(&'static str, Param)], language: Language) -> Vec<(&'static str, String)> {
    let bytes: Vec<(&'static str, i64)> = params
        .iter()
        .filter_map(|(name, value)| match value {
            Param::Number(n) if name.ends_with("ytes") => Some((*name, *n)),
            _ => None,
        })
        .collect();
    let stated: Vec<(&'static str, i64, Stated)> = bytes
        .iter()
        .filter_map(|(name, n)| {
            let text = params.iter().find_map(|(other, value)| match value {
                Param::Text(text) if other.strip_suffix("Stated") == Some(name) => Some(text),
                _ => None,
            })?;
            Some((*name, *n, Stated::parse(text, *n)?))
        })
        .collect();
    let mut written: Vec<(&'static str, String)> = stated
        .iter()
        .map(|(name, _, bound)| (*name, bound.text.to_owned()))
        .collect();
    let measured = bytes.iter().find(|(name, _)| *name == "bytes");
    let mut plain: Vec<(&'static str, i64)> = bytes
        .iter()
        .filter(|(name, _)| written.iter().all(|(done, _)| done != name))
        .copied()
        .collect();
    // Under a kilobyte a size in KB reads "0 KB": a 134-byte file is "134 bytes".
    let in_bytes = |n: i64| match (language, n) {
        (Language::English, 1) => "1 byte".to_owned(),
        (Language::English, _) => format!("{n} bytes"),
        (Language::Indonesian, _) => format!("{n} byte"),
    };
    if let (Some(&(name, n)), [(_, _, bound)]) = (measured, stated.as_slice()) {
        written.push((
            name,
            if n < 1_000 {
                in_bytes(n)
            } else {
                bound.write(n)
            },
        ));
        plain.retain(|(other, _)| *other != name);
    }
    let (small, plain): (Vec<_>, Vec<_>) = plain.into_iter().partition(|(_, n)| *n < 1_000);
    written.extend(decimal_sizes(&plain));
    if language == Language::Indonesian {
        for (_, text) in &mut written {
            *text = text.replace('.', ",");
        }
    }
    written.extend(small.into_iter().map(|(name, n)| (name, in_bytes(n))));
    written
}

/// `bytes` in decimal units, as [`file_sizes`] writes sizes without a stated bound: each in
/// its own unit (MB from 1,000,000 bytes, else KB), so a 1,000-byte bound beside a 600 MB
/// file is "1 KB", not "0.0 MB"; the decimals grow together until different sizes read
/// differently (sizes in different units always do).
fn decimal_sizes(bytes: &[(&'static str, i64)]) -> Vec<(&'static str, String)> {
    let sizes: Vec<i64> = bytes.iter().map(|(_, n)| *n).collect();
    let distinct = distinct_count(&sizes);
    let mut written = Vec::new();
    for step in 0..=5 {
        written = bytes
            .iter()
            .map(|(name, n)| {
                let text = if *n >= 1_000_000 {
                    let places = 1 + step;
                    format!("{:.places$} MB", *n as f64 / 1_000_000.0)
                } else {
                    let places = step.min(3);
                    format!("{:.places$} KB", *n as f64 / 1_000.0)
                };
                (*name, text)
            })
            .collect();
        let texts: Vec<&str> = written.iter().map(|(_, text)| text.as_str()).collect();
        if distinct_count(&texts) == distinct {
            break;
        }
    }
    written
}

/// How many different values `items` holds: a message's few sizes, compared each with
/// those before it (no sort, whose code costs the wasm module about 8 KB for two types).
fn distinct_count<T: PartialEq>(items: &[T]) -> usize {
    (0..items.len())
        .filter(|&at| !items[..at].contains(&items[at]))
        .count()
}

/// A bound as its provider states it ("100 KB"), with the bytes its unit stands for there.
struct Stated<'a> {
    text: &'a str,
    number: f64,
    unit: &'a str,
    unit_bytes: f64,
}

impl<'a> Stated<'a> {
    /// Reads "100 KB" stated for `bytes`; `None` for a text that is not a number and a
    /// unit, which then is not used.
    fn parse(text: &'a str, bytes: i64) -> Option<Self> {
        let (number, unit) = text.split_once(' ')?;
        let number = parse_f64(number).filter(|n| *n > 0.0)?;
        Some(Stated {
            text,
            number,
            unit,
            unit_bytes: bytes as f64 / number,
        })
    }

    /// `bytes` in this bound's unit, with the fewest decimals (at least one for units of a
    /// million bytes or more) at which it differs from the bound in print.
    fn write(&self, bytes: i64) -> String {
        let value = bytes as f64 / self.unit_bytes;
        let fewest = usize::from(self.unit_bytes >= 1_000_000.0);
        let places = (fewest..=6)
            .find(|&places| format!("{value:.places$}") != format!("{:.places$}", self.number))
            .unwrap_or(6);
        format!("{value:.places$} {}", self.unit)
    }
}

/// The words for an applicant field in a message: "full name", "nama lengkap".
fn field_label(field: &str, language: Language) -> &str {
    const LABELS: &[(&str, &str, &str)] = &[
        ("nik", "NIK", "NIK"),
        ("name", "full name", "nama lengkap"),
        ("birthDate", "birth date", "tanggal lahir"),
        ("birthPlace", "birth place", "tempat lahir"),
        ("email", "email address", "alamat email"),
        ("phone", "phone number", "nomor HP"),
        ("address", "address", "alamat"),
        ("address.home", "home address", "alamat rumah"),
        ("address.business", "business address", "alamat usaha"),
        ("selfie", "selfie", "foto selfie"),
        ("idCard", "KTP photo", "foto KTP"),
        ("photo", "Dukcapil photo", "foto Dukcapil"),
        (
            "custRefNo",
            "customer reference number",
            "nomor referensi pelanggan",
        ),
        ("customerId", "customer ID", "ID pelanggan"),
        ("valid", "Dukcapil verdict", "hasil verifikasi Dukcapil"),
        ("raw", "Dukcapil response", "respons Dukcapil"),
        ("reason", "reason", "alasan"),
    ];
    LABELS
        .iter()
        .find(|(name, _, _)| *name == field)
        .map_or(field, |(_, en, id)| match language {
            Language::English => en,
            Language::Indonesian => id,
        })
}

fn gender_word(value: &Param, language: Language) -> &'static str {
    let female = matches!(value, Param::Text(t) if t == "F");
    match (language, female) {
        (Language::English, true) => "female",
        (Language::English, false) => "male",
        (Language::Indonesian, true) => "perempuan",
        (Language::Indonesian, false) => "laki-laki",
    }
}

impl Serialize for Issue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Params<'a>(&'a [(&'static str, Param)]);
        impl Serialize for Params<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(self.0.len()))?;
                for (name, value) in self.0 {
                    map.serialize_entry(name, value)?;
                }
                map.end()
            }
        }
        #[derive(Serialize)]
        struct Message {
            en: String,
            id: String,
        }
        let mut s = serializer.serialize_struct("Issue", 5)?;
        s.serialize_field("path", &self.path)?;
        s.serialize_field("code", self.code.as_str())?;
        s.serialize_field("severity", &self.severity)?;
        s.serialize_field("params", &Params(&self.params))?;
        s.serialize_field(
            "message",
            &Message {
                en: self.message_en(),
                id: self.message_id(),
            },
        )?;
        s.end()
    }
}

/// True when none of `issues` is an error: the rule behind every result's `ok`.
pub fn no_errors(issues: &[Issue]) -> bool {
    issues.iter().all(|issue| issue.severity != Severity::Error)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn too_large(bytes: i64, max: i64) -> Issue {
        Issue::new(Code::ImageFileTooLarge)
            .with("bytes", bytes)
            .with("maxBytes", max)
    }

    #[test]
    fn a_size_over_the_bound_never_reads_as_the_bound() {
        assert_eq!(
            too_large(4_031_336, 4_000_000).message_id(),
            "Ukuran file foto ini 4,03 MB; maksimal 4,00 MB."
        );
        assert_eq!(
            too_large(5_800_000, 2_000_000).message_en(),
            "This photo's file is 5.8 MB; it can be at most 2.0 MB."
        );
        // One byte over: as many decimals as it takes, up to the byte.
        assert_eq!(
            too_large(4_000_001, 4_000_000).message_en(),
            "This photo's file is 4.000001 MB; it can be at most 4.000000 MB."
        );
        // Every pair of different sizes over a range of bounds reads differently.
        for max in [1_000_000_i64, 1_500_000, 2_000_000, 3_000_000, 4_000_000] {
            for over in [1, 7, 499, 500, 4_999, 5_000, 31_336, 49_999, 50_000] {
                let issue = too_large(max + over, max);
                let sizes = file_sizes(&issue.params, Language::Indonesian);
                assert_ne!(sizes[0].1, sizes[1].1, "{} over {max}", max + over);
            }
        }
        let small = Issue::new(Code::ImageFileTooSmall)
            .with("bytes", 102_399)
            .with("minBytes", 102_400);
        assert_eq!(
            small.message_en(),
            "This photo's file is 102.399 KB; it must be at least 102.400 KB. Take the photo again at a higher quality."
        );
    }

    #[test]
    fn indonesian_writes_date_patterns_in_its_letters_and_decimals_with_a_comma() {
        let date = |format: &str| Issue::new(Code::DateFormat).with("format", format);
        assert_eq!(
            date("DD-MM-YYYY").message_id(),
            "Tulis tanggal dengan format HH-BB-TTTT."
        );
        assert_eq!(
            date("YYYY-MM-DD").message_id(),
            "Tulis tanggal dengan format TTTT-BB-HH."
        );
        assert_eq!(
            date("DD-MM-YYYY").message_en(),
            "Write the date as DD-MM-YYYY."
        );
        let pdf = Issue::new(Code::ImageFormatUnsupported)
            .with("format", "PDF")
            .with("accepted", "JPEG, PNG");
        assert!(pdf.message_id().starts_with("File ini berformat PDF yang"));
        let glare = Issue::new(Code::ImageGlare)
            .with("glarePercent", Param::Decimal(42.9))
            .with("maxGlarePercent", Param::Decimal(2.5));
        assert!(glare.message_id().contains("(42,9% dari foto)"));
        assert!(glare.message_en().contains("(42.9% of the photo)"));
    }

    fn too_small_stated(bytes: i64) -> Issue {
        Issue::new(Code::ImageFileTooSmall)
            .with("bytes", bytes)
            .with("minBytes", 102_400)
            .with("minBytesStated", "100 KB")
    }

    #[test]
    fn a_stated_bound_reads_as_the_provider_writes_it_and_the_size_stays_on_its_side() {
        assert_eq!(
            too_small_stated(80_000).message_id(),
            "Ukuran file foto ini 78 KB; minimal 100 KB. Ambil ulang foto dengan kualitas lebih tinggi."
        );
        // 101,000 bytes is 101 KB in thousands, which would read as passing "100 KB".
        assert_eq!(
            too_small_stated(101_000).message_id(),
            "Ukuran file foto ini 99 KB; minimal 100 KB. Ambil ulang foto dengan kualitas lebih tinggi."
        );
        assert_eq!(
            too_small_stated(102_399).message_en(),
            "This photo's file is 99.999 KB; it must be at least 100 KB. Take the photo again at a higher quality."
        );
        let large = too_large(4_031_336, 4_000_000).with("maxBytesStated", "4 MB");
        assert_eq!(
            large.message_id(),
            "Ukuran file foto ini 4,03 MB; maksimal 4 MB."
        );
        let large = too_large(4_000_001, 4_000_000).with("maxBytesStated", "4 MB");
        assert_eq!(
            large.message_en(),
            "This photo's file is 4.000001 MB; it can be at most 4 MB."
        );
        // Under a kilobyte, in bytes: "0 KB" would say nothing.
        assert_eq!(
            too_small_stated(134).message_id(),
            "Ukuran file foto ini 134 byte; minimal 100 KB. Ambil ulang foto dengan kualitas lebih tinggi."
        );
        assert_eq!(
            too_small_stated(1).message_en(),
            "This photo's file is 1 byte; it must be at least 100 KB. Take the photo again at a higher quality."
        );
        let unstated = Issue::new(Code::ImageFileTooSmall)
            .with("bytes", 999)
            .with("minBytes", 1_000);
        assert_eq!(
            unstated.message_en(),
            "This photo's file is 999 bytes; it must be at least 1 KB. Take the photo again at a higher quality."
        );
        // Every size under the bound reads as a number under it, never as the bound.
        for bytes in (1_000..102_400).step_by(7) {
            let sizes = file_sizes(&too_small_stated(bytes).params, Language::English);
            let written = &sizes.iter().find(|(name, _)| *name == "bytes").unwrap().1;
            let number: f64 = written.trim_end_matches(" KB").parse().unwrap();
            assert!(number < 100.0, "{bytes} bytes read as {written}");
        }
        let unreachable = Issue::new(Code::ImageFitUnreachable)
            .with("minBytes", 102_400)
            .with("maxBytes", 3_000_000)
            .with("minBytesStated", "100 KB");
        assert!(unreachable.message_en().contains("(100 KB to 3.0 MB)"));
        // A text that is no number and unit is not used: the bytes are written as without it.
        let odd = Issue::new(Code::ImageFileTooSmall)
            .with("bytes", 80_000)
            .with("minBytes", 102_400)
            .with("minBytesStated", "100KB");
        assert!(odd
            .message_en()
            .starts_with("This photo's file is 80 KB; it must be at least 102 KB."));
    }
}
