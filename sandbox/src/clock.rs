//! Times and identifiers in the shapes the providers' examples show.

use rand_core::{OsRng, RngCore};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch.
pub fn unix_millis() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| {
            u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX)
        })
}

/// A moment as calendar fields.
struct Civil {
    year: i64,
    month: u32,
    day: u32,
    hour: u64,
    minute: u64,
    second: u64,
    millis: u64,
}

/// `millis` since the epoch, shifted by `offset_hours`, as calendar fields (Howard
/// Hinnant's `civil_from_days`, proleptic Gregorian).
fn civil(millis: u64, offset_hours: i64) -> Civil {
    let shifted = i64::try_from(millis / 1000).unwrap_or(i64::MAX) + offset_hours * 3600;
    let days = shifted.div_euclid(86_400);
    let seconds = shifted.rem_euclid(86_400) as u64;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    Civil {
        year,
        month,
        day,
        hour: seconds / 3600,
        minute: seconds / 60 % 60,
        second: seconds % 60,
        millis: millis % 1000,
    }
}

/// `2026-11-22T03:23:23.123Z`.
pub fn iso(millis: u64) -> String {
    let c = civil(millis, 0);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        c.year, c.month, c.day, c.hour, c.minute, c.second, c.millis
    )
}

/// `YYYYMMDDhhmmss` in Western Indonesian Time (UTC+7), as WideKYC's `trx_id` begins:
/// its example pairs `202303291030019483` with the timestamp 1680060646134, which is
/// 10:30:46 in Jakarta.
pub fn jakarta_compact(millis: u64) -> String {
    let c = civil(millis, 7);
    format!(
        "{:04}{:02}{:02}{:02}{:02}{:02}",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A number that grows with every call, for ids that must differ within a millisecond.
pub fn next_serial() -> u64 {
    COUNTER.fetch_add(1, Ordering::Relaxed)
}

/// Random bits from the operating system.
pub fn random_u64() -> u64 {
    OsRng.next_u64()
}

/// A random UUID (version 4), for Kredibel's `id` and `referenceId`, whose format the
/// page does not give.
pub fn uuid() -> String {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// A ULID (48-bit milliseconds, 80 random bits, Crockford base32), the shape of Quantum
/// Elixir's `ver_01HXY...` and `fe_01HXY...` ids.
pub fn ulid() -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let value = (u128::from(unix_millis()) << 80)
        | (u128::from(random_u64()) << 16)
        | u128::from(random_u64() & 0xffff);
    (0..26)
        .rev()
        .map(|index| ALPHABET[((value >> (index * 5)) & 31) as usize] as char)
        .collect()
}

/// TD's `sequence_id`: 32 characters like `1648777165770866F82AC7F326307055`, here the
/// milliseconds, a three-digit serial and 16 random hex digits.
pub fn td_sequence_id() -> String {
    format!(
        "{:013}{:03}{:016X}",
        unix_millis(),
        next_serial() % 1000,
        random_u64()
    )
}

/// WideKYC's `trx_id`: 18 digits like `202303291030019483`, the Jakarta time to the
/// second and a four-digit serial.
pub fn widekyc_trx_id(millis: u64) -> String {
    format!("{}{:04}", jakarta_compact(millis), next_serial() % 10_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_match_known_instants() {
        assert_eq!(iso(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso(951_782_400_000), "2000-02-29T00:00:00.000Z");
        assert_eq!(iso(1_680_060_646_134), "2023-03-29T03:30:46.134Z");
        // WideKYC's example: trx_id 20230329103001… for timestamp 1680060646134.
        assert_eq!(jakarta_compact(1_680_060_646_134), "20230329103046");
        assert_eq!(jakarta_compact(1_704_041_999_000), "20231231235959");
    }

    #[test]
    fn ids_have_the_documented_shapes() {
        let sequence = td_sequence_id();
        assert_eq!(sequence.len(), 32);
        assert!(sequence.chars().all(|c| c.is_ascii_hexdigit()));
        let trx = widekyc_trx_id(unix_millis());
        assert_eq!(trx.len(), 18);
        assert!(trx.chars().all(|c| c.is_ascii_digit()));
        let ulid = ulid();
        assert_eq!(ulid.len(), 26);
        assert!(ulid.starts_with('0'));
        let uuid = uuid();
        assert_eq!(uuid.len(), 36);
        assert_eq!(&uuid[14..15], "4");
        assert_ne!(uuid, super::uuid());
    }
}
