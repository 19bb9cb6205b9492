//! Marker segments: frame header (SOF), tables (DQT, DHT, DRI), scan headers (SOS) and the
//! application segments we use (APP0 JFIF, APP1 EXIF orientation, APP14 Adobe colour transform).

use crate::codecs::exif;
use crate::codecs::jpeg::huffman::HuffmanTable;
use crate::error::{CropError, Result};
use crate::raster::PlaneColor;

pub const SOI: u8 = 0xD8;
pub const EOI: u8 = 0xD9;
pub const SOS: u8 = 0xDA;
pub const DQT: u8 = 0xDB;
pub const DHT: u8 = 0xC4;
pub const DRI: u8 = 0xDD;
pub const DNL: u8 = 0xDC;
pub const APP0: u8 = 0xE0;
pub const APP1: u8 = 0xE1;
pub const APP14: u8 = 0xEE;

/// Natural (row-major) index of the k-th coefficient in zigzag order. Entries past 63 point at
/// a spare slot (64), so a corrupt run length writes there instead of out of bounds.
pub const ZIGZAG: [u8; 128] = {
    let mut t = [64u8; 128];
    let mut i = 0;
    while i < 64 {
        t[i] = ZIGZAG_64[i];
        i += 1;
    }
    t
};

/// `ZIGZAG` shifted by one (`[k]` is the natural index of zigzag `k - 1`), long enough for any
/// index the fast AC path can reach (63 + an end-of-block's advance): the fast path adds the
/// whole advance first and stores at the position before it.
pub const ZIGZAG_AFTER: [u8; 256] = {
    let mut t = [64u8; 256];
    let mut i = 1;
    while i <= 64 {
        t[i] = ZIGZAG_64[i - 1];
        i += 1;
    }
    t
};

const ZIGZAG_64: [u8; 64] = {
    const Z: [u8; 64] = [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13,
        6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38,
        31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
    ];
    Z
};

#[derive(Clone, Debug)]
pub struct Component {
    pub id: u8,
    /// Sampling factors (1 for both when the frame has a single component).
    pub h: u32,
    pub v: u32,
    pub quant: usize,
    /// Blocks of the component's own (non-interleaved) grid: ceil(ceil(W·h/hmax) / 8).
    pub blocks_w: u32,
    pub blocks_h: u32,
}

#[derive(Clone, Debug)]
pub struct Frame {
    pub width: u32,
    pub height: u32,
    pub progressive: bool,
    pub components: Vec<Component>,
    pub hmax: u32,
    pub vmax: u32,
    pub mcus_x: u32,
    pub mcus_y: u32,
}

impl Frame {
    /// MCU size in full-resolution pixels.
    pub fn mcu_width(&self) -> u32 {
        8 * self.hmax
    }
    pub fn mcu_height(&self) -> u32 {
        8 * self.vmax
    }
}

#[derive(Clone, Debug)]
pub struct ScanComponent {
    /// Index into `Frame::components`.
    pub index: usize,
    pub dc_table: usize,
    pub ac_table: usize,
}

#[derive(Clone, Debug)]
pub struct Scan {
    pub components: Vec<ScanComponent>,
    /// Spectral selection and successive approximation.
    pub ss: u32,
    pub se: u32,
    pub ah: u32,
    pub al: u32,
}

/// The tables and flags in effect (they may change between scans).
pub struct Tables {
    /// Quantization tables in zigzag order (as stored).
    pub quant: [Option<[u16; 64]>; 4],
    pub dc: [Option<HuffmanTable>; 4],
    pub ac: [Option<HuffmanTable>; 4],
    pub restart_interval: u32,
    pub jfif: bool,
    pub adobe_transform: Option<u8>,
    pub orientation: u8,
}

impl Default for Tables {
    fn default() -> Self {
        Tables {
            quant: [None; 4],
            dc: [None, None, None, None],
            ac: [None, None, None, None],
            restart_interval: 0,
            jfif: false,
            adobe_transform: None,
            orientation: 1,
        }
    }
}

/// A cursor over the marker segments of a JPEG file.
pub struct Segments<'a> {
    pub data: &'a [u8],
    pub pos: usize,
}

