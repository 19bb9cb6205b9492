//! Encoders: JPEG (`jpeg_writer`: baseline 4:2:0 like libjpeg/sharp's default, from YCbCr
//! planes) and PNG (`png_writer`: fdeflate's fast mode, the Up filter and Paeth on rows with an
//! edge along them; the output is compressed once on a phone, maybe without a JIT, so speed
//! beats the last few percent of size). `max_bytes` searches the JPEG quality.

use crate::codecs::jpeg::writer::write_jpeg;
use crate::error::{CropError, ErrorCode, Result};

/// 4:2:0 YCbCr planes (already composited over the fill colour) of a `w × h` image.
pub struct YccPlanes<'a> {
    pub y: &'a [u8],
    pub cb: &'a [u8],
    pub cr: &'a [u8],
    pub width: u32,
    pub height: u32,
}

pub fn encode_jpeg(p: &YccPlanes, quality: u8) -> Result<Vec<u8>> {
    write_jpeg(p.y, p.cb, p.cr, p.width, p.height, quality)
}

/// The highest quality in `1..=max_quality` whose JPEG fits in `max_bytes` (binary search:
/// file size grows with quality), or `encode_failed` when not even quality 1 fits.
pub fn encode_jpeg_max_bytes(p: &YccPlanes, max_quality: u8, max_bytes: usize) -> Result<Vec<u8>> {
    let best = encode_jpeg(p, max_quality)?;
    if best.len() <= max_bytes {
        return Ok(best);
    }
    let (mut lo, mut hi) = (1u8, max_quality.max(1) - 1);
    let mut found: Option<Vec<u8>> = None;
    while lo <= hi && hi >= 1 {
        let mid = lo + (hi - lo) / 2;
        let out = encode_jpeg(p, mid)?;
        if out.len() <= max_bytes {
            found = Some(out);
            lo = mid + 1;
        } else {
            if mid == 1 {
                break;
            }
            hi = mid - 1;
        }
    }
    found.ok_or_else(|| {
        CropError::new(ErrorCode::EncodeFailed, format!("no JPEG quality fits in maxBytes = {max_bytes}"))
    })
}

/// PNG from straight RGBA; written as RGB when every pixel is opaque (a quarter less to filter
/// and compress).
pub fn encode_png(rgba: &[u8], w: u32, h: u32) -> Result<Vec<u8>> {
    let opaque = rgba.chunks_exact(4).all(|p| p[3] == 255);
    crate::codecs::png::writer::write_png(rgba, w, h, opaque)
}
