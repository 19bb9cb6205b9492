//! PNG decoding: every colour type and bit depth, palette, tRNS, Adam7, to 8-bit gray,
//! gray + alpha, RGB or RGBA (16-bit samples keep their high byte, low depths are scaled up,
//! palettes and tRNS expanded).
//!
//! Only the crop's region is kept: rows are inflated and unfiltered down to its last one (the
//! rest is never inflated) and only its columns are converted. Interlaced files need the whole
//! frame (their passes cover every row). Every chunk read is CRC-checked (image data as it is
//! inflated), so a damaged file is an error, never a silently different picture.
//!
//! Our own rather than the png crate's: that one's inflater is one large function that V8
//! optimises only late in the first export and that an interpreter runs slowly; here the per-row
//! and per-symbol loops are small functions of their own (see inflate.rs, filter.rs).

mod crc;
mod filter;
mod inflate;
pub mod writer;

pub use crc::crc32;
pub use filter::{paeth_filter, paeth_predictor};

use crate::error::{CropError, Result};
use crate::limits::Limits;
use filter::unfilter;
use inflate::{Inflater, Part};

const SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";

/// What the chunks before the image data say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PngInfo {
    pub width: u32,
    pub height: u32,
    bit_depth: u8,
    color_type: u8,
    pub interlaced: bool,
}

impl PngInfo {
    /// Samples per stored pixel.
    fn samples(&self) -> usize {
        match self.color_type {
            0 | 3 => 1,
            4 => 2,
            2 => 3,
            _ => 4,
        }
    }
    /// Bytes of one filtered row of `width` pixels (without the filter type byte).
    fn row_bytes(&self, width: u32) -> usize {
        (width as usize * self.samples() * self.bit_depth as usize).div_ceil(8)
    }
    /// The filters' pixel distance in bytes (1 for pixels under a byte).
    fn filter_bpp(&self) -> usize {
        (self.samples() * self.bit_depth as usize / 8).max(1)
    }
}

/// Decoded pixels of a region: `width × height` of `channels` bytes.
pub struct PngRegion {
    pub width: u32,
    pub height: u32,
    pub channels: u8,
    pub data: Vec<u8>,
}

/// The header (IHDR, CRC-checked and held against the limits), reading the chunks up to the
/// first image data's header.
pub fn read_info(bytes: &[u8], limits: &Limits) -> Result<PngInfo> {
    let mut chunks = Chunks::new(bytes)?;
    let info = header(&mut chunks)?;
    limits.check_sides(info.width, info.height)?;
    loop {
        let chunk = chunks.next_header()?;
        if &chunk.kind == b"IDAT" {
            return Ok(info);
        }
        chunks.check(&chunk)?;
        if &chunk.kind == b"IEND" {
            return Err(CropError::corrupt("PNG has no image data"));
        }
    }
}