impl<'a> Segments<'a> {
    pub fn new(data: &'a [u8]) -> Result<Segments<'a>> {
        if data.len() < 2 || data[0] != 0xFF || data[1] != SOI {
            return Err(CropError::unsupported("not a JPEG file"));
        }
        Ok(Segments { data, pos: 2 })
    }

    /// The next marker code; `pos` is then just after it. Fill bytes (`FF FF …`) are skipped.
    pub fn next_marker(&mut self) -> Result<u8> {
        let d = self.data;
        if self.pos >= d.len() {
            return Err(CropError::truncated("JPEG data ends before its end marker"));
        }
        if d[self.pos] != 0xFF {
            return Err(CropError::corrupt(format!("JPEG: marker expected at byte {}", self.pos)));
        }
        while self.pos < d.len() && d[self.pos] == 0xFF {
            self.pos += 1;
        }
        match d.get(self.pos) {
            Some(&m) => {
                self.pos += 1;
                Ok(m)
            }
            None => Err(CropError::truncated("JPEG data ends before its end marker")),
        }
    }

    /// The payload of the segment starting at `pos` (after its marker); `pos` moves past it.
    pub fn segment(&mut self) -> Result<&'a [u8]> {
        let d = self.data;
        let len = match d.get(self.pos..self.pos + 2) {
            Some(b) => u16::from_be_bytes([b[0], b[1]]) as usize,
            None => return Err(CropError::truncated("JPEG data ends inside a marker segment")),
        };
        if len < 2 {
            return Err(CropError::corrupt("JPEG: bad segment length"));
        }
        let payload = d
            .get(self.pos + 2..self.pos + len)
            .ok_or_else(|| CropError::truncated("JPEG data ends inside a marker segment"))?;
        self.pos += len;
        Ok(payload)
    }

    /// Skips entropy-coded data (and restart markers in it) up to the next real marker, or to
    /// the end of the data when there is none (the next `next_marker` then says truncated).
    pub fn skip_entropy_data(&mut self) {
        let d = self.data;
        let mut i = self.pos;
        while i + 1 < d.len() {
            // Eight bytes at a time while none is FF: after a crop's last row the rest of a
            // photo is megabytes of entropy-coded data.
            if let Some(w) = d.get(i..i + 8) {
                let word = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
                let inv = !word;
                if inv.wrapping_sub(0x0101_0101_0101_0101) & !inv & 0x8080_8080_8080_8080 == 0 {
                    i += 8;
                    continue;
                }
            }
            if d[i] == 0xFF {
                let m = d[i + 1];
                if m != 0x00 && !(0xD0..=0xD7).contains(&m) && m != 0xFF {
                    self.pos = i;
                    return;
                }
                i += 1;
            }
            i += 1;
        }
        self.pos = d.len();
    }
}

fn be16(b: &[u8], i: usize) -> u32 {
    ((b[i] as u32) << 8) | b[i + 1] as u32
}

pub fn parse_frame(marker: u8, p: &[u8]) -> Result<Frame> {
    let progressive = match marker {
        0xC0 | 0xC1 => false,
        0xC2 => true,
        0xC3 => return Err(CropError::unsupported("lossless JPEG")),
        0xC9..=0xCB | 0xCD..=0xCF => return Err(CropError::unsupported("arithmetic-coded JPEG")),
        _ => return Err(CropError::unsupported("hierarchical JPEG")),
    };
    if p.len() < 6 {
        return Err(CropError::corrupt("JPEG: short frame header"));
    }
    if p[0] != 8 {
        return Err(CropError::unsupported(format!("{}-bit JPEG (only 8-bit is decoded)", p[0])));
    }
    let height = be16(p, 1);
    let width = be16(p, 3);
    let n = p[5] as usize;
    if height == 0 {
        return Err(CropError::unsupported("JPEG with its height in a DNL marker"));
    }
    if width == 0 {
        return Err(CropError::corrupt("JPEG: zero width"));
    }
    if !matches!(n, 1 | 3 | 4) {
        return Err(CropError::unsupported(format!("JPEG with {n} components")));
    }
    if p.len() < 6 + 3 * n {
        return Err(CropError::corrupt("JPEG: short frame header"));
    }
    let mut components = Vec::with_capacity(n);
    for c in 0..n {
        let b = &p[6 + 3 * c..9 + 3 * c];
        let (h, v) = ((b[1] >> 4) as u32, (b[1] & 15) as u32);
        if !(1..=4).contains(&h) || !(1..=4).contains(&v) || b[2] > 3 {
            return Err(CropError::corrupt("JPEG: bad component sampling or table"));
        }
        if components.iter().any(|x: &Component| x.id == b[0]) {
            return Err(CropError::corrupt("JPEG: duplicate component id"));
        }
        let (h, v) = if n == 1 { (1, 1) } else { (h, v) };
        components.push(Component { id: b[0], h, v, quant: b[2] as usize, blocks_w: 0, blocks_h: 0 });
    }
    let hmax = components.iter().map(|c| c.h).max().unwrap_or(1);
    let vmax = components.iter().map(|c| c.v).max().unwrap_or(1);
    for c in &mut components {
        if hmax % c.h != 0 || vmax % c.v != 0 {
            return Err(CropError::unsupported("JPEG with fractional chroma sampling"));
        }
        c.blocks_w = (width * c.h).div_ceil(hmax).div_ceil(8);
        c.blocks_h = (height * c.v).div_ceil(vmax).div_ceil(8);
    }
    Ok(Frame {
        width,
        height,
        progressive,
        components,
        hmax,
        vmax,
        mcus_x: width.div_ceil(8 * hmax),
        mcus_y: height.div_ceil(8 * vmax),
    })
}

