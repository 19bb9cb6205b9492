//! Encoders: JPEG (jpeg-encoder, 4:2:0 like libjpeg/sharp's default) and PNG (`png_writer`:
//! fdeflate's fast mode and the Paeth filter; the output is compressed once on a phone, maybe
//! without a JIT, so speed beats the last few percent of size). `max_bytes` searches the JPEG
//! quality.

use crate::error::{CropError, ErrorCode, Result};

/// JPEG from straight RGBA whose alpha is already 255 (composited over the fill colour).
pub fn encode_jpeg(rgba: &[u8], w: u32, h: u32, quality: u8) -> Result<Vec<u8>> {
    let (w16, h16) = match (u16::try_from(w), u16::try_from(h)) {
        (Ok(a), Ok(b)) => (a, b),
        _ => return Err(CropError::invalid("JPEG output is limited to 65535 px per side")),
    };
    let mut out = Vec::with_capacity(rgba.len() / 8);
    let mut enc = jpeg_encoder::Encoder::new(&mut out, quality.clamp(1, 100));
    enc.set_sampling_factor(jpeg_encoder::SamplingFactor::F_2_2);
    enc.encode(rgba, w16, h16, jpeg_encoder::ColorType::Rgba)
        .map_err(|e| CropError::new(ErrorCode::EncodeFailed, format!("JPEG encoder: {e}")))?;
    Ok(out)
}

/// The highest quality in `1..=max_quality` whose JPEG fits in `max_bytes` (binary search:
/// file size grows with quality), or `encode_failed` when not even quality 1 fits.
pub fn encode_jpeg_max_bytes(rgba: &[u8], w: u32, h: u32, max_quality: u8, max_bytes: usize) -> Result<Vec<u8>> {
    let best = encode_jpeg(rgba, w, h, max_quality)?;
    if best.len() <= max_bytes {
        return Ok(best);
    }
    let (mut lo, mut hi) = (1u8, max_quality.max(1) - 1);
    let mut found: Option<Vec<u8>> = None;
    while lo <= hi && hi >= 1 {
        let mid = lo + (hi - lo) / 2;
        let out = encode_jpeg(rgba, w, h, mid)?;
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
    crate::export::png_writer::write_png(rgba, w, h, opaque)
}
