//! A small PNG writer: 8-bit RGB or RGBA, Paeth filter on every row, fdeflate's fast zlib.
//! The png crate's encoder also links flate2's compressor for its other levels (about 35 KB of
//! wasm we would never run); this writes the same kind of file with what we use.

use crate::error::{CropError, ErrorCode, Result};

/// CRC-32 (IEEE) table, built at compile time.
const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut n = 0;
    while n < 256 {
        let mut c = n as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            k += 1;
        }
        table[n] = c;
        n += 1;
    }
    table
};

fn crc32(parts: &[&[u8]]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for part in parts {
        for &b in *part {
            c = CRC_TABLE[((c ^ b as u32) & 0xFF) as usize] ^ (c >> 8);
        }
    }
    !c
}

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
    let bpp = if opaque { 3 } else { 4 };
    let row_len = w as usize * bpp;
    if w == 0 || h == 0 || rgba.len() != w as usize * h as usize * 4 {
        return Err(encode_error("pixel buffer does not match the size"));
    }
    let mut out = Vec::with_capacity(rgba.len() / 3 + 64);
    out.extend_from_slice(b"\x89PNG\r\n\x1a\n");
    let mut ihdr = [0u8; 13];
    ihdr[0..4].copy_from_slice(&w.to_be_bytes());
    ihdr[4..8].copy_from_slice(&h.to_be_bytes());
    ihdr[8] = 8; // bit depth
    ihdr[9] = if opaque { 2 } else { 6 };
    chunk(&mut out, b"IHDR", &ihdr)?;

    let io = |e: std::io::Error| encode_error(&e.to_string());
    let mut z = fdeflate::Compressor::new(Vec::with_capacity(rgba.len() / 3)).map_err(io)?;
    let mut prev = vec![0u8; row_len];
    let mut cur = vec![0u8; row_len];
    let mut filtered = vec![0u8; row_len + 1];
    filtered[0] = 4; // Paeth
    for src in rgba.chunks_exact(w as usize * 4) {
        if opaque {
            // Byte by byte: a 3-byte copy_from_slice is a memcpy call per pixel at opt-level z.
            let mut k = 0;
            for s in src.chunks_exact(4) {
                cur[k] = s[0];
                cur[k + 1] = s[1];
                cur[k + 2] = s[2];
                k += 3;
            }
        } else {
            cur.copy_from_slice(src);
        }
        paeth(&cur, &prev, bpp, &mut filtered[1..]);
        z.write_data(&filtered).map_err(io)?;
        std::mem::swap(&mut prev, &mut cur);
    }
    let idat = z.finish().map_err(io)?;
    chunk(&mut out, b"IDAT", &idat)?;
    chunk(&mut out, b"IEND", &[])?;
    Ok(out)
}

/// PNG filter type 4 of one row (`prev` is all zeros for the first row).
fn paeth(cur: &[u8], prev: &[u8], bpp: usize, out: &mut [u8]) {
    for i in 0..bpp.min(cur.len()) {
        // a = c = 0: the predictor is b.
        out[i] = cur[i].wrapping_sub(prev[i]);
    }
    for i in bpp..cur.len() {
        let (a, b, c) = (cur[i - bpp] as i16, prev[i] as i16, prev[i - bpp] as i16);
        let pa = (b - c).abs();
        let pb = (a - c).abs();
        let pc = (a + b - 2 * c).abs();
        let pred = if pa <= pb && pa <= pc {
            a
        } else if pb <= pc {
            b
        } else {
            c
        };
        out[i] = cur[i].wrapping_sub(pred as u8);
    }
}
