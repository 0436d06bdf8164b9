//! Reading a JPEG's structure without reconstructing a pixel, in two steps.
//!
//! [`read`] walks every segment from SOI, through each scan's entropy-coded data, to EOI.
//! It finds the frame header (SOF) after any amount of metadata, reads the EXIF
//! orientation, checks each table (DQT, DHT, DRI), frame header and scan header (SOS) as
//! libjpeg and jpeg-decoder do, and catches a file cut off by a failed upload. It only
//! looks for where each scan's data ends, so it costs one pass over the bytes.
//!
//! [`Jpeg::check_data`] then reads every scan's Huffman codes, block by block (without
//! dequantising or transforming anything: see [`entropy`]), so the data must hold exactly
//! the blocks the frame declares. That finds a JPEG cut short with an EOI glued on, which
//! every decoder pads with zeros and shows with a grey bottom half.
//!
//! Written by hand because the decoders stop at the frame header (they read the scans
//! only when decoding), and jpeg-decoder pads a short scan with zeros without a word.
//!
//! What is accepted is what browsers display: baseline, extended and progressive Huffman
//! coding, 8-bit samples, 1, 3 or 4 colour components. A real camera's progressive JPEG has
//! at most a dozen scans (libjpeg's default script has 10, 18 for CMYK), so a file may have
//! at most [`MAX_SCANS`], whose blocks add up to at most [`MAX_PASSES`] times the frame's:
//! each scan costs a decoder a pass over its blocks, however little data it holds.

mod entropy;
mod reduced;

pub(crate) use reduced::{kept_bytes, Reduced};

use super::{Header, Layout, Refusal};

/// The most scans a JPEG may have: several times what any encoder writes.
pub(crate) const MAX_SCANS: usize = 64;

/// The most times the scans together may cover the frame's blocks: libjpeg's own
/// progressive script covers them about 5.3 times (4:2:0) or 6 times (grayscale, CMYK).
pub(crate) const MAX_PASSES: u64 = 16;

/// libjpeg's largest frame side (`JPEG_MAX_DIMENSION`).
const MAX_SIDE: u16 = 65_500;

/// One colour component of the frame.
#[derive(Clone, Copy, Debug)]
struct Component {
    id: u8,
    horizontal: u8,
    vertical: u8,
    quant_table: u8,
}

/// The frame header: size, coding and components.
#[derive(Clone, Debug)]
struct Frame {
    width: u16,
    height: u16,
    baseline: bool,
    progressive: bool,
    components: Vec<Component>,
}

impl Frame {
    fn max_sampling(&self) -> (u32, u32) {
        self.components.iter().fold((1, 1), |(h, v), c| {
            (h.max(u32::from(c.horizontal)), v.max(u32::from(c.vertical)))
        })
    }

    /// The MCUs across and down an interleaved scan.
    fn mcus(&self) -> (u32, u32) {
        let (h, v) = self.max_sampling();
        (
            u32::from(self.width).div_ceil(8 * h),
            u32::from(self.height).div_ceil(8 * v),
        )
    }

    /// The blocks across and down a scan of component `index` alone (ITU T.81 A.2.2).
    fn component_blocks(&self, index: usize) -> (u32, u32) {
        let (h, v) = self.max_sampling();
        let c = self.components[index];
        let width = (u32::from(self.width) * u32::from(c.horizontal)).div_ceil(h);
        let height = (u32::from(self.height) * u32::from(c.vertical)).div_ceil(v);
        (width.div_ceil(8), height.div_ceil(8))
    }

    /// The blocks of every component padded to whole MCUs, as the decoders allocate them.
    fn padded_blocks(&self) -> u64 {
        let (across, down) = self.mcus();
        let per_mcu: u64 = self
            .components
            .iter()
            .map(|c| u64::from(c.horizontal) * u64::from(c.vertical))
            .sum();
        u64::from(across) * u64::from(down) * per_mcu
    }
}