/// Decodes the pixels `x0..x1 × y0..y1` (within the image).
pub fn decode(bytes: &[u8], region: (u32, u32, u32, u32), limits: &Limits) -> Result<PngRegion> {
    let file = read_file(bytes, limits)?;
    let info = &file.info;
    let (x0, y0, x1, y1) = region;
    if x0 >= x1 || y0 >= y1 || x1 > info.width || y1 > info.height {
        return Err(CropError::invalid("PNG region outside the image"));
    }
    let palette = file.palette_rgba()?;
    let channels = file.output_channels();
    let widest = info.row_bytes(info.width) + 1;
    limits.check_alloc(4 * widest as u64, "the PNG row buffers")?;
    let mut z = Inflater::new(&file.idat, widest)?;
    let convert = Converter { info, palette: &palette, trns: file.trns_key(), channels };
    let c = channels as usize;
    let (w, h) = (x1 - x0, y1 - y0);
    if !info.interlaced {
        let size = limits.check_buffer(w, h, channels as u32, "the decoded PNG region")?;
        let mut data = Vec::with_capacity(size);
        let mut prev = vec![0u8; widest - 1];
        let mut cur = vec![0u8; widest - 1];
        for y in 0..y1 {
            unfilter(z.take(widest)?, &prev, info.filter_bpp(), &mut cur)?;
            if y >= y0 {
                convert.row(&cur, x0 as usize, x1 as usize, &mut data);
            }
            std::mem::swap(&mut prev, &mut cur);
        }
        if y1 == info.height {
            // The crop reaches the last row: the rest of the file's image data must be intact
            // too (a damaged file is an error, not a picture with a damaged corner).
            z.check_rest()?;
        }
        return Ok(PngRegion { width: w, height: h, channels, data });
    }
    // Adam7: seven passes of sub-images, scattered into the full frame.
    limits.check_whole(info.width, info.height, "the interlaced PNG (decoded whole)")?;
    let size = limits.check_buffer(info.width, info.height, channels as u32, "the decoded PNG")?;
    let mut full = vec![0u8; size];
    let stride = info.width as usize * c;
    let mut pixels = Vec::with_capacity(info.width as usize * c);
    for (px, py, dx, dy) in
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
    {
        if px >= info.width || py >= info.height {
            continue;
        }
        let pass_w = (info.width - px).div_ceil(dx);
        let pass_h = (info.height - py).div_ceil(dy);
        let len = info.row_bytes(pass_w);
        let mut prev = vec![0u8; len];
        let mut cur = vec![0u8; len];
        for j in 0..pass_h as usize {
            unfilter(z.take(len + 1)?, &prev, info.filter_bpp(), &mut cur)?;
            pixels.clear();
            convert.row(&cur, 0, pass_w as usize, &mut pixels);
            let row = &mut full[(py as usize + j * dy as usize) * stride..][..stride];
            for (i, p) in pixels.chunks_exact(c).enumerate() {
                let x = px as usize + i * dx as usize;
                row[x * c..x * c + c].copy_from_slice(p);
            }
            std::mem::swap(&mut prev, &mut cur);
        }
    }
    z.check_rest()?;
    let mut data = Vec::with_capacity(w as usize * h as usize * c);
    for y in y0 as usize..y1 as usize {
        data.extend_from_slice(&full[y * stride + x0 as usize * c..y * stride + x1 as usize * c]);
    }
    Ok(PngRegion { width: w, height: h, channels, data })
}

/// A whole file's chunks, walked up to IEND (a file that ends before is truncated), the ones
/// before the image data CRC-checked (IDAT chunks are checked as they are inflated).
struct PngFile<'a> {
    info: PngInfo,
    palette: Option<&'a [u8]>,
    trns: Option<&'a [u8]>,
    idat: Vec<Part<'a>>,
}

fn read_file<'a>(bytes: &'a [u8], limits: &Limits) -> Result<PngFile<'a>> {
    let mut chunks = Chunks::new(bytes)?;
    let info = header(&mut chunks)?;
    limits.check_sides(info.width, info.height)?;
    let mut file = PngFile { info, palette: None, trns: None, idat: Vec::new() };
    loop {
        let chunk = chunks.next_header()?;
        if &chunk.kind == b"IDAT" {
            let (data, crc) = chunks.data(&chunk)?;
            file.idat.push(Part { data, crc });
            continue;
        }
        let data = chunks.check(&chunk)?;
        match &chunk.kind {
            b"IEND" => break,
            b"PLTE" if file.idat.is_empty() => {
                if data.is_empty() || data.len() % 3 != 0 || data.len() > 256 * 3 {
                    return Err(CropError::corrupt(format!("PNG palette of {} bytes", data.len())));
                }
                file.palette = Some(data);
            }
            b"tRNS" if file.idat.is_empty() => file.trns = Some(data),
            // Out of place (after the image data, a second IHDR): ignored, as libpng does.
            b"PLTE" | b"IHDR" => {}
            // Critical chunks we do not know (their first letter is upper case) change how the
            // image must be read: refuse rather than guess. Ancillary ones are skipped.
            kind if kind[0].is_ascii_uppercase() => {
                return Err(CropError::unsupported(format!(
                    "PNG chunk {} is not supported",
                    String::from_utf8_lossy(kind)
                )));
            }
            _ => {}
        }
    }
    if file.idat.is_empty() {
        return Err(CropError::corrupt("PNG has no image data"));
    }
    if file.info.color_type == 3 && file.palette.is_none() {
        return Err(CropError::corrupt("PNG palette image without a palette"));
    }
    Ok(file)
}

