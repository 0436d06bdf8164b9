//! The providers, one file each, registered in [`PROVIDERS`].
//!
//! For now each provider contributes its photo slots (used by `check_image`'s
//! `{ provider, field }` rules); field names are provider-neutral (`selfie`, `idCard`,
//! `photo`) so one form can switch providers without changing its wiring.

pub mod kredibel;

use crate::image::ImageRule;

/// A provider's photo slots: `(field, rule)`.
pub type ImageSlots = fn() -> Vec<(&'static str, ImageRule)>;

/// Every provider: its id (as used by every export) and its photo slots.
pub const PROVIDERS: &[(&str, ImageSlots)] = &[("kredibel", kredibel::image_slots)];

/// The rule of `provider`'s photo slot `field`.
///
/// # Errors
///
/// A message naming the known providers or fields, for a programmer's typo.
pub fn image_rule(provider: &str, field: &str) -> Result<ImageRule, String> {
    let (_, slots) = PROVIDERS
        .iter()
        .find(|(id, _)| *id == provider)
        .ok_or_else(|| {
            let known: Vec<&str> = PROVIDERS.iter().map(|(id, _)| *id).collect();
            format!("unknown provider {provider:?}; known: {}", known.join(", "))
        })?;
    let slots = slots();
    let known: Vec<&str> = slots.iter().map(|(name, _)| *name).collect();
    slots
        .into_iter()
        .find(|(name, _)| *name == field)
        .map(|(_, rule)| rule)
        .ok_or_else(|| {
            format!(
                "{provider} has no photo field {field:?}; its photo fields: {}",
                known.join(", ")
            )
        })
}