/// One scan: its header, the tables it uses as they stood when it began, and its data.
#[derive(Debug)]
struct Scan<'a> {
    /// Indices into the frame's components, in frame order.
    components: Vec<usize>,
    /// Each scan component's DC and AC Huffman table definitions (counts, then symbols).
    dc_tables: Vec<Option<&'a [u8]>>,
    ac_tables: Vec<Option<&'a [u8]>>,
    spectral_start: u8,
    spectral_end: u8,
    approximation_high: u8,
    approximation_low: u8,
    restart_interval: u16,
    /// The entropy-coded data, restart markers included, up to the next marker.
    data: &'a [u8],
}

/// A JPEG whose structure has been read: its header, and what [`Jpeg::check_data`] needs.
#[derive(Debug)]
pub(crate) struct Jpeg<'a> {
    pub(crate) header: Header,
    frame: Frame,
    scans: Vec<Scan<'a>>,
    coding: reduced::Coding<'a>,
}

/// Reads the structure of a JPEG whose first bytes are SOI (`FF D8`).
pub(crate) fn read(bytes: &[u8]) -> Result<Jpeg<'_>, Refusal> {
    use Refusal::{Corrupt, Unsupported};
    let mut position = 2;
    let mut frame: Option<Frame> = None;
    let mut orientation = None;
    // The current definition of each quantisation table: its 64 or 128 bytes.
    let mut quant_tables: [Option<&[u8]>; 4] = [None; 4];
    let mut precision = 8;
    let mut tables_after_scan = false;
    let mut adobe = false;
    // The current definition of each DC (0) and AC (1) table: its counts and symbols.
    let mut huffman_tables: [[Option<&[u8]>; 4]; 2] = [[None; 4]; 2];
    let mut restart_interval = 0;
    let mut scans: Vec<Scan> = Vec::new();
    loop {
        if bytes.get(position) != Some(&0xFF) {
            return Err(Corrupt(if position >= bytes.len() {
                "the file ends before the image does"
            } else {
                "a segment does not start with a marker"
            }));
        }
        // Any number of 0xFF fill bytes may precede a marker.
        while bytes.get(position) == Some(&0xFF) {
            position += 1;
        }
        let Some(&marker) = bytes.get(position) else {
            return Err(Corrupt("the file ends before the image does"));
        };
        position += 1;
        match marker {
            0xD9 => {
                let frame = frame.ok_or(Corrupt("there is no frame header"))?;
                if scans.is_empty() {
                    return Err(Corrupt("there is no image data"));
                }
                let header = Header {
                    width: u32::from(frame.width),
                    height: u32::from(frame.height),
                    orientation,
                    layout: Layout::Jpeg {
                        progressive: frame.progressive,
                        components: frame.components.len() as u8,
                        blocks: frame.padded_blocks(),
                    },
                };
                let coding = reduced::Coding {
                    tables: quant_tables,
                    precision,
                    tables_after_scan,
                    adobe,
                };
                return Ok(Jpeg {
                    header,
                    frame,
                    scans,
                    coding,
                });
            }
            0xD8 => return Err(Corrupt("a second start-of-image marker")),
            0x00 => return Err(Corrupt("a stray 0xFF 0x00 outside image data")),
            // Restart markers belong inside a scan's data (which the walk steps over); TEM
            // and the reserved markers are refused by libjpeg and jpeg-decoder alike.
            0xD0..=0xD7 => return Err(Corrupt("a restart marker outside image data")),
            0x01..=0xBF | 0xC8 | 0xF0..=0xFD => return Err(Corrupt("an unknown marker")),
            // Arithmetic coding (DAC), hierarchical mode (DHP, EXP) and line counts given
            // after the first scan (DNL): coding processes no browser displays.
            0xCC => return Err(Unsupported("arithmetic-coded JPEG")),
            0xDE | 0xDF => return Err(Unsupported("hierarchical JPEG")),
            0xDC => return Err(Unsupported("JPEG with a DNL segment")),
            _ => {}
        }
        let length = match bytes.get(position..position + 2) {
            Some(&[high, low]) => usize::from(u16::from_be_bytes([high, low])),
            _ => return Err(Corrupt("the file ends before the image does")),
        };
        if length < 2 {
            return Err(Corrupt("a segment has an impossible length"));
        }
        let end = position + length;
        let Some(segment) = bytes.get(position + 2..end) else {
            return Err(Corrupt("the file ends before the image does"));
        };
        match marker {
            0xC0..=0xC2 => {
                if frame.is_some() {
                    return Err(Corrupt("more than one frame header"));
                }
                frame = Some(frame_header(marker, segment)?);
                precision = segment[0];
            }
            0xC3 | 0xC7 | 0xCB | 0xCF => return Err(Unsupported("lossless JPEG")),
            0xC5 | 0xC6 | 0xCD | 0xCE => return Err(Unsupported("hierarchical JPEG")),
            0xC9 | 0xCA => return Err(Unsupported("arithmetic-coded JPEG")),
            0xDB => {
                tables_after_scan |= !scans.is_empty();
                quantisation_tables(segment, &mut quant_tables)?;
            }
            0xC4 => {
                let baseline = frame.as_ref().is_some_and(|f| f.baseline);
                huffman_table_definitions(segment, baseline, &mut huffman_tables)?;
            }
            0xDD => {
                let &[high, low] = segment else {
                    return Err(Corrupt("the restart interval segment has the wrong length"));
                };
                restart_interval = u16::from_be_bytes([high, low]);
            }
            0xE1 if orientation.is_none() => {
                if let Some(tiff) = segment.strip_prefix(b"Exif\0\0") {
                    orientation = super::exif::orientation(tiff);
                }
            }
            // jpeg-decoder refuses an Adobe segment naming an unknown colour transform.
            0xEE if segment.starts_with(b"Adobe\0") && segment.get(11).is_some_and(|&t| t > 2) => {
                return Err(Corrupt(
                    "the Adobe segment names an unknown colour transform",
                ));
            }
            0xEE => adobe = true,
            0xDA => {
                let frame = frame
                    .as_ref()
                    .ok_or(Corrupt("image data comes before the frame header"))?;
                if scans.len() == MAX_SCANS {
                    return Err(Refusal::TooComplex(format!("more than {MAX_SCANS} scans")));
                }
                let mut scan = scan_header(segment, frame, &quant_tables, &huffman_tables)?;
                scan.restart_interval = restart_interval;
                let length = entropy_coded_length(&bytes[end..])
                    .ok_or(Corrupt("the file ends before the image does"))?;
                scan.data = &bytes[end..end + length];
                scans.push(scan);
                position = end + length;
                continue;
            }
            _ => {}
        }
        position = end;
    }
}

