//! Photo slots: each provider's limits for one photo field, as `const` data built from a
//! shared base, and the [`ImageRule`] the image checks take.
//!
//! # Limits stated on base64 fields
//!
//! Kredibel states "Min Size: 100KB - Max Size: 4MB" on `faceImage`, a field of type
//! Base64 ("Image binary encoded in base64"), and OY's code 008 ("Image size more than
//! 1MB") concerns fields that carry the photo's base64. Base64 text is 4/3 of the file
//! (4·⌈n/3⌉ characters for n bytes), so "4MB" may bound the file or its encoding. The
//! safe reading, [`LimitsReading::Encoded`] (the default), takes the stricter one on each
//! side: the file's base64 must stay within the maximum (a 4,000,000-character field holds
//! a file of at most 3,000,000 bytes) and the file itself must reach the minimum (a file
//! of 102,400 bytes passes both readings of "100KB"). [`LimitsReading::File`] applies the
//! stated numbers to the file, for an integrator whose provider confirmed that reading.
//!
//! "KB" and "MB" are read the strict way too: 102,400 for a minimum, 1,000,000 for a
//! maximum (see the seeds' README).
//!
//! # Bounds in the page's words
//!
//! A message names a bound as the page writes it ("minimal 100 KB", not the 102 KB its
//! safe byte value would print as), while the issue's params keep the bytes
//! ([`StatedBounds`]). A maximum is worded so only where the file's bound is the stated
//! number: under [`LimitsReading::Encoded`], a base64 field's "4MB" bounds the file at
//! 3,000,000 bytes, which the message states in bytes ("3.0 MB"), as "4 MB" would not be
//! the file's bound.

use crate::image::{ImageFormat, ImageRule, QualityRule, DEFAULT_MAX_PIXELS};
use crate::issue::{Code, Issue, Param};
use serde::Deserialize;

/// How photo limits stated on base64 fields are read (see the module docs).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LimitsReading {
    /// The base64 text stays within the stated maximum (the default: the safe reading).
    #[default]
    Encoded,
    /// The file itself stays within the stated maximum.
    File,
}

/// The ceiling for a slot whose page states no maximum: a photo larger than this is no
/// camera photo worth sending, and a request several times its size must stay bounded
/// in memory (wasm memory never shrinks).
pub const UNSTATED_MAX_BYTES: u64 = 10_000_000;

/// One photo field's limits, as its provider's page states them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PhotoSlot {
    /// Accepted formats.
    pub formats: &'static [ImageFormat],
    /// The smallest file, in bytes; `None` when the page states none.
    pub min_bytes: Option<u64>,
    /// The page's wording of `min_bytes` ("100 KB"), for messages.
    pub min_stated: Option<&'static str>,
    /// The largest file (or its base64, where [`encoded`](Self::encoded)), in bytes.
    pub max_bytes: u64,
    /// The page's wording of `max_bytes` ("4 MB"), for messages; `None` where the page
    /// states no maximum.
    pub max_stated: Option<&'static str>,
    /// Whether the page states the byte limits on the photo's base64 text.
    pub encoded: bool,
    /// The smallest displayed width.
    pub min_width: Option<u32>,
    /// The smallest displayed height.
    pub min_height: Option<u32>,
    /// Whether sharpness, exposure and glare are measured (as warnings).
    pub quality: bool,
}

impl PhotoSlot {
    /// The base every slot starts from: JPEG or PNG, no stated bounds, the
    /// [`UNSTATED_MAX_BYTES`] ceiling, quality measured.
    pub const BASE: PhotoSlot = PhotoSlot {
        formats: &[ImageFormat::Jpeg, ImageFormat::Png],
        min_bytes: None,
        min_stated: None,
        max_bytes: UNSTATED_MAX_BYTES,
        max_stated: None,
        encoded: false,
        min_width: None,
        min_height: None,
        quality: true,
    };

    /// The largest file this slot accepts under `reading`.
    ///
    /// ```
    /// use kyc_precheck::provider::{LimitsReading, PhotoSlot};
    ///
    /// let slot = PhotoSlot { max_bytes: 4_000_000, encoded: true, ..PhotoSlot::BASE };
    /// assert_eq!(slot.max_file_bytes(LimitsReading::Encoded), 3_000_000);
    /// assert_eq!(slot.max_file_bytes(LimitsReading::File), 4_000_000);
    /// ```
    pub const fn max_file_bytes(&self, reading: LimitsReading) -> u64 {
        match (self.encoded, reading) {
            // 4·⌈n/3⌉ ≤ max ⇔ n ≤ 3·⌊max/4⌋.
            (true, LimitsReading::Encoded) => self.max_bytes / 4 * 3,
            _ => self.max_bytes,
        }
    }

    /// The rule the image checks take for this slot.
    pub fn rule(&self, reading: LimitsReading) -> ImageRule {
        ImageRule {
            formats: self.formats.to_vec(),
            min_bytes: self.min_bytes,
            max_bytes: Some(self.max_file_bytes(reading)),
            min_width: self.min_width,
            min_height: self.min_height,
            max_pixels: DEFAULT_MAX_PIXELS,
            quality: self.quality.then(QualityRule::default),
        }
    }