pub fn parse_scan(p: &[u8], frame: &Frame) -> Result<Scan> {
    let bad = || CropError::corrupt("JPEG: bad scan header");
    let n = *p.first().ok_or_else(bad)? as usize;
    if n == 0 || n > 4 || p.len() < 1 + 2 * n + 3 {
        return Err(bad());
    }
    let mut components = Vec::with_capacity(n);
    for i in 0..n {
        let (id, t) = (p[1 + 2 * i], p[2 + 2 * i]);
        let index = frame.components.iter().position(|c| c.id == id).ok_or_else(bad)?;
        if components.iter().any(|c: &ScanComponent| c.index == index) || (t >> 4) > 3 || (t & 15) > 3 {
            return Err(bad());
        }
        components.push(ScanComponent { index, dc_table: (t >> 4) as usize, ac_table: (t & 15) as usize });
    }
    let q = &p[1 + 2 * n..];
    let (ss, se, ah, al) = (q[0] as u32, q[1] as u32, (q[2] >> 4) as u32, (q[2] & 15) as u32);
    if frame.progressive {
        let dc = ss == 0;
        if se > 63 || ss > se || (dc && se != 0) || (!dc && n != 1) || al > 13 || ah > 13 {
            return Err(CropError::corrupt("JPEG: bad progressive scan parameters"));
        }
    } else if ss != 0 || se != 63 || ah != 0 || al != 0 {
        // Sequential scans code all 64 coefficients; some encoders write junk here: ignore it.
        return Ok(Scan { components, ss: 0, se: 63, ah: 0, al: 0 });
    }
    Ok(Scan { components, ss, se, ah, al })
}

/// The example tables of ITU T.81 Annex K.3 (K.3 to K.6), which libjpeg assumes for DC and AC
/// tables 0 (luminance) and 1 (chrominance) when a scan uses one no DHT segment defined:
/// Motion-JPEG frames and some webcams leave them out. Code-length counts and the symbols
/// coded in the order of their codes.
const DEFAULT_DC_COUNTS: [[u8; 16]; 2] =
    [[0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0], [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0]];
const DEFAULT_DC_VALUES: [u8; 12] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const DEFAULT_AC_COUNTS: [[u8; 16]; 2] =
    [[0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 125], [0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 119]];
/// The AC symbols with codes shorter than 16 bits; the 16-bit codes take every other symbol
/// (end-of-block, ZRL and run/size 0..15 × 1..10) in increasing order.
const DEFAULT_AC_SHORT: [&[u8]; 2] = [
    &[
        0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07, 0x22,
        0x71, 0x14, 0x32, 0x81, 0x91, 0xA1, 0x08, 0x23, 0x42, 0xB1, 0xC1, 0x15, 0x52, 0xD1, 0xF0, 0x24, 0x33,
        0x62, 0x72, 0x82,
    ],
    &[
        0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71, 0x13,
        0x22, 0x32, 0x81, 0x08, 0x14, 0x42, 0x91, 0xA1, 0xB1, 0xC1, 0x09, 0x23, 0x33, 0x52, 0xF0, 0x15, 0x62,
        0x72, 0xD1, 0x0A, 0x16, 0x24, 0x34, 0xE1, 0x25, 0xF1,
    ],
];

/// Default table `id` (0 or 1) of the class.
fn default_table(ac: bool, id: usize) -> Result<HuffmanTable> {
    if !ac {
        return HuffmanTable::new(&DEFAULT_DC_COUNTS[id], &DEFAULT_DC_VALUES, false);
    }
    let short = DEFAULT_AC_SHORT[id];
    let is_symbol = |s: u8| s == 0x00 || s == 0xF0 || (1..=10).contains(&(s & 15));
    let mut values = short.to_vec();
    values.extend((0..=255u8).filter(|&s| is_symbol(s) && !short.contains(&s)));
    HuffmanTable::new(&DEFAULT_AC_COUNTS[id], &values, true)
}

