//! BMP: 1/4/8-bit palette, 16/24/32-bit (with or without bit fields), bottom-up or top-down.
//! Only the rows and columns of the requested region are converted (rows are at fixed offsets).
//! RLE-compressed BMPs are refused as unsupported. Written here instead of linking the image
//! crate's BMP decoder (its generic decoding stack costs about 30 KB of wasm).

use crate::error::{CropError, Result};
use crate::limits::Limits;
use crate::raster::Raster;
use crate::raster::Region;

pub struct BmpHeader {
    pub width: u32,
    pub height: u32,
    top_down: bool,
    bpp: u16,
    data_offset: usize,
    /// Bit masks for 16/32-bit pixels (r, g, b, a); a == 0 means opaque.
    masks: [u32; 4],
    palette: Vec<[u8; 3]>,
}

fn u16_at(d: &[u8], i: usize) -> Result<u16> {
    d.get(i..i + 2)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
        .ok_or_else(|| CropError::truncated("BMP header ends early"))
}
fn u32_at(d: &[u8], i: usize) -> Result<u32> {
    d.get(i..i + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .ok_or_else(|| CropError::truncated("BMP header ends early"))
}

pub fn read_header(d: &[u8]) -> Result<BmpHeader> {
    let data_offset = u32_at(d, 10)? as usize;
    let dib = u32_at(d, 14)? as usize;
    let (width, height, bpp, compression, colors_used, palette_entry) = if dib == 12 {
        (u16_at(d, 18)? as i64, u16_at(d, 20)? as i64, u16_at(d, 24)?, 0, 0, 3)
    } else if dib >= 40 {
        (
            u32_at(d, 18)? as i32 as i64,
            u32_at(d, 22)? as i32 as i64,
            u16_at(d, 28)?,
            u32_at(d, 30)?,
            u32_at(d, 46)?,
            4,
        )
    } else {
        return Err(CropError::corrupt(format!("BMP: unknown header size {dib}")));
    };
    if width <= 0 || height == 0 || height == i32::MIN as i64 {
        return Err(CropError::corrupt("BMP: bad size"));
    }
    let masks = match (compression, bpp) {
        (0, 16) => [0x7C00, 0x03E0, 0x001F, 0],
        (0, 24) | (0, 32) => [0x00FF_0000, 0x0000_FF00, 0x0000_00FF, 0],
        // BI_BITFIELDS / BI_ALPHABITFIELDS: masks follow the 40-byte header (or are inside V2+).
        (3, 16) | (3, 32) | (6, 16) | (6, 32) => {
            let alpha = if dib >= 56 || compression == 6 { u32_at(d, 54 + 12)? } else { 0 };
            [u32_at(d, 54)?, u32_at(d, 58)?, u32_at(d, 62)?, alpha]
        }
        (0, 1) | (0, 4) | (0, 8) => [0; 4],
        (1, _) | (2, _) => return Err(CropError::unsupported("RLE-compressed BMP is not supported")),
        _ => {
            return Err(CropError::unsupported(format!(
                "BMP: {bpp} bits per pixel with compression {compression}"
            )))
        }
    };
    let mut palette = Vec::new();
    if bpp <= 8 {
        let count = if colors_used == 0 || colors_used > 256 { 1usize << bpp } else { colors_used as usize };
        // Saturating: on wasm32 a hostile header size must not wrap around.
        let start = 14usize.saturating_add(dib).saturating_add(if compression == 3 { 12 } else { 0 });
        for k in 0..count {
            let i = start.saturating_add(k * palette_entry);
            let Some(e) = d.get(i..i.saturating_add(3)) else { break };
            palette.push([e[2], e[1], e[0]]);
        }
        if palette.is_empty() {
            return Err(CropError::truncated("BMP palette missing"));
        }
    }
    Ok(BmpHeader {
        width: width as u32,
        height: height.unsigned_abs() as u32,
        top_down: height < 0,
        bpp,
        data_offset,
        masks,
        palette,
    })
}

/// Extracts a channel with `mask` from `v`, scaled to 0..=255.
fn channel(v: u32, mask: u32) -> u8 {
    if mask == 0 {
        return 0;
    }
    let shift = mask.trailing_zeros();
    let max = mask >> shift;
    let x = (v & mask) >> shift;
    ((x as u64 * 255 + max as u64 / 2) / max as u64) as u8
}

pub fn decode(d: &[u8], region: Region, limits: &Limits) -> Result<Raster> {
    let h = read_header(d)?;
    limits.check_sides(h.width, h.height)?;
    let has_alpha = h.masks[3] != 0;
    let channels = if has_alpha { 4u8 } else { 3 };
    let c = channels as usize;
    let (rw, rh) = (region.x1 - region.x0, region.y1 - region.y0);
    let size = limits.check_buffer(rw, rh, channels as u32, "the decoded BMP region")?;
    let mut data = vec![0u8; size];
    let stride = ((h.width as u64 * h.bpp as u64).div_ceil(32) * 4) as usize;
    for y in region.y0..region.y1 {
        let file_row = if h.top_down { y } else { h.height - 1 - y } as usize;
        let start = file_row.checked_mul(stride).and_then(|o| o.checked_add(h.data_offset));
        let row = start
            .and_then(|s| d.get(s..s.checked_add(stride)?))
            .ok_or_else(|| CropError::truncated("BMP pixel data ends early"))?;
        let out = &mut data
            [(y - region.y0) as usize * rw as usize * c..(y - region.y0 + 1) as usize * rw as usize * c];
        for (i, px) in out.chunks_exact_mut(c).enumerate() {
            let x = region.x0 as usize + i;
            let rgba: [u8; 4] = match h.bpp {
                1 | 4 | 8 => {
                    let bits = h.bpp as usize;
                    let bit = x * bits;
                    let byte = row[bit / 8];
                    let index = (byte >> (8 - bits - bit % 8)) & ((1u16 << bits) - 1) as u8;
                    let p = h.palette.get(index as usize).copied().unwrap_or([0, 0, 0]);
                    [p[0], p[1], p[2], 255]
                }
                24 => [row[x * 3 + 2], row[x * 3 + 1], row[x * 3], 255],
                16 | 32 => {
                    let v = if h.bpp == 16 {
                        u16::from_le_bytes([row[x * 2], row[x * 2 + 1]]) as u32
                    } else {
                        u32::from_le_bytes([row[x * 4], row[x * 4 + 1], row[x * 4 + 2], row[x * 4 + 3]])
                    };
                    let m = h.masks;
                    let a = if has_alpha { channel(v, m[3]) } else { 255 };
                    [channel(v, m[0]), channel(v, m[1]), channel(v, m[2]), a]
                }
                _ => return Err(CropError::unsupported("BMP bit depth")),
            };
            px.copy_from_slice(&rgba[..c]);
        }
    }
    Ok(Raster::full_resolution(data, channels, region, h.width, h.height))
}