    /// The page's wording of the bounds of [`rule`](Self::rule) under `reading`: the
    /// minimum's always (the file must reach it under either reading), the maximum's only
    /// where the file's bound is the stated number.
    ///
    /// ```
    /// use kyc_precheck::provider::{LimitsReading, PhotoSlot, StatedBounds};
    ///
    /// let slot = PhotoSlot {
    ///     min_bytes: Some(102_400),
    ///     min_stated: Some("100 KB"),
    ///     max_bytes: 4_000_000,
    ///     max_stated: Some("4 MB"),
    ///     encoded: true,
    ///     ..PhotoSlot::BASE
    /// };
    /// let safe = slot.stated(LimitsReading::Encoded);
    /// assert_eq!(safe, StatedBounds { min: Some("100 KB"), max: None });
    /// assert_eq!(slot.stated(LimitsReading::File).max, Some("4 MB"));
    /// ```
    pub const fn stated(&self, reading: LimitsReading) -> StatedBounds {
        StatedBounds {
            min: self.min_stated,
            max: if self.max_file_bytes(reading) == self.max_bytes {
                self.max_stated
            } else {
                None
            },
        }
    }
}

/// A rule's byte bounds as its provider's page words them, for the messages of the size
/// issues; both `None` for a rule of explicit bounds, whose messages state bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StatedBounds {
    /// The minimum's wording, such as "100 KB".
    pub min: Option<&'static str>,
    /// The maximum's wording, such as "4 MB".
    pub max: Option<&'static str>,
}

impl StatedBounds {
    /// Gives the size issues among `issues` (`image.file_too_small`, `image.file_too_large`,
    /// `image.fit_unreachable`) the wording of the bounds they name, as `minBytesStated`
    /// and `maxBytesStated`; their messages then use it.
    ///
    /// ```
    /// use kyc_precheck::provider::StatedBounds;
    /// use kyc_precheck::{check_image, ImageRule};
    ///
    /// let rule = ImageRule { min_bytes: Some(102_400), ..ImageRule::default() };
    /// let mut checked = check_image(b"\x89PNG\r\n\x1a\n", &rule);
    /// assert!(checked.issues[0].message_en().starts_with("This photo's file is 8 bytes; it must be at least 102 KB."));
    /// StatedBounds { min: Some("100 KB"), max: None }.apply(&mut checked.issues);
    /// assert!(checked.issues[0].message_en().starts_with("This photo's file is 8 bytes; it must be at least 100 KB."));
    /// ```
    pub fn apply(&self, issues: &mut [Issue]) {
        for issue in issues {
            let (min, max) = match issue.code {
                Code::ImageFileTooSmall => (self.min, None),
                Code::ImageFileTooLarge => (None, self.max),
                Code::ImageFitUnreachable => (self.min, self.max),
                _ => continue,
            };
            for (name, stated) in [("minBytesStated", min), ("maxBytesStated", max)] {
                if let Some(stated) = stated.filter(|_| issue.param(name).is_none()) {
                    issue.params.push((name, Param::Text(stated.to_owned())));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::PROVIDERS;

    /// Each page wording is a number and a unit that, read the strict way (1,024 bytes a
    /// KB for a minimum, 1,000,000 a MB for a maximum), is the slot's byte bound.
    #[test]
    fn every_stated_bound_is_its_byte_bound_read_strictly() {
        let strict = |stated: &str, unit: &str, unit_bytes: u64| {
            let (number, written) = stated.split_once(' ').expect("a number and a unit");
            assert_eq!(written, unit, "{stated}");
            number.parse::<u64>().expect("a whole number") * unit_bytes
        };
        let mut stated = 0;
        for provider in PROVIDERS {
            for slot in provider
                .endpoints
                .iter()
                .flat_map(|e| e.fields)
                .filter_map(|f| f.slot)
            {
                if let Some(min) = slot.min_stated {
                    assert_eq!(
                        Some(strict(min, "KB", 1_024)),
                        slot.min_bytes,
                        "{}",
                        provider.id
                    );
                    stated += 1;
                }
                if let Some(max) = slot.max_stated {
                    assert_eq!(
                        strict(max, "MB", 1_000_000),
                        slot.max_bytes,
                        "{}",
                        provider.id
                    );
                    stated += 1;
                }
                assert!(
                    slot.min_stated.is_some() == slot.min_bytes.is_some(),
                    "{}",
                    provider.id
                );
            }
        }
        // Kredibel's two slots (100 KB with 4 MB, 100 KB with 2 MB) and OY's 1 MB.
        assert!(stated >= 5, "{stated}");
    }

    #[test]
    fn the_safe_reading_words_no_maximum_it_does_not_apply() {
        let kredibel = crate::provider::image_rule("kredibel", "selfie").unwrap();
        assert_eq!(kredibel.max_bytes, Some(3_000_000));
        let oy = PhotoSlot {
            max_bytes: 1_000_000,
            max_stated: Some("1 MB"),
            encoded: true,
            ..PhotoSlot::BASE
        };
        assert_eq!(oy.stated(LimitsReading::Encoded), StatedBounds::default());
        assert_eq!(oy.stated(LimitsReading::File).max, Some("1 MB"));
        let mut issues = vec![Issue::new(Code::ImageFileTooLarge)
            .with("bytes", 1_200_000)
            .with("maxBytes", 1_000_000)];
        oy.stated(LimitsReading::File).apply(&mut issues);
        assert_eq!(
            issues[0].message_id(),
            "Ukuran file foto ini 1,2 MB; maksimal 1 MB."
        );
        let mut issues = vec![Issue::new(Code::ImageFileTooLarge)
            .with("bytes", 800_000)
            .with("maxBytes", 750_000)];
        oy.stated(LimitsReading::Encoded).apply(&mut issues);
        assert_eq!(
            issues[0].message_id(),
            "Ukuran file foto ini 800 KB; maksimal 750 KB."
        );
    }
}