impl Tables {
    /// Gives the scan's undefined DC / AC tables 0 and 1 the defaults of Annex K.3 (as libjpeg);
    /// tables 2 and 3 have no default and stay undefined (an error when the scan decodes).
    pub fn default_missing_tables(&mut self, scan: &Scan) -> Result<()> {
        for sc in &scan.components {
            if sc.dc_table < 2 && self.dc[sc.dc_table].is_none() {
                self.dc[sc.dc_table] = Some(default_table(false, sc.dc_table)?);
            }
            if sc.ac_table < 2 && self.ac[sc.ac_table].is_none() {
                self.ac[sc.ac_table] = Some(default_table(true, sc.ac_table)?);
            }
        }
        Ok(())
    }

    pub fn parse_dqt(&mut self, mut p: &[u8]) -> Result<()> {
        while !p.is_empty() {
            let (precision, id) = (p[0] >> 4, (p[0] & 15) as usize);
            if id > 3 || precision > 1 {
                return Err(CropError::corrupt("JPEG: bad quantization table"));
            }
            let size = if precision == 0 { 64 } else { 128 };
            let body =
                p.get(1..1 + size).ok_or_else(|| CropError::corrupt("JPEG: short quantization table"))?;
            let mut q = [0u16; 64];
            for (k, v) in q.iter_mut().enumerate() {
                *v = if precision == 0 {
                    body[k] as u16
                } else {
                    u16::from_be_bytes([body[2 * k], body[2 * k + 1]])
                };
            }
            self.quant[id] = Some(q);
            p = &p[1 + size..];
        }
        Ok(())
    }

    pub fn parse_dht(&mut self, mut p: &[u8]) -> Result<()> {
        while !p.is_empty() {
            let bad = || CropError::corrupt("JPEG: bad Huffman table");
            if p.len() < 17 {
                return Err(bad());
            }
            let (class, id) = (p[0] >> 4, (p[0] & 15) as usize);
            if class > 1 || id > 3 {
                return Err(bad());
            }
            let mut counts = [0u8; 16];
            counts.copy_from_slice(&p[1..17]);
            let total: usize = counts.iter().map(|&c| c as usize).sum();
            let values = p.get(17..17 + total).ok_or_else(bad)?;
            let table = HuffmanTable::new(&counts, values, class == 1)?;
            if class == 0 {
                self.dc[id] = Some(table);
            } else {
                self.ac[id] = Some(table);
            }
            p = &p[17 + total..];
        }
        Ok(())
    }

    pub fn parse_dri(&mut self, p: &[u8]) -> Result<()> {
        if p.len() < 2 {
            return Err(CropError::corrupt("JPEG: bad restart interval"));
        }
        self.restart_interval = be16(p, 0);
        Ok(())
    }

    /// APPn segments we care about; others are ignored.
    pub fn parse_app(&mut self, marker: u8, p: &[u8]) {
        match marker {
            APP0 if p.starts_with(b"JFIF\0") => self.jfif = true,
            APP1 if p.starts_with(b"Exif\0\0") && self.orientation == 1 => {
                self.orientation = exif::orientation(&p[6..])
            }
            APP14 if p.starts_with(b"Adobe") && p.len() >= 12 => self.adobe_transform = Some(p[11]),
            _ => {}
        }
    }

    /// libjpeg's rules: JFIF means YCbCr; Adobe's flag decides; otherwise component ids.
    pub fn color_transform(&self, frame: &Frame) -> PlaneColor {
        let ids: Vec<u8> = frame.components.iter().map(|c| c.id).collect();
        match ids.len() {
            1 => PlaneColor::Gray,
            3 => {
                if self.jfif {
                    PlaneColor::YCbCr
                } else if let Some(t) = self.adobe_transform {
                    if t == 0 {
                        PlaneColor::Rgb
                    } else {
                        PlaneColor::YCbCr
                    }
                } else if ids == b"RGB" {
                    PlaneColor::Rgb
                } else {
                    PlaneColor::YCbCr
                }
            }
            _ => {
                if self.adobe_transform == Some(2) {
                    PlaneColor::Ycck
                } else {
                    PlaneColor::Cmyk
                }
            }
        }
    }
}
