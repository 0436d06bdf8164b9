//! The providers' requirements as data: [`rules`] for a form's hints, and the photo rule
//! of a `{ provider, field }` slot ([`image_rule`], [`ImageRuleSpec`]). The image checks
//! below know nothing of providers; the lookup lives here.

use super::form::{FieldKind, FormField, Label, Required};
use super::slot::{LimitsReading, PhotoSlot, StatedBounds};
use super::{find_provider, Provider, Verifies, PROVIDERS};
use crate::image::{ImageFormat, ImageRule, QualityRule, DEFAULT_MAX_PIXELS, PIXEL_LIMIT};
use serde::{Deserialize, Serialize};

/// One field's requirement, as `rules()` lists it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldRule {
    /// The neutral name.
    pub field: FormField,
    /// Its label in both languages.
    pub label: Label,
    /// The provider's name for it.
    pub provider_field: &'static str,
    /// What kind of value it is.
    #[serde(rename = "type")]
    pub kind: FieldKind,
    /// `true`, `false`, or the condition in words.
    pub required: serde_json::Value,
    /// The format the provider asks for.
    pub format: &'static str,
    /// For a photo, its limits (under the default, safe reading of limits on base64).
    pub image: Option<ImageLimits>,
}

/// A photo slot's limits, as `rules()` lists them.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageLimits {
    /// Accepted formats.
    pub formats: Vec<&'static str>,
    /// The smallest file, in bytes.
    pub min_bytes: Option<u64>,
    /// The page's wording of `min_bytes` ("100 KB" for 102,400), as the size issues' messages
    /// write it; `None` where the page states no minimum.
    pub min_bytes_stated: Option<&'static str>,
    /// The largest file, in bytes.
    pub max_bytes: Option<u64>,
    /// The page's wording of `max_bytes` ("1 MB"), only where the file's bound is the stated
    /// number: a maximum stated on base64 bounds the file at three quarters of it, which no
    /// wording of the page names (see [`PhotoSlot::stated`]).
    pub max_bytes_stated: Option<&'static str>,
    /// The smallest displayed width.
    pub min_width: Option<u32>,
    /// The smallest displayed height.
    pub min_height: Option<u32>,
}

/// One endpoint, as `rules()` lists it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointRules {
    /// The endpoint id.
    pub id: &'static str,
    /// The HTTP method.
    pub method: &'static str,
    /// The path.
    pub path: &'static str,
    /// Its fields.
    pub fields: Vec<FieldRule>,
    /// The build options it takes.
    pub options: &'static [&'static str],
    /// What the page recommends around the call, as data (Quantum Elixir's fallback
    /// chain for a Dukcapil outage); `None` when nothing.
    pub guidance: Option<serde_json::Value>,
    /// What a `verified` answer of this endpoint proves.
    pub verifies: Verifies,
}

/// One provider, as `rules()` lists it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProviderRules {
    /// The provider id.
    pub id: &'static str,
    /// Its name.
    pub name: &'static str,
    /// The seed page it comes from.
    pub seed: &'static str,
    /// Its endpoints.
    pub endpoints: Vec<EndpointRules>,
}

