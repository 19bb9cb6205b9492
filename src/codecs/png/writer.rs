//! A small PNG writer: 8-bit RGB or RGBA, Paeth filter on every row, fdeflate's fast zlib.
//! The png crate's encoder also links flate2's compressor for its other levels (about 35 KB of
//! wasm we would never run); this writes the same kind of file with what we use.

use super::{crc32, paeth_filter};
use crate::error::{CropError, ErrorCode, Result};

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) -> Result<()> {
    let len = u32::try_from(data.len()).map_err(|_| encode_error("PNG chunk larger than 4 GiB"))?;
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    out.extend_from_slice(&crc32(&[kind, data]).to_be_bytes());
    Ok(())
}

fn encode_error(msg: &str) -> CropError {
    CropError::new(ErrorCode::EncodeFailed, format!("PNG encoder: {msg}"))
}

/// PNG of straight RGBA `w × h`; stored as RGB (colour type 2) when `opaque`, dropping alpha.
pub fn write_png(rgba: &[u8], w: u32, h: u32, opaque: bool) -> Result<Vec<u8>> {
    if w == 0 || h == 0 || rgba.len() != w as usize * h as usize * 4 {
        return Err(encode_error("pixel buffer does not match the size"));
    }
    let n = w as usize;
    write_png_rows(w, h, opaque, |y, row| {
        let src = &rgba[y * n * 4..(y + 1) * n * 4];
        if opaque {
            rgba_to_rgb_row(src, row);
        } else {
            row.copy_from_slice(src);
        }
    })
}

#[inline(never)]
fn rgba_to_rgb_row(src: &[u8], row: &mut [u8]) {
    // Byte by byte: a 3-byte copy_from_slice is a memcpy call per pixel.
    for (d, s) in row.chunks_exact_mut(3).zip(src.chunks_exact(4)) {
        d[0] = s[0];
        d[1] = s[1];
        d[2] = s[2];
    }
}

/// PNG of `w × h` RGB (`opaque`) or RGBA pixels that `fill_row(y, row)` writes row by row
/// (3 or 4 bytes a pixel): callers convert straight into the filter's input, no image-sized
/// intermediate.
pub fn write_png_rows(
    w: u32,
    h: u32,
    opaque: bool,
    mut fill_row: impl FnMut(usize, &mut [u8]),
) -> Result<Vec<u8>> {
    let bpp = if opaque { 3 } else { 4 };
    let row_len = w as usize * bpp;
    if w == 0 || h == 0 {
        return Err(encode_error("empty image"));
    }
    let raw = row_len as u64 * h as u64;
    let mut out = Vec::with_capacity((raw / 3 + 64).min(1 << 26) as usize);
    out.extend_from_slice(b"\x89PNG\r\n\x1a\n");
    let mut ihdr = [0u8; 13];
    ihdr[0..4].copy_from_slice(&w.to_be_bytes());
    ihdr[4..8].copy_from_slice(&h.to_be_bytes());
    ihdr[8] = 8; // bit depth
    ihdr[9] = if opaque { 2 } else { 6 };
    chunk(&mut out, b"IHDR", &ihdr)?;

    let io = |e: std::io::Error| encode_error(&e.to_string());
    let mut z = fdeflate::Compressor::new(Vec::with_capacity((raw / 3).min(1 << 26) as usize)).map_err(io)?;
    let mut prev = vec![0u8; row_len];
    let mut cur = vec![0u8; row_len];
    let mut filtered = vec![0u8; row_len + 1];
    filtered[0] = 4; // Paeth
    for y in 0..h as usize {
        fill_row(y, &mut cur);
        paeth_filter(&cur, &prev, bpp, &mut filtered[1..]);
        z.write_data(&filtered).map_err(io)?;
        std::mem::swap(&mut prev, &mut cur);
    }
    let idat = z.finish().map_err(io)?;
    chunk(&mut out, b"IDAT", &idat)?;
    chunk(&mut out, b"IEND", &[])?;
    Ok(out)
}