impl<'a> PngFile<'a> {
    fn output_channels(&self) -> u8 {
        let alpha = match self.info.color_type {
            3 => self.trns.is_some_and(|t| !t.is_empty()),
            _ => self.trns_key().is_some(),
        };
        match self.info.color_type {
            0 if alpha => 2,
            0 => 1,
            4 => 2,
            2 | 3 if alpha => 4,
            2 | 3 => 3,
            _ => 4,
        }
    }

    /// Palette entries as RGBA (tRNS alphas; entries missing from a short palette are opaque
    /// black, as libpng decodes them).
    fn palette_rgba(&self) -> Result<Vec<[u8; 4]>> {
        let Some(plte) = self.palette.filter(|_| self.info.color_type == 3) else { return Ok(Vec::new()) };
        let mut table = vec![[0, 0, 0, 255]; 256];
        for (entry, rgb) in table.iter_mut().zip(plte.chunks_exact(3)) {
            entry[..3].copy_from_slice(rgb);
        }
        if let Some(alpha) = self.trns {
            if alpha.len() > plte.len() / 3 {
                return Err(CropError::corrupt("PNG tRNS has more entries than the palette"));
            }
            for (entry, &a) in table.iter_mut().zip(alpha) {
                entry[3] = a;
            }
        }
        Ok(table)
    }

    /// The transparent gray or RGB sample values (at the stored depth) of colour types 0 and 2.
    fn trns_key(&self) -> Option<[u16; 3]> {
        let t = self.trns?;
        let sample = |i: usize| t.get(2 * i..2 * i + 2).map(|s| u16::from_be_bytes([s[0], s[1]]));
        match self.info.color_type {
            0 => Some([sample(0)?, 0, 0]),
            2 => Some([sample(0)?, sample(1)?, sample(2)?]),
            _ => None,
        }
    }
}

/// Stored rows to 8-bit output pixels.
struct Converter<'a> {
    info: &'a PngInfo,
    palette: &'a [[u8; 4]],
    trns: Option<[u16; 3]>,
    channels: u8,
}

impl Converter<'_> {
    /// Appends the pixels `x0..x1` of the unfiltered row `row`.
    fn row(&self, row: &[u8], x0: usize, x1: usize, out: &mut Vec<u8>) {
        let (depth, samples) = (self.info.bit_depth, self.info.samples());
        match (self.info.color_type, depth, self.trns) {
            (3, 8, _) => palette_row(&row[x0..x1], self.palette, self.channels as usize, out),
            (0 | 2 | 4 | 6, 8, None) => out.extend_from_slice(&row[x0 * samples..x1 * samples]),
            (0 | 2 | 4 | 6, 16, None) => high_bytes_row(&row[x0 * samples * 2..x1 * samples * 2], out),
            _ => self.any_row(row, x0, x1, out),
        }
    }

    /// Low bit depths, 16 bits with tRNS, palettes under 8 bits: sample by sample.
    #[inline(never)]
    fn any_row(&self, row: &[u8], x0: usize, x1: usize, out: &mut Vec<u8>) {
        let (depth, samples) = (self.info.bit_depth as usize, self.info.samples());
        let sample = |i: usize| -> u16 {
            match depth {
                16 => u16::from_be_bytes([row[2 * i], row[2 * i + 1]]),
                8 => row[i] as u16,
                _ => {
                    let bit = i * depth;
                    ((row[bit / 8] >> (8 - depth - bit % 8)) as u16) & ((1 << depth) - 1)
                }
            }
        };
        let to_8 = |v: u16| -> u8 {
            match depth {
                16 => (v >> 8) as u8,
                8 => v as u8,
                _ => (v * (255 / ((1 << depth) - 1))) as u8,
            }
        };
        for x in x0..x1 {
            if self.info.color_type == 3 {
                let entry = &self.palette[sample(x) as usize];
                out.extend_from_slice(&entry[..self.channels as usize]);
                continue;
            }
            let mut key_match = self.trns.is_some();
            for s in 0..samples {
                let v = sample(x * samples + s);
                if let Some(key) = self.trns {
                    key_match &= v == key[s];
                }
                out.push(to_8(v));
            }
            if self.trns.is_some() {
                out.push(if key_match { 0 } else { 255 });
            }
        }
    }
}

#[inline(never)]
fn palette_row(indices: &[u8], palette: &[[u8; 4]], channels: usize, out: &mut Vec<u8>) {
    for &i in indices {
        out.extend_from_slice(&palette[i as usize][..channels]);
    }
}