impl Jpeg<'_> {
    /// Reads every scan's Huffman codes: each must hold exactly its blocks, with valid
    /// codes and restart markers in order.
    ///
    /// Call it only after the frame's size has been checked: the work is proportional to
    /// the frame's blocks (at most [`MAX_PASSES`] times them).
    pub(crate) fn check_data(&self) -> Result<(), Refusal> {
        self.check_complexity()?;
        entropy::check(&self.frame, &self.scans)
    }

    /// [`Jpeg::check_data`], keeping on the way what a decode at `scale` samples a block
    /// side (1, 2 or 4: 1/8, 1/4 or 1/2 size) needs, and then decoding it: `Ok(None)` when
    /// [`reduced`] does not cover this JPEG, for jpeg-decoder to decode it as before.
    pub(crate) fn check_data_keeping(&self, scale: usize) -> Result<Option<Reduced>, Refusal> {
        self.check_complexity()?;
        let Some(mut kept) =
            reduced::Coefficients::new(&self.frame, &self.scans, &self.coding, scale)
        else {
            return entropy::check(&self.frame, &self.scans).map(|()| None);
        };
        entropy::check_keeping(&self.frame, &self.scans, &mut kept)?;
        Ok(kept.finish(&self.frame))
    }

    fn check_complexity(&self) -> Result<(), Refusal> {
        let frame_blocks = self.frame.padded_blocks();
        let covered: u64 = self.scans.iter().map(|s| self.scan_blocks(s)).sum();
        if covered > MAX_PASSES * frame_blocks {
            return Err(Refusal::TooComplex(format!(
                "its scans cover the frame's blocks {:.1} times; at most {MAX_PASSES}",
                covered as f64 / frame_blocks as f64
            )));
        }
        Ok(())
    }

    fn scan_blocks(&self, scan: &Scan) -> u64 {
        if let [only] = scan.components[..] {
            let (across, down) = self.frame.component_blocks(only);
            u64::from(across) * u64::from(down)
        } else {
            let (across, down) = self.frame.mcus();
            let per_mcu: u64 = scan
                .components
                .iter()
                .map(|&i| {
                    let c = self.frame.components[i];
                    u64::from(c.horizontal) * u64::from(c.vertical)
                })
                .sum();
            u64::from(across) * u64::from(down) * per_mcu
        }
    }
}

