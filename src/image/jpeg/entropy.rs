//! Reading a JPEG's entropy-coded data down to its Huffman codes (ITU T.81 F.2.2, G.1.2),
//! without dequantising or transforming: enough to know that each scan holds every block
//! the frame declares, in valid codes, with its restart markers in order.
//!
//! Nothing is kept of the coefficients but, for a progressive AC band that is refined
//! later, one bit per coefficient saying whether it is non-zero yet: a refinement scan
//! spends a correction bit on each non-zero coefficient it passes, so its length depends
//! on them (8 bytes a block, only for the components that have refinement scans).
//!
//! When quality is measured, the same walk also keeps each block's lowest-frequency
//! coefficients in a [`Coefficients`] store, for the reduced decode of [`super::reduced`]:
//! one Huffman pass for both. The block reader is generic over `KEEP`, so that the check
//! alone reads each block as it did, with nothing kept.

use super::reduced::Coefficients;
use super::{Frame, Scan};
use crate::image::Refusal;

/// What is wrong with a scan's data: one byte, so that the hot loop's results stay in
/// registers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Damage {
    Truncated,
    UndefinedCode,
    NoTable,
    InvalidDc,
    SequentialRun,
    PastBlock,
    LargeRefinement,
    RestartMissing,
    RestartOrder,
}

impl Damage {
    fn reason(self) -> &'static str {
        match self {
            Damage::Truncated => "the image data ends before the image does",
            Damage::UndefinedCode => "the image data holds an undefined Huffman code",
            Damage::NoTable => "a scan uses a Huffman table that is not defined",
            Damage::InvalidDc => "the image data holds an invalid DC difference",
            Damage::SequentialRun => "a sequential scan holds an end-of-band run",
            Damage::PastBlock => "the image data runs past the end of a block",
            Damage::LargeRefinement => "a refinement scan holds a coefficient larger than 1",
            Damage::RestartMissing => "a restart marker is missing or comes late",
            Damage::RestartOrder => "the restart markers are out of order",
        }
    }
}

/// Reads every scan of `frame`.
pub(super) fn check(frame: &Frame, scans: &[Scan]) -> Result<(), Refusal> {
    walk(frame, scans, &mut Coefficients::none())
}

/// Reads every scan of `frame`, keeping the coefficients `kept` asks for.
pub(super) fn check_keeping(
    frame: &Frame,
    scans: &[Scan],
    kept: &mut Coefficients,
) -> Result<(), Refusal> {
    walk(frame, scans, kept)
}

fn walk(frame: &Frame, scans: &[Scan], kept: &mut Coefficients) -> Result<(), Refusal> {
    // Only the components with an AC refinement scan need to remember non-zero coefficients.
    let mut nonzero: Vec<Vec<u64>> = (0..frame.components.len())
        .map(|index| {
            let refined = scans.iter().any(|scan| {
                scan.components == [index] && scan.spectral_start > 0 && scan.approximation_high > 0
            });
            if refined {
                let (across, down) = frame.component_blocks(index);
                vec![0; across as usize * down as usize]
            } else {
                Vec::new()
            }
        })
        .collect();
    for scan in scans {
        check_scan(frame, scan, &mut nonzero, kept)
            .map_err(|damage| Refusal::Corrupt(damage.reason()))?;
    }
    Ok(())
}

/// A canonical Huffman table (T.81 C.2, F.2.2.3), with a lookup for codes of up to
/// [`FAST_BITS`] bits.
struct Table {
    /// For each [`FAST_BITS`]-bit prefix: the code's symbol in the low byte, its length in
    /// the next, and its length with the value bits the symbol announces (its low four
    /// bits) in the third; or 0 when the code is longer.
    fast: [u32; 1 << FAST_BITS],
    /// The largest code of each length, or -1.
    max_code: [i32; 17],
    /// The index of each length's first symbol, less that length's first code.
    offset: [i32; 17],
    symbols: [u8; 256],
    /// For an AC table, for each [`RUN_BITS`]-bit prefix: the codes that start it, with
    /// their value bits, read in one go (see [`Table::run`]); empty for a DC table.
    runs: Vec<u32>,
}

const FAST_BITS: u32 = 9;

/// The bits a [`Table::runs`] entry looks ahead.
const RUN_BITS: u32 = 11;

/// A [`Table::runs`] entry's flag: its last code is an end of block.
const RUN_ENDS_BLOCK: u32 = 1 << 15;