#[inline(never)]
fn high_bytes_row(samples16: &[u8], out: &mut Vec<u8>) {
    out.extend(samples16.iter().step_by(2));
}

/// IHDR, which must come first.
fn header(chunks: &mut Chunks) -> Result<PngInfo> {
    let chunk = chunks.next_header()?;
    if &chunk.kind != b"IHDR" || chunk.len != 13 {
        return Err(CropError::corrupt("PNG does not start with its IHDR chunk"));
    }
    let d = chunks.check(&chunk)?;
    let width = u32::from_be_bytes([d[0], d[1], d[2], d[3]]);
    let height = u32::from_be_bytes([d[4], d[5], d[6], d[7]]);
    let (bit_depth, color_type) = (d[8], d[9]);
    let valid_depth = match color_type {
        0 => matches!(bit_depth, 1 | 2 | 4 | 8 | 16),
        3 => matches!(bit_depth, 1 | 2 | 4 | 8),
        2 | 4 | 6 => matches!(bit_depth, 8 | 16),
        _ => false,
    };
    if !valid_depth {
        return Err(CropError::corrupt(format!("PNG colour type {color_type} with bit depth {bit_depth}")));
    }
    if d[10] != 0 || d[11] != 0 || d[12] > 1 {
        return Err(CropError::corrupt("PNG compression, filter or interlace method is not defined"));
    }
    if width == 0 || height == 0 || width > i32::MAX as u32 || height > i32::MAX as u32 {
        return Err(CropError::corrupt(format!("PNG size {width}x{height}")));
    }
    Ok(PngInfo { width, height, bit_depth, color_type, interlaced: d[12] == 1 })
}

struct ChunkHeader {
    kind: [u8; 4],
    /// Offset of the data.
    at: usize,
    len: usize,
}

/// Walks a file's chunks.
struct Chunks<'a> {
    bytes: &'a [u8],
    next: usize,
}

impl<'a> Chunks<'a> {
    fn new(bytes: &'a [u8]) -> Result<Chunks<'a>> {
        if bytes.len() < SIGNATURE.len() || &bytes[..8] != SIGNATURE {
            return Err(CropError::unsupported("not a PNG file"));
        }
        Ok(Chunks { bytes, next: 8 })
    }

    fn next_header(&mut self) -> Result<ChunkHeader> {
        let h = self
            .bytes
            .get(self.next..self.next + 8)
            .ok_or_else(|| CropError::truncated("PNG data ends before its IEND chunk"))?;
        let len = u32::from_be_bytes([h[0], h[1], h[2], h[3]]);
        if len > i32::MAX as u32 {
            return Err(CropError::corrupt("PNG chunk length over 2^31"));
        }
        let kind = [h[4], h[5], h[6], h[7]];
        if !kind.iter().all(u8::is_ascii_alphabetic) {
            return Err(CropError::corrupt("PNG chunk type is not four letters"));
        }
        let chunk = ChunkHeader { kind, at: self.next + 8, len: len as usize };
        self.next = chunk.at + chunk.len + 4;
        Ok(chunk)
    }

    /// The chunk's data and stored CRC (truncated if the file ends before them).
    fn data(&self, chunk: &ChunkHeader) -> Result<(&'a [u8], u32)> {
        let end = chunk.at + chunk.len;
        let (Some(data), Some(stored)) = (self.bytes.get(chunk.at..end), self.bytes.get(end..end + 4)) else {
            return Err(CropError::truncated(format!(
                "PNG data ends inside its {} chunk",
                name(&chunk.kind)
            )));
        };
        Ok((data, u32::from_be_bytes([stored[0], stored[1], stored[2], stored[3]])))
    }

    /// The chunk's data once its CRC matches.
    fn check(&self, chunk: &ChunkHeader) -> Result<&'a [u8]> {
        let (data, stored) = self.data(chunk)?;
        if crc32(&[&chunk.kind, data]) != stored {
            return Err(CropError::corrupt(format!("PNG {} chunk fails its CRC", name(&chunk.kind))));
        }
        Ok(data)
    }
}

fn name(kind: &[u8; 4]) -> String {
    String::from_utf8_lossy(kind).into_owned()
}