/// The frame header (ITU T.81 B.2.2), checked as libjpeg and jpeg-decoder check it.
fn frame_header(marker: u8, segment: &[u8]) -> Result<Frame, Refusal> {
    use Refusal::{Corrupt, Unsupported};
    let [precision, h1, h0, w1, w0, count, ref specs @ ..] = *segment else {
        return Err(Corrupt("the frame header is too short"));
    };
    match precision {
        8 => {}
        12 if marker != 0xC0 => return Err(Unsupported("12-bit JPEG")),
        _ => return Err(Corrupt("the frame header has an invalid sample precision")),
    }
    let (height, width) = (u16::from_be_bytes([h1, h0]), u16::from_be_bytes([w1, w0]));
    if width == 0 || height == 0 {
        // Height 0 defers to a DNL marker, which no camera or browser writes.
        return Err(Corrupt("the frame header declares no size"));
    }
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(Corrupt("the frame is more than 65,500 pixels wide or high"));
    }
    if specs.len() != 3 * usize::from(count) {
        return Err(Corrupt("the frame header has the wrong length"));
    }
    if !matches!(count, 1 | 3 | 4) {
        // Legal in the standard, but neither grey, colour nor CMYK: nothing displays it.
        return Err(Unsupported(
            "JPEG with an unusual number of colour components",
        ));
    }
    let mut components: Vec<Component> = Vec::with_capacity(usize::from(count));
    for spec in specs.chunks_exact(3) {
        let component = Component {
            id: spec[0],
            horizontal: spec[1] >> 4,
            vertical: spec[1] & 0x0F,
            quant_table: spec[2],
        };
        if components.iter().any(|c| c.id == component.id) {
            return Err(Corrupt("two frame components have the same identifier"));
        }
        if !(1..=4).contains(&component.horizontal) || !(1..=4).contains(&component.vertical) {
            return Err(Corrupt("a frame component has an invalid sampling factor"));
        }
        if component.quant_table > 3 {
            return Err(Corrupt(
                "a frame component names a quantisation table past 3",
            ));
        }
        components.push(component);
    }
    let frame = Frame {
        width,
        height,
        baseline: marker == 0xC0,
        progressive: marker == 0xC2,
        components,
    };
    // libjpeg (and so the browsers) upsample only by whole factors.
    let (h, v) = frame.max_sampling();
    if frame
        .components
        .iter()
        .any(|c| h % u32::from(c.horizontal) != 0 || v % u32::from(c.vertical) != 0)
    {
        return Err(Unsupported("JPEG with uneven chroma subsampling"));
    }
    Ok(frame)
}