/// Every provider's endpoints and field requirements as plain data, so a form can render
/// hints; or one provider's.
///
/// # Errors
///
/// A message for an unknown provider.
///
/// ```
/// use kyc_precheck::provider::rules;
///
/// let kredibel = &rules(Some("kredibel")).unwrap()[0];
/// let selfie = kredibel.endpoints[0].fields.iter().find(|f| f.provider_field == "faceImage").unwrap();
/// assert_eq!(selfie.label.id, "Foto selfie");
/// let image = selfie.image.as_ref().unwrap();
/// // "Min Size: 100KB": 102,400 bytes, worded as the page does.
/// assert_eq!((image.min_bytes, image.min_bytes_stated), (Some(102_400), Some("100 KB")));
/// // "Max Size: 4MB" on the base64 bounds the file at 3,000,000 bytes, which "4 MB" is not.
/// assert_eq!((image.max_bytes, image.max_bytes_stated), (Some(3_000_000), None));
/// ```
pub fn rules(provider: Option<&str>) -> Result<Vec<ProviderRules>, String> {
    let providers: Vec<&Provider> = match provider {
        Some(id) => vec![find_provider(id)?],
        None => PROVIDERS.to_vec(),
    };
    Ok(providers
        .into_iter()
        .map(|p| ProviderRules {
            id: p.id,
            name: p.name,
            seed: p.seed,
            endpoints: p
                .endpoints
                .iter()
                .map(|e| EndpointRules {
                    id: e.id,
                    method: e.method,
                    path: e.path,
                    options: e.options,
                    guidance: e.guidance.map(|guidance| guidance()),
                    verifies: e.verifies,
                    fields: e
                        .fields
                        .iter()
                        .map(|field| FieldRule {
                            field: field.field,
                            label: field.field.label(),
                            provider_field: field.provider_name,
                            kind: field.field.kind(),
                            required: match field.required {
                                Required::Yes => serde_json::Value::Bool(true),
                                Required::No => serde_json::Value::Bool(false),
                                Required::When(condition) => {
                                    serde_json::Value::String(condition.to_owned())
                                }
                            },
                            format: field.format,
                            image: field.slot.map(|slot| {
                                let rule = slot.rule(LimitsReading::default());
                                let stated = slot.stated(LimitsReading::default());
                                ImageLimits {
                                    formats: rule.formats.iter().map(|f| f.as_str()).collect(),
                                    min_bytes: rule.min_bytes,
                                    min_bytes_stated: stated.min,
                                    max_bytes: rule.max_bytes,
                                    max_bytes_stated: stated.max,
                                    min_width: rule.min_width,
                                    min_height: rule.min_height,
                                }
                            }),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect())
}

/// The rule of `provider`'s photo field `field` (`selfie`, `idCard` or `photo`), as the
/// first endpoint that reads it states it, under the default (safe) reading of limits
/// stated on base64.
///
/// # Errors
///
/// A message naming the known providers or photo fields, for a programmer's typo.
pub fn image_rule(provider: &str, field: &str) -> Result<ImageRule, String> {
    photo_slot(provider, field).map(|slot| slot.rule(LimitsReading::default()))
}

/// The slot behind [`image_rule`].
fn photo_slot(provider: &str, field: &str) -> Result<&'static PhotoSlot, String> {
    let found = find_provider(provider)?;
    let slots: Vec<_> = found
        .endpoints
        .iter()
        .flat_map(|e| e.fields.iter())
        .filter(|f| f.slot.is_some())
        .collect();
    slots
        .iter()
        .find(|f| f.field.name() == field)
        .and_then(|f| f.slot)
        .ok_or_else(|| {
            let mut known: Vec<&str> = slots.iter().map(|f| f.field.name()).collect();
            known.dedup();
            format!(
                "{provider} has no photo field {field:?}; its photo fields: {}",
                known.join(", ")
            )
        })
}

/// A rule as integrators write it: either a provider's slot, `{ provider, field }`
/// (optionally with `quality` to override the slot's quality setting), or explicit bounds.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImageRuleSpec {
    /// A provider id, such as `"kredibel"`.
    pub provider: Option<String>,
    /// The provider's photo field: `"selfie"`, `"idCard"` or `"photo"`.
    pub field: Option<String>,
    /// Accepted formats (`"jpeg"`, `"png"`, `"svg"`); default all three.
    pub formats: Option<Vec<ImageFormat>>,
    /// See [`ImageRule::min_bytes`].
    pub min_bytes: Option<u64>,
    /// See [`ImageRule::max_bytes`].
    pub max_bytes: Option<u64>,
    /// See [`ImageRule::min_width`].
    pub min_width: Option<u32>,
    /// See [`ImageRule::min_height`].
    pub min_height: Option<u32>,
    /// See [`ImageRule::max_pixels`]; default [`DEFAULT_MAX_PIXELS`](crate::DEFAULT_MAX_PIXELS), at most
    /// [`PIXEL_LIMIT`](crate::PIXEL_LIMIT).
    pub max_pixels: Option<u64>,
    /// `true` for the default thresholds, `false` for none, or thresholds.
    pub quality: Option<QualitySpec>,
}

/// How a rule spells its quality setting.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum QualitySpec {
    /// On with the default thresholds, or off.
    Enabled(bool),
    /// On with these thresholds (missing ones take their defaults).
    Thresholds(QualityRule),
}

impl ImageRuleSpec {
    /// The rule this spec names.
    ///
    /// # Errors
    ///
    /// A message for a programmer mistake: an unknown provider or field, a provider mixed
    /// with explicit bounds, a format no reader exists for, or a pixel bound over
    /// [`PIXEL_LIMIT`](crate::PIXEL_LIMIT).
    ///
    /// ```
    /// use kyc_precheck::ImageRuleSpec;
    ///
    /// let spec = ImageRuleSpec {
    ///     provider: Some("kredibel".into()),
    ///     field: Some("selfie".into()),
    ///     ..Default::default()
    /// };
    /// let rule = spec.resolve().unwrap();
    /// assert_eq!((rule.min_width, rule.min_height), (Some(480), Some(640)));
    /// ```
    pub fn resolve(self) -> Result<ImageRule, String> {
        self.resolve_stated().map(|(rule, _)| rule)
    }

    /// The rule this spec names, with its provider's wording of its byte bounds (none for
    /// explicit bounds), which [`StatedBounds::apply`] gives the size issues of the checks
    /// and fits made with it.
    ///
    /// # Errors
    ///
    /// As [`resolve`](Self::resolve).
    ///
    /// ```
    /// use kyc_precheck::ImageRuleSpec;
    ///
    /// let spec = ImageRuleSpec {
    ///     provider: Some("kredibel".into()),
    ///     field: Some("selfie".into()),
    ///     ..Default::default()
    /// };
    /// let (rule, stated) = spec.resolve_stated().unwrap();
    /// assert_eq!((rule.min_bytes, stated.min), (Some(102_400), Some("100 KB")));
    /// // The safe reading bounds the file at 3,000,000 bytes, not the stated "4 MB".
    /// assert_eq!((rule.max_bytes, stated.max), (Some(3_000_000), None));
    /// ```
    pub fn resolve_stated(self) -> Result<(ImageRule, StatedBounds), String> {
        let quality = |spec: Option<QualitySpec>, default: Option<QualityRule>| match spec {
            None => default,
            Some(QualitySpec::Enabled(true)) => Some(QualityRule::default()),
            Some(QualitySpec::Enabled(false)) => None,
            Some(QualitySpec::Thresholds(rule)) => Some(rule),
        };
        if let Some(provider) = &self.provider {
            let explicit = self.formats.is_some()
                || self.min_bytes.is_some()
                || self.max_bytes.is_some()
                || self.min_width.is_some()
                || self.min_height.is_some()
                || self.max_pixels.is_some();
            if explicit {
                return Err(
                    "a rule names either { provider, field } or explicit bounds, not both"
                        .to_owned(),
                );
            }
            let field = self
                .field
                .as_deref()
                .ok_or("a rule with a provider also needs a field")?;
            let slot = photo_slot(provider, field)?;
            let mut rule = slot.rule(LimitsReading::default());
            rule.quality = quality(self.quality, rule.quality);
            return Ok((rule, slot.stated(LimitsReading::default())));
        }
        if self.field.is_some() {
            return Err("a rule with a field also needs a provider".to_owned());
        }
        let formats = self.formats.unwrap_or_else(|| ImageRule::default().formats);
        if let Some(unreadable) = formats
            .iter()
            .find(|f| !matches!(f, ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::Svg))
        {
            return Err(format!(
                "formats: {:?} cannot be accepted; the readable formats are \"jpeg\", \"png\" and \"svg\"",
                unreadable.as_str()
            ));
        }
        let max_pixels = self.max_pixels.unwrap_or(DEFAULT_MAX_PIXELS);
        if max_pixels > PIXEL_LIMIT {
            return Err(format!("maxPixels must be at most {PIXEL_LIMIT}"));
        }
        let rule = ImageRule {
            formats,
            min_bytes: self.min_bytes,
            max_bytes: self.max_bytes,
            min_width: self.min_width,
            min_height: self.min_height,
            max_pixels,
            quality: quality(self.quality, None),
        };
        Ok((rule, StatedBounds::default()))
    }
}
