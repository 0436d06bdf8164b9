//! The EXIF orientation tag, read from the TIFF structure inside a JPEG's APP1 segment or a
//! PNG's eXIf chunk.
//!
//! Only IFD0's tag 0x0112 is needed, so this reads just that with bounds-checked slices
//! (about forty lines) instead of a general EXIF crate: a full EXIF parser would add to the
//! wasm that every applicant downloads, for one 16-bit number.

/// The orientation (1–8) stored in the TIFF structure `tiff`, or `None` when it is absent,
/// out of range or the structure is malformed (a malformed EXIF block is common and
/// harmless: the photo is then shown as stored).
pub(crate) fn orientation(tiff: &[u8]) -> Option<u8> {
    let big_endian = match tiff.get(0..4)? {
        b"MM\0*" => true,
        b"II*\0" => false,
        _ => return None,
    };
    let u16_at = |offset: usize| -> Option<u16> {
        let bytes: [u8; 2] = tiff.get(offset..offset.checked_add(2)?)?.try_into().ok()?;
        Some(if big_endian {
            u16::from_be_bytes(bytes)
        } else {
            u16::from_le_bytes(bytes)
        })
    };
    let u32_at = |offset: usize| -> Option<u32> {
        let bytes: [u8; 4] = tiff.get(offset..offset.checked_add(4)?)?.try_into().ok()?;
        Some(if big_endian {
            u32::from_be_bytes(bytes)
        } else {
            u32::from_le_bytes(bytes)
        })
    };
    let ifd = usize::try_from(u32_at(4)?).ok()?;
    let entries = usize::from(u16_at(ifd)?);
    (0..entries).find_map(|index| {
        let entry = ifd.checked_add(2 + index * 12)?;
        // Tag 0x0112 Orientation, type 3 (SHORT), count 1: the value sits in the entry.
        (u16_at(entry)? == 0x0112 && u16_at(entry + 2)? == 3)
            .then(|| u16_at(entry + 8))
            .flatten()
            .and_then(|value| u8::try_from(value).ok())
            .filter(|value| (1..=8).contains(value))
    })
}

#[cfg(test)]
mod tests {
    use super::orientation;

    fn tiff(big_endian: bool, value: u16) -> Vec<u8> {
        let mut out = Vec::new();
        let u16b = |v: u16| {
            if big_endian {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            }
        };
        let u32b = |v: u32| {
            if big_endian {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            }
        };
        out.extend_from_slice(if big_endian { b"MM\0*" } else { b"II*\0" });
        out.extend_from_slice(&u32b(8));
        out.extend_from_slice(&u16b(1));
        out.extend_from_slice(&u16b(0x0112));
        out.extend_from_slice(&u16b(3));
        out.extend_from_slice(&u32b(1));
        out.extend_from_slice(&u16b(value));
        out.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
        out
    }

    #[test]
    fn reads_both_byte_orders_and_refuses_garbage() {
        assert_eq!(orientation(&tiff(true, 6)), Some(6));
        assert_eq!(orientation(&tiff(false, 8)), Some(8));
        assert_eq!(orientation(&tiff(false, 9)), None);
        assert_eq!(orientation(&tiff(false, 6)[..19]), None);
        assert_eq!(orientation(&tiff(false, 6)[..20]), Some(6));
        assert_eq!(orientation(b"II*\0\xFF\xFF\xFF\xFF"), None);
        assert_eq!(orientation(b""), None);
    }
}