impl Table {
    /// `definition` is a DHT table as [`super::huffman_table_definitions`] checked it:
    /// 16 counts, then their symbols.
    /// `ac`: whether it codes AC coefficients (then it gets its [`Table::runs`]).
    fn new(definition: &[u8], ac: bool) -> Table {
        let (counts, values) = definition.split_at(16);
        let mut table = Table {
            fast: [0; 1 << FAST_BITS],
            max_code: [-1; 17],
            offset: [0; 17],
            symbols: [0; 256],
            runs: Vec::new(),
        };
        table.symbols[..values.len()].copy_from_slice(values);
        let (mut code, mut index) = (0u32, 0usize);
        for length in 1..=16u32 {
            let count = usize::from(counts[length as usize - 1]);
            if count > 0 {
                table.offset[length as usize] = index as i32 - code as i32;
                for _ in 0..count {
                    if length <= FAST_BITS {
                        let shift = FAST_BITS - length;
                        let symbol = u32::from(values[index]);
                        let entry = (length + (symbol & 0x0F)) << 16 | length << 8 | symbol;
                        let start = (code << shift) as usize;
                        table.fast[start..start + (1 << shift)].fill(entry);
                    }
                    code += 1;
                    index += 1;
                }
                table.max_code[length as usize] = code as i32 - 1;
            }
            code <<= 1;
        }
        if ac {
            table.runs = (0..1 << RUN_BITS).map(|prefix| table.run(prefix)).collect();
        }
        table
    }

    /// The [`Table::runs`] entry of a [`RUN_BITS`]-bit prefix: the AC codes that start it
    /// whole with their value bits, up to the first end of block (included), end-of-band
    /// run or code that does not fit. In the low byte the bits they take, in the next
    /// their zig-zag advance (run + 1 a coefficient, 16 a ZRL, 1 an end of block) with
    /// [`RUN_ENDS_BLOCK`], in the third their largest size; or 0 when not even one fits.
    fn run(&self, prefix: u32) -> u32 {
        let (mut taken, mut advance, mut largest) = (0u32, 0u32, 0u32);
        while taken < RUN_BITS {
            // The next FAST_BITS bits, zeros past the prefix: a code whose value bits end
            // within the prefix does not depend on them.
            let window = (prefix << taken) & ((1 << RUN_BITS) - 1);
            let entry = self.fast[(window << FAST_BITS >> RUN_BITS) as usize];
            let length = entry >> 16;
            if entry == 0 || taken + length > RUN_BITS {
                break;
            }
            let (run, size) = (entry as u8 >> 4, entry & 0x0F);
            let step = match (run, size) {
                (0, 0) => 1,
                (15, 0) => 16,
                (_, 0) => break,
                _ => u32::from(run) + 1,
            };
            // No band goes past 64 (and the advance must keep to its seven bits).
            if advance + step > 64 {
                break;
            }
            taken += length;
            advance += step;
            largest = largest.max(size);
            if size == 0 && run == 0 {
                return largest << 16 | RUN_ENDS_BLOCK | advance << 8 | taken;
            }
        }
        if advance == 0 {
            0
        } else {
            largest << 16 | advance << 8 | taken
        }
    }

    /// Reads one code and returns its symbol.
    #[inline(always)]
    fn decode(&self, bits: &mut Bits) -> Result<u8, Damage> {
        // A code takes at most 16 bits and the value bits after it at most 15.
        if bits.count < 31 {
            bits.fill();
        }
        let entry = self.fast[bits.peek(FAST_BITS) as usize];
        if entry != 0 {
            bits.consume(entry >> 8 & 0xFF);
            return Ok(entry as u8);
        }
        self.decode_long(bits)
    }

    /// [`Table::decode`] for a code longer than [`FAST_BITS`].
    #[inline(never)]
    fn decode_long(&self, bits: &mut Bits) -> Result<u8, Damage> {
        let prefix = bits.peek(16);
        for length in FAST_BITS + 1..=16 {
            let code = (prefix >> (16 - length)) as i32;
            if code <= self.max_code[length as usize] {
                bits.consume(length);
                return Ok(self.symbols[(code + self.offset[length as usize]) as usize]);
            }
        }
        Err(Damage::UndefinedCode)
    }

