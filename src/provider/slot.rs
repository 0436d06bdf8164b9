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

use crate::image::{ImageFormat, ImageRule, QualityRule, DEFAULT_MAX_PIXELS};
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
    /// The largest file (or its base64, where [`encoded`](Self::encoded)), in bytes.
    pub max_bytes: u64,
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
        max_bytes: UNSTATED_MAX_BYTES,
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
}
