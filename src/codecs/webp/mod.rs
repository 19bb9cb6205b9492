//! WebP (lossy, lossless, alpha; the first frame of an animation) through the image-webp
//! crate's decoder, used directly (the image crate around it only adds wasm). Behind the cargo
//! feature `webp`, off in the shipped build: it decodes the whole image (no region decoding)
//! and costs more wasm than the size budget leaves (see README).

use std::io::Cursor;

use image_webp::{DecodingError, WebPDecoder};

use crate::error::{CropError, Result};
use crate::limits::Limits;

pub fn read_size(bytes: &[u8]) -> Result<(u32, u32)> {
    Ok(WebPDecoder::new(Cursor::new(bytes)).map_err(webp_error)?.dimensions())
}

/// The pixels `x0..x1 × y0..y1`: (data, channels).
pub fn decode(
    bytes: &[u8],
    (x0, y0, x1, y1): (u32, u32, u32, u32),
    limits: &Limits,
) -> Result<(Vec<u8>, u8)> {
    // The RIFF header gives the file's length: a shorter file is cut (the decoder itself may
    // not need the last bytes and would not say).
    let riff_len = bytes.get(4..8).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize);
    if riff_len.is_none_or(|n| bytes.len() < n.saturating_add(8)) {
        return Err(CropError::truncated("WebP data ends before the length its RIFF header gives"));
    }
    let mut decoder = WebPDecoder::new(Cursor::new(bytes)).map_err(webp_error)?;
    let (w, h) = decoder.dimensions();
    limits.check_whole(w, h, "the WebP image (decoded whole)")?;
    let channels: u8 = if decoder.has_alpha() { 4 } else { 3 };
    if x0 >= x1 || y0 >= y1 || x1 > w || y1 > h {
        return Err(CropError::invalid("WebP region outside the image"));
    }
    // The decoder holds a frame of its own besides (RGBA for a lossless image without alpha,
    // YUV planes for a lossy one).
    let size = limits.check_buffer(w, h, channels as u32, "the decoded WebP")?;
    limits.beside(size as u64, "the decoded WebP")?.check_buffer(w, h, 4, "the WebP decoder's frame")?;
    let mut full = vec![0u8; size];
    decoder.read_image(&mut full).map_err(webp_error)?;
    let (c, stride) = (channels as usize, w as usize * channels as usize);
    let mut data = Vec::with_capacity((x1 - x0) as usize * (y1 - y0) as usize * c);
    for y in y0 as usize..y1 as usize {
        data.extend_from_slice(&full[y * stride + x0 as usize * c..y * stride + x1 as usize * c]);
    }
    Ok((data, channels))
}

fn webp_error(e: DecodingError) -> CropError {
    match e {
        DecodingError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            CropError::truncated("WebP data ends early")
        }
        DecodingError::ImageTooLarge | DecodingError::MemoryLimitExceeded => {
            CropError::too_large("WebP exceeds the decoder's limits")
        }
        DecodingError::UnsupportedFeature(f) => CropError::unsupported(format!("WebP: {f}")),
        other => CropError::corrupt(format!("WebP: {other}")),
    }
}