    /// Reads one code and the value bits its symbol announces (the low four bits: a DC
    /// category, or an AC coefficient's size), and returns the symbol.
    #[inline(always)]
    fn decode_with_value(&self, bits: &mut Bits) -> Result<u8, Damage> {
        if bits.count < 31 {
            bits.fill();
        }
        let entry = self.fast[bits.peek(FAST_BITS) as usize];
        if entry != 0 {
            // Code and value bits at once: at most 16 + 15 of the 31.
            bits.consume(entry >> 16);
            return Ok(entry as u8);
        }
        let symbol = self.decode_long(bits)?;
        // The buffer held at least 31 bits, the code took at most 16: 15 are left.
        bits.consume(u32::from(symbol & 0x0F));
        Ok(symbol)
    }
}

/// The bits of entropy-coded data, with stuffed zeros (`FF 00`) and fill bytes removed.
/// At a restart marker or the end it yields zeros, and counts them: a block that needs
/// them is cut short.
#[derive(Clone, Copy)]
struct Bits<'a> {
    data: &'a [u8],
    position: usize,
    buffer: u64,
    count: u32,
    /// Zero bits supplied past the end of the data (or of the restart interval).
    padding: u32,
}

impl<'a> Bits<'a> {
    fn new(data: &'a [u8]) -> Bits<'a> {
        Bits {
            data,
            position: 0,
            buffer: 0,
            count: 0,
            padding: 0,
        }
    }

    /// Fills the buffer to at least 57 bits.
    #[inline(always)]
    fn fill(&mut self) {
        if self.count > 56 {
            return;
        }
        // Most of the time the next eight bytes hold no 0xFF: take whole bytes at once.
        if let Some(next) = self.data.get(self.position..self.position + 8) {
            let word = u64::from_be_bytes(next.try_into().expect("eight bytes"));
            let inverted = !word;
            let has_ff =
                inverted.wrapping_sub(0x0101_0101_0101_0101) & !inverted & 0x8080_8080_8080_8080;
            if has_ff == 0 {
                let bits = (64 - self.count) / 8 * 8;
                self.buffer |= (word >> (64 - bits)) << (64 - self.count - bits);
                self.count += bits;
                self.position += bits as usize / 8;
                return;
            }
        }
        self.fill_bytewise();
    }

    /// [`Bits::fill`] a byte at a time: near a 0xFF, a marker or the end.
    #[inline(never)]
    fn fill_bytewise(&mut self) {
        while self.count <= 56 {
            let byte = match self.data.get(self.position) {
                Some(0xFF) => match self.data.get(self.position + 1) {
                    Some(0x00) => {
                        self.position += 2;
                        0xFF
                    }
                    // Fill bytes, a restart marker, or the end: the interval's data ends
                    // here. (Fill bytes followed by 0x00 are no stuffed 0xFF either, as
                    // jpeg-decoder reads them: what follows is cut off.)
                    _ => {
                        self.padding += 8;
                        0
                    }
                },
                Some(&byte) => {
                    self.position += 1;
                    byte
                }
                None => {
                    self.padding += 8;
                    0
                }
            };
            self.buffer |= u64::from(byte) << (56 - self.count);
            self.count += 8;
        }
    }

    #[inline]
    fn peek(&self, count: u32) -> u32 {
        (self.buffer >> (64 - count)) as u32
    }

    #[inline]
    fn consume(&mut self, count: u32) {
        self.buffer <<= count;
        self.count -= count;
    }

    /// Reads `count` (at most 16) bits.
    #[inline]
    fn read(&mut self, count: u32) -> u32 {
        if count == 0 {
            return 0;
        }
        if self.count < count {
            self.fill();
        }
        let value = self.peek(count);
        self.consume(count);
        value
    }

    /// Skips `count` bits.
    fn skip(&mut self, mut count: u64) {
        while count > 0 && !self.overrun() {
            let step = count.min(16) as u32;
            self.read(step);
            count -= u64::from(step);
        }
    }

    /// True once more bits were read than the data holds.
    #[inline]
    fn overrun(&self) -> bool {
        self.padding > self.count
    }

    /// Steps over the restart marker that must come next (`FF D0` + `number`), for the
    /// next interval. Only the last byte's padding bits may be left unread before it, as
    /// jpeg-decoder requires (libjpeg skips extra bytes, warning that the data is corrupt).
    fn restart(&mut self, number: u8) -> Result<(), Damage> {
        if self.count - self.padding.min(self.count) >= 8 {
            return Err(Damage::RestartMissing);
        }
        let mut at = self.position;
        while self.data.get(at..at + 2) == Some(&[0xFF, 0xFF]) {
            at += 1;
        }
        match self.data.get(at..at + 2) {
            Some(&[0xFF, marker]) if marker == 0xD0 + number => {}
            Some(&[0xFF, 0xD0..=0xD7]) => return Err(Damage::RestartOrder),
            _ => return Err(Damage::RestartMissing),
        }
        self.position = at + 2;
        self.buffer = 0;
        self.count = 0;
        self.padding = 0;
        Ok(())
    }
}

/// The state of one scan while its blocks are read.
struct ScanReader<'s, 'a> {
    scan: &'s Scan<'a>,
    dc: Vec<Option<Table>>,
    ac: Vec<Option<Table>>,
    /// A sequential scan: an end of block is never a run.
    sequential: bool,
    /// Blocks left in the current end-of-band run (progressive AC scans).
    end_of_band_run: u32,
    /// Each scan component's DC prediction (kept coefficients only).
    predictions: [i16; 4],
    /// A coefficient jpeg-decoder might refuse to refine (kept coefficients only).
    unusual: bool,
}

fn check_scan(
    frame: &Frame,
    scan: &Scan,
    nonzero: &mut [Vec<u64>],
    kept: &mut Coefficients,
) -> Result<(), Damage> {
    let tables = |definitions: &[Option<&[u8]>], ac: bool| -> Vec<Option<Table>> {
        definitions
            .iter()
            .map(|d| d.map(|d| Table::new(d, ac)))
            .collect()
    };
    // The reader's state stays a local for the whole scan, where it can live in registers.
    let mut bits = Bits::new(scan.data);
    let mut reader = ScanReader {
        scan,
        dc: tables(&scan.dc_tables, false),
        ac: tables(&scan.ac_tables, true),
        sequential: !frame.progressive,
        end_of_band_run: 0,
        predictions: [0; 4],
        unusual: false,
    };
    // An interleaved scan codes MCUs (each component's H × V blocks in turn); a scan of one
    // component codes its blocks one at a time (T.81 A.2).
    let interleaved = scan.components.len() > 1;
    let (across, down) = if interleaved {
        frame.mcus()
    } else {
        frame.component_blocks(scan.components[0])
    };
    let units = u64::from(across) * u64::from(down);
    let interval = u64::from(scan.restart_interval);
    let band = (u64::MAX >> (63 - scan.spectral_end)) & (u64::MAX << scan.spectral_start.max(1));
    // Whether an end-of-band run of this refinement scan passes kept coefficients.
    let keep = kept.per_block() > 0;
    let refines_kept = keep
        && scan.approximation_high > 0
        && usize::from(scan.spectral_start.max(1)) < kept.per_block();
    let mut restarts = 0u8;
    let mut unit = 0;
    while unit < units {
        if interval > 0 && unit > 0 && unit % interval == 0 {
            bits.restart(restarts)?;
            restarts = (restarts + 1) % 8;
            reader.end_of_band_run = 0;
            reader.predictions = [0; 4];
        }
        if interleaved {
            let (x, y) = if keep {
                let across = u64::from(across);
                ((unit % across) as u32, (unit / across) as u32)
            } else {
                (0, 0)
            };
            for (slot, &index) in scan.components.iter().enumerate() {
                let c = frame.components[index];
                let (h, v) = (u32::from(c.horizontal), u32::from(c.vertical));
                if keep {
                    // The MCU's blocks of this component, row by row (T.81 A.2.3).
                    for down in y * v..y * v + v {
                        for across in x * h..x * h + h {
                            let coefficients = kept.block(index, across, down);
                            reader.block::<true>(&mut bits, slot, None, coefficients)?;
                        }
                    }
                } else {
                    for _ in 0..h * v {
                        reader.block::<false>(&mut bits, slot, None, &mut [])?;
                    }
                }
            }
            unit += 1;
        } else if reader.end_of_band_run > 0 {
            // A run of blocks with nothing new in the band, up to the next restart or the
            // scan's end, whichever comes first (a damaged run may claim more, and the
            // last restart interval may be cut short by the end): a refinement scan still
            // sends a correction bit for each of their non-zero coefficients. Counted in
            // one go, as the run may cover the whole frame, unless some are kept.
            let to_restart = if interval > 0 {
                interval - unit % interval
            } else {
                units - unit
            };
            let run = u64::from(reader.end_of_band_run)
                .min(to_restart)
                .min(units - unit);
            let index = scan.components[0];
            let masks = &nonzero[index];
            if refines_kept && !masks.is_empty() {
                let bit = 1i16 << scan.approximation_low;
                for block in unit..unit + run {
                    let (x, y) = (
                        (block % u64::from(across)) as u32,
                        (block / u64::from(across)) as u32,
                    );
                    let mask = masks.get(block as usize).copied().unwrap_or(0);
                    let start = scan.spectral_start;
                    let coefficients = kept.block(index, x, y);
                    corrections(&mut bits, mask, start, scan.spectral_end, coefficients, bit);
                }
            } else if scan.approximation_high > 0 && !masks.is_empty() {
                let corrections: u64 = masks[unit as usize..(unit + run) as usize]
                    .iter()
                    .map(|mask| u64::from((mask & band).count_ones()))
                    .sum();
                bits.skip(corrections);
            }
            reader.end_of_band_run -= run as u32;
            unit += run;
        } else {
            let index = scan.components[0];
            let mask = nonzero[index].get_mut(unit as usize);
            if keep {
                let (x, y) = (
                    (unit % u64::from(across)) as u32,
                    (unit / u64::from(across)) as u32,
                );
                let coefficients = kept.block(index, x, y);
                reader.block::<true>(&mut bits, 0, mask, coefficients)?;
            } else {
                reader.block::<false>(&mut bits, 0, mask, &mut [])?;
            }
            unit += 1;
        }
        if bits.overrun() {
            return Err(Damage::Truncated);
        }
    }
    kept.unusual |= reader.unusual;
    Ok(())
}

/// A Huffman-coded value's `size` bits as the signed number they stand for (T.81 F.2.2.1,
/// jpeg-decoder's `extend`).
#[inline]
fn extend(value: u32, size: u8) -> i16 {
    if size == 0 {
        0
    } else if value < 1 << (size - 1) {
        (value as i32 - (1 << size) + 1) as i16
    } else {
        value as i16
    }
}

impl ScanReader<'_, '_> {
    /// Reads one block of scan component `slot`. `nonzero` is the block's record of
    /// non-zero AC coefficients (bit k for zig-zag index k), when its component has one;
    /// `kept` its kept coefficients (empty when nothing is kept), updated as jpeg-decoder
    /// updates them.
    #[inline]
    fn block<const KEEP: bool>(
        &mut self,
        bits: &mut Bits,
        slot: usize,
        nonzero: Option<&mut u64>,
        kept: &mut [i16],
    ) -> Result<(), Damage> {
        let scan = self.scan;
        let first = scan.approximation_high == 0;
        let low = scan.approximation_low;
        if scan.spectral_start == 0 {
            if first {
                let table = self.dc[slot].as_ref().ok_or(Damage::NoTable)?;
                if KEEP {
                    let category = table.decode(bits)?;
                    if category > 11 {
                        return Err(Damage::InvalidDc);
                    }
                    let difference = extend(bits.read(u32::from(category)), category);
                    let prediction = &mut self.predictions[slot % 4];
                    *prediction = prediction.wrapping_add(difference);
                    if let Some(dc) = kept.first_mut() {
                        *dc = *prediction << low;
                    }
                } else {
                    let category = table.decode_with_value(bits)?;
                    // T.81 F.1.2.1.1: an 8-bit DC difference has a category of at most 11.
                    if category > 11 {
                        return Err(Damage::InvalidDc);
                    }
                }
            } else {
                let bit = bits.read(1);
                if KEEP && bit == 1 {
                    if let Some(dc) = kept.first_mut() {
                        *dc |= 1 << low;
                    }
                }
            }
            // A progressive DC scan codes nothing else; a sequential block goes on to AC.
            if scan.spectral_end == 0 {
                return Ok(());
            }
        }
        let start = scan.spectral_start.max(1);
        let table = self.ac[slot].as_ref().ok_or(Damage::NoTable)?;
        if first {
            let sequential = self.sequential;
            self.end_of_band_run = ac_first::<KEEP>(
                bits,
                table,
                (start, scan.spectral_end, low),
                sequential,
                nonzero,
                kept,
                &mut self.unusual,
            )?;
            Ok(())
        } else {
            let end = scan.spectral_end;
            let run = &mut self.end_of_band_run;
            ac_refine(bits, table, (start, end, low), run, nonzero, kept)
        }
    }
}

/// Reads the correction bits of the non-zero coefficients (by `mask`) at zig-zag positions
/// `from` to `end`, the rest of a band an end-of-band run covers, and refines the kept ones
/// among them by `bit`.
#[inline]
fn corrections(bits: &mut Bits, mask: u64, from: u8, end: u8, kept: &mut [i16], bit: i16) {
    if from > end {
        return;
    }
    let band = (u64::MAX >> (63 - end)) & (u64::MAX << from);
    let mut pending = mask & band;
    if !kept.is_empty() {
        // The kept coefficients come first in the band: read theirs one by one.
        let kept_positions = u64::MAX >> (64 - kept.len().min(64));
        let mut theirs = pending & kept_positions;
        pending &= !kept_positions;
        while theirs != 0 {
            let k = theirs.trailing_zeros() as usize;
            theirs &= theirs - 1;
            refine(kept, k, bits.read(1), bit);
        }
    }
    bits.skip(u64::from(pending.count_ones()));
}

/// jpeg-decoder's `refine_non_zeroes` for one non-zero coefficient at zig-zag position `k`
/// whose correction bit is `correction`: its magnitude gains `bit` unless it has it.
fn refine(kept: &mut [i16], k: usize, correction: u32, bit: i16) {
    if let Some(coefficient) = kept.get_mut(k) {
        if correction == 1 && *coefficient & bit == 0 {
            *coefficient = if *coefficient > 0 {
                coefficient.wrapping_add(bit)
            } else {
                coefficient.wrapping_sub(bit)
            };
        }
    }
}

/// An AC band's next bit (G.1.2.3), as libjpeg's `decode_mcu_AC_refine` reads it, given
/// the band's first and last zig-zag positions and its point transform; the block's kept
/// coefficients (if any) are refined as jpeg-decoder refines them.
fn ac_refine(
    bits: &mut Bits,
    table: &Table,
    (start, end, low): (u8, u8, u8),
    end_of_band_run: &mut u32,
    nonzero: Option<&mut u64>,
    kept: &mut [i16],
) -> Result<(), Damage> {
    let bit = 1i16 << low;
    let mut spare = 0u64;
    let mask = nonzero.unwrap_or(&mut spare);
    let mut k = start;
    while k <= end {
        let symbol = table.decode(bits)?;
        let (mut run, size) = (symbol >> 4, symbol & 0x0F);
        let mut value = 0;
        match size {
            0 if run < 15 => {
                *end_of_band_run = (1 << run) + bits.read(u32::from(run));
                break;
            }
            0 => {}
            1 => {
                value = if bits.read(1) == 1 { bit } else { -bit };
            }
            _ => return Err(Damage::LargeRefinement),
        }
        // Pass the coefficients already non-zero (a correction bit each) and `run`
        // zero ones; a new coefficient takes the next zero position.
        loop {
            if k > end {
                if size != 0 {
                    return Err(Damage::PastBlock);
                }
                break;
            }
            if *mask & (1 << k) != 0 {
                let correction = bits.read(1);
                refine(kept, usize::from(k), correction, bit);
            } else if run == 0 {
                break;
            } else {
                run -= 1;
            }
            k += 1;
        }
        if size != 0 {
            *mask |= 1 << k;
            if let Some(coefficient) = kept.get_mut(usize::from(k)) {
                *coefficient = value;
            }
        }
        k += 1;
    }
    if *end_of_band_run > 0 {
        // Within an end-of-band run, only the correction bits of the band's non-zero
        // coefficients remain.
        corrections(bits, *mask, k, end, kept, bit);
        *end_of_band_run -= 1;
    }
    Ok(())
}

/// An AC band sent whole or as its first bits (F.2.2.2, G.1.2.2). Returns the blocks left
/// in the end-of-band run that ends this one: always 0 in a sequential scan. Given the
/// band's first and last zig-zag positions and its point transform; the block's kept
/// coefficients (if any) get the values jpeg-decoder gives them.
///
/// (A block inside a run never gets here: check_scan skips the run.)
#[inline(always)]
fn ac_first<const KEEP: bool>(
    bits: &mut Bits,
    table: &Table,
    (start, end, low): (u8, u8, u8),
    sequential: bool,
    mut nonzero: Option<&mut u64>,
    kept: &mut [i16],
    unusual: &mut bool,
) -> Result<u32, Damage> {
    let mut k = start;
    while k <= end {
        // Past the kept coefficients, the rest of the block is read as when nothing is kept.
        let (run, size, value) = if KEEP && usize::from(k) < kept.len() {
            let symbol = table.decode(bits)?;
            let (run, size) = (symbol >> 4, symbol & 0x0F);
            // The buffer held at least 31 bits, the code took at most 16: 15 are left. Only
            // a kept coefficient's are read.
            let value = if size > 0 && usize::from(k + run) < kept.len() {
                bits.peek(u32::from(size))
            } else {
                0
            };
            bits.consume(u32::from(size));
            (run, size, value)
        } else {
            if bits.count < 31 {
                bits.fill();
            }
            // Where no coefficient is recorded, several codes at once when they cannot
            // end past the band (advance 0: not one fits). Each of them would pass the
            // checks below: only the last can end the band, at `end` + 1 at most.
            let entry = table.runs[bits.peek(RUN_BITS) as usize];
            let advance = entry >> 8 & 0x7F;
            if nonzero.is_none() && advance != 0 && u32::from(k) + advance <= u32::from(end) + 1 {
                bits.consume(entry & 0xFF);
                if KEEP && !sequential && (entry >> 16) + u32::from(low) > 14 {
                    *unusual = true;
                }
                if entry & RUN_ENDS_BLOCK != 0 {
                    return Ok(0);
                }
                k += advance as u8;
                continue;
            }
            let symbol = table.decode_with_value(bits)?;
            (symbol >> 4, symbol & 0x0F, 0)
        };
        if size == 0 {
            if run > 0 && run < 15 && sequential {
                return Err(Damage::SequentialRun);
            }
            if run < 15 {
                // End of band, for this block and (progressive) 2^run - 1 + bits more.
                return Ok((1 << run) - 1 + bits.read(u32::from(run)));
            }
            k += 16;
            continue;
        }
        k += run;
        if k > end {
            return Err(Damage::PastBlock);
        }
        if let Some(mask) = nonzero.as_deref_mut() {
            *mask |= 1 << k;
        }
        if KEEP {
            // Refinement adds at most 2^7 a scan to a magnitude below 2^(size + low): past
            // 2^14 it could overflow where jpeg-decoder refuses the file.
            if !sequential && size + low > 14 {
                *unusual = true;
            }
            if let Some(coefficient) = kept.get_mut(usize::from(k)) {
                *coefficient = extend(value, size) << low;
            }
        }
        k += 1;
    }
    if k > end + 1 {
        return Err(Damage::PastBlock);
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A DHT definition from (code length, symbol) pairs, shortest first.
    fn definition(codes: &[(usize, u8)]) -> Vec<u8> {
        let mut counts = [0u8; 16];
        for &(length, _) in codes {
            counts[length - 1] += 1;
        }
        let mut definition = counts.to_vec();
        definition.extend(codes.iter().map(|&(_, symbol)| symbol));
        definition
    }

    #[test]
    fn several_codes_at_once() {
        // 0: ZRL, 10: end of block, 110: run 2 size 1, 1110: end-of-band run of 2.
        let table = Table::new(
            &definition(&[(1, 0xF0), (2, 0x00), (3, 0x21), (4, 0x10)]),
            true,
        );
        let entry = |bits: &str| table.runs[usize::from_str_radix(bits, 2).unwrap()];
        // Run 2 size 1 (value 1), run 2 size 1 (value 0), end of block: 10 bits.
        assert_eq!(entry("11011100100"), 1 << 16 | RUN_ENDS_BLOCK | 7 << 8 | 10);
        // Two ZRLs, then an end-of-band run: it is read one code at a time.
        assert_eq!(entry("00111000000"), 32 << 8 | 2);
        // Eleven ZRLs would pass any band: four fill it.
        assert_eq!(entry("00000000000"), 64 << 8 | 4);
        // A coefficient whose value bit lies past the prefix does not fit.
        assert_eq!(entry("11011100110"), 1 << 16 | 6 << 8 | 8);
        assert_eq!(entry("11111111111"), 0);
        // A DC table has none.
        assert!(Table::new(&definition(&[(1, 0x00), (1, 0x01)]), false)
            .runs
            .is_empty());
    }
}