/// A DQT segment (B.2.4.1): one or more tables, each 1 + 64 or 1 + 128 bytes.
fn quantisation_tables<'a>(
    mut segment: &'a [u8],
    defined: &mut [Option<&'a [u8]>; 4],
) -> Result<(), Refusal> {
    use Refusal::Corrupt;
    while let Some((&spec, rest)) = segment.split_first() {
        let (precision, id) = (spec >> 4, usize::from(spec & 0x0F));
        if precision > 1 {
            return Err(Corrupt("a quantisation table has an invalid precision"));
        }
        if id > 3 {
            return Err(Corrupt("a quantisation table is numbered past 3"));
        }
        let size = 64 * (1 + usize::from(precision));
        let values = rest
            .get(..size)
            .ok_or(Corrupt("a quantisation table segment has the wrong length"))?;
        // ITU T.81 B.2.4.1: every value is at least 1; jpeg-decoder refuses a 0.
        let zero = if precision == 0 {
            values.contains(&0)
        } else {
            values.chunks_exact(2).any(|pair| pair == [0, 0])
        };
        if zero {
            return Err(Corrupt("a quantisation table holds a zero"));
        }
        defined[id] = Some(values);
        segment = &rest[size..];
    }
    Ok(())
}

/// A DHT segment (B.2.4.2): one or more tables, each 16 code counts then the symbols.
///
/// Checked as libjpeg checks a table before using it (`jpeg_make_d_derived_tbl`): at most
/// 256 codes, and the code space not over-subscribed, with the all-ones code of every
/// length left unused (T.81 C.2 reserves it): after the codes of length `n`, fewer than
/// 2ⁿ codes may have been assigned. A DC symbol is a magnitude category, at most 15.
fn huffman_table_definitions<'a>(
    mut segment: &'a [u8],
    baseline: bool,
    tables: &mut [[Option<&'a [u8]>; 4]; 2],
) -> Result<(), Refusal> {
    use Refusal::Corrupt;
    while let Some((&spec, rest)) = segment.split_first() {
        let (class, id) = (usize::from(spec >> 4), usize::from(spec & 0x0F));
        if class > 1 {
            return Err(Corrupt("a Huffman table has an invalid class"));
        }
        if id > 3 || (baseline && id > 1) {
            return Err(Corrupt(
                "a Huffman table is numbered past what the frame allows",
            ));
        }
        let counts = rest
            .get(..16)
            .ok_or(Corrupt("a Huffman table segment has the wrong length"))?;
        let total: usize = counts.iter().map(|&n| usize::from(n)).sum();
        if total == 0 || total > 256 {
            return Err(Corrupt(
                "a Huffman table declares no codes or more than 256",
            ));
        }
        let symbols = rest
            .get(16..16 + total)
            .ok_or(Corrupt("a Huffman table segment has the wrong length"))?;
        let mut code: u32 = 0;
        for (length, &count) in (1..=16).zip(counts) {
            code += u32::from(count);
            if code >= 1 << length {
                return Err(Corrupt("a Huffman table declares more codes than fit"));
            }
            code <<= 1;
        }
        if class == 0 && symbols.iter().any(|&s| s > 15) {
            return Err(Corrupt("a DC Huffman table has a symbol past 15"));
        }
        tables[class][id] = Some(&rest[..16 + total]);
        segment = &rest[16 + total..];
    }
    Ok(())
}

/// A scan header (B.2.3), checked as jpeg-decoder and libjpeg check it.
fn scan_header<'a>(
    segment: &[u8],
    frame: &Frame,
    quant_tables: &[Option<&[u8]>; 4],
    huffman_tables: &[[Option<&'a [u8]>; 4]; 2],
) -> Result<Scan<'a>, Refusal> {
    use Refusal::Corrupt;
    let Some((&count, rest)) = segment.split_first() else {
        return Err(Corrupt("the scan header is too short"));
    };
    if !(1..=4).contains(&count) || rest.len() != 2 * usize::from(count) + 3 {
        return Err(Corrupt("the scan header has the wrong length"));
    }
    let (specs, parameters) = rest.split_at(2 * usize::from(count));
    let &[spectral_start, spectral_end, approximation] = parameters else {
        return Err(Corrupt("the scan header has the wrong length"));
    };
    let (approximation_high, approximation_low) = (approximation >> 4, approximation & 0x0F);
    let mut scan = Scan {
        components: Vec::with_capacity(usize::from(count)),
        dc_tables: Vec::with_capacity(usize::from(count)),
        ac_tables: Vec::with_capacity(usize::from(count)),
        spectral_start,
        spectral_end,
        approximation_high,
        approximation_low,
        restart_interval: 0,
        data: &[],
    };
    if frame.progressive {
        let dc = spectral_start == 0;
        if spectral_end > 63 || spectral_start > spectral_end || (dc && spectral_end != 0) {
            return Err(Corrupt("a scan has an invalid spectral selection"));
        }
        if !dc && count != 1 {
            return Err(Corrupt("an AC scan has more than one component"));
        }
        // jpeg-decoder refuses a point transform of 8 or more for 8-bit samples.
        if approximation_low >= 8
            || (approximation_high != 0 && approximation_high != approximation_low + 1)
        {
            return Err(Corrupt("a scan has invalid successive approximation"));
        }
    } else {
        // jpeg-decoder reads an end of 0 as 63, as some encoders write it.
        if spectral_start != 0 || !matches!(spectral_end, 0 | 63) || approximation != 0 {
            return Err(Corrupt("a sequential scan has progressive parameters"));
        }
        scan.spectral_end = 63;
    }
    for spec in specs.chunks_exact(2) {
        let index = frame
            .components
            .iter()
            .position(|c| c.id == spec[0])
            .ok_or(Corrupt("a scan names a component the frame does not have"))?;
        if scan.components.last().is_some_and(|&last| index <= last) {
            return Err(Corrupt(
                "a scan repeats its components or breaks their order",
            ));
        }
        let (dc, ac) = (usize::from(spec[1] >> 4), usize::from(spec[1] & 0x0F));
        if dc > 3 || ac > 3 || (frame.baseline && (dc > 1 || ac > 1)) {
            return Err(Corrupt(
                "a scan names a Huffman table past what the frame allows",
            ));
        }
        if quant_tables[usize::from(frame.components[index].quant_table)].is_none() {
            return Err(Corrupt(
                "a scan uses a quantisation table that is not defined",
            ));
        }
        // As jpeg-decoder checks: a DC table for any scan of DC, an AC table for any of AC.
        let dc_table = huffman_tables[0][dc];
        let ac_table = huffman_tables[1][ac];
        if (spectral_start == 0 && dc_table.is_none())
            || (scan.spectral_end > 0 && ac_table.is_none())
        {
            return Err(Corrupt("a scan uses a Huffman table that is not defined"));
        }
        scan.components.push(index);
        scan.dc_tables.push(dc_table);
        scan.ac_tables.push(ac_table);
    }
    let blocks_per_mcu: u32 = scan
        .components
        .iter()
        .map(|&i| {
            u32::from(frame.components[i].horizontal) * u32::from(frame.components[i].vertical)
        })
        .sum();
    if count > 1 && blocks_per_mcu > 10 {
        return Err(Corrupt("a scan has more than 10 blocks in each MCU"));
    }
    Ok(scan)
}

/// The length of a scan's entropy-coded data: up to the first marker that is neither a
/// stuffed zero (`FF 00`) nor a restart marker (`FF D0`–`FF D7`); `None` if the data runs
/// to the end of the file.
fn entropy_coded_length(data: &[u8]) -> Option<usize> {
    let mut offset = 0;
    loop {
        offset += data.get(offset..)?.iter().position(|&b| b == 0xFF)?;
        match data.get(offset + 1)? {
            0x00 | 0xD0..=0xD7 | 0xFF => offset += 1,
            _ => return Some(offset),
        }
    }
}
