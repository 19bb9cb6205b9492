//! A small PNG writer: 8-bit RGB or RGBA, the Up or the Paeth filter per row, fdeflate's fast
//! zlib. The png crate's encoder also links flate2's compressor for its other levels (about
//! 35 KB of wasm we would never run); this writes the same kind of file with what we use.
//!
//! Filter choice, output size against time: Paeth costs several times Up's work per byte (an
//! interpreter pays it all) and packs a photo somewhat smaller, but where Up fails is rows with
//! an edge along them (a drawing's horizontal edges, a photo's thin lines): there Paeth's
//! residuals are a fraction of Up's. So every row gets Up, and the rows whose Up residuals jump
//! above those of the rows before get Paeth. README ("Performance") has the sizes and times.

use super::{crc32, paeth_filter};
use crate::error::{CropError, ErrorCode, Result};

const UP: u8 = 2;
const PAETH: u8 = 4;
/// Every how many bytes a row's residual is sampled.
const SAMPLE_EVERY: usize = 8;

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

/// Filter 2 (Up): each byte minus the one above it. Eight bytes a step in a 64-bit word (the
/// bytes' high bits set aside so no borrow crosses into the next byte): an interpreter pays per
/// operation, and a word costs about what one byte does.
#[inline(never)]
fn up_filter(cur: &[u8], prev: &[u8], out: &mut [u8]) {
    const H: u64 = 0x8080_8080_8080_8080;
    let mut o8 = out.chunks_exact_mut(8);
    let (mut c8, mut p8) = (cur.chunks_exact(8), prev.chunks_exact(8));
    for ((o, c), p) in (&mut o8).zip(&mut c8).zip(&mut p8) {
        let a = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        let b = u64::from_le_bytes([p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]]);
        let d = ((a | H).wrapping_sub(b & !H)) ^ ((a ^ !b) & H);
        o.copy_from_slice(&d.to_le_bytes());
    }
    for ((o, &c), &p) in o8.into_remainder().iter_mut().zip(c8.remainder()).zip(p8.remainder()) {
        *o = c.wrapping_sub(p);
    }
}

/// Sum of every `SAMPLE_EVERY`th residual of a filtered row, as signed bytes.
#[inline(never)]
fn sampled_residual(filtered: &[u8]) -> u32 {
    filtered.iter().step_by(SAMPLE_EVERY).map(|&v| (v as i8).unsigned_abs() as u32).sum()
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
    // Room for a photo's compressed rows (about 40% of the raw bytes) and the chunks around
    // them, so the vector rarely grows (a copy of what it holds).
    let mut out = Vec::with_capacity((raw / 2 + 1024).min(1 << 26) as usize);
    out.extend_from_slice(b"\x89PNG\r\n\x1a\n");
    let mut ihdr = [0u8; 13];
    ihdr[0..4].copy_from_slice(&w.to_be_bytes());
    ihdr[4..8].copy_from_slice(&h.to_be_bytes());
    ihdr[8] = 8; // bit depth
    ihdr[9] = if opaque { 2 } else { 6 };
    chunk(&mut out, b"IHDR", &ihdr)?;

    let io = |e: std::io::Error| encode_error(&e.to_string());
    // The zlib stream goes straight after the IDAT chunk's length and type (the length is
    // written once known): no copy of the compressed image.
    let idat_start = out.len();
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(b"IDAT");
    let mut z = fdeflate::Compressor::new(out).map_err(io)?;
    let mut prev = vec![0u8; row_len];
    let mut cur = vec![0u8; row_len];
    let spike_floor = (row_len / SAMPLE_EVERY) as u32;
    let mut paeth = vec![0u8; row_len + 1];
    let mut up = vec![0u8; row_len + 1];
    paeth[0] = PAETH;
    up[0] = UP;
    // Up on every row, except rows where Up's residuals jump above the recent rows' (an edge
    // along the row, which Up cannot predict): those get Paeth.
    let mut recent = 0u32;
    for y in 0..h as usize {
        fill_row(y, &mut cur);
        up_filter(&cur, &prev, &mut up[1..]);
        let r = sampled_residual(&up[1..]);
        let row = if r > 2 * recent + spike_floor {
            paeth_filter(&cur, &prev, bpp, &mut paeth[1..]);
            &paeth
        } else {
            &up
        };
        recent = (3 * recent + r) / 4;
        z.write_data(row).map_err(io)?;
        std::mem::swap(&mut prev, &mut cur);
    }
    let mut out = z.finish().map_err(io)?;
    let len = out.len() - idat_start - 8;
    let len = u32::try_from(len).map_err(|_| encode_error("PNG chunk larger than 4 GiB"))?;
    out[idat_start..idat_start + 4].copy_from_slice(&len.to_be_bytes());
    let crc = crc32(&[&out[idat_start + 4..]]);
    out.extend_from_slice(&crc.to_be_bytes());
    chunk(&mut out, b"IEND", &[])?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> (png::ColorType, Vec<u8>) {
        let mut reader = png::Decoder::new(std::io::Cursor::new(bytes)).read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        buf.truncate(info.buffer_size());
        (info.color_type, buf)
    }

    /// The word-wise Up filter is the bytewise one, at every length (the tail too).
    #[test]
    fn up_filter_is_bytewise_subtraction() {
        let mut seed = 11u32;
        for n in [0usize, 1, 7, 8, 9, 23, 64, 100] {
            let mut bytes = || {
                (0..n)
                    .map(|_| {
                        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                        (seed >> 16) as u8
                    })
                    .collect::<Vec<u8>>()
            };
            let (cur, prev) = (bytes(), bytes());
            let mut out = vec![0u8; n];
            up_filter(&cur, &prev, &mut out);
            let want: Vec<u8> = cur.iter().zip(&prev).map(|(&c, &p)| c.wrapping_sub(p)).collect();
            assert_eq!(out, want, "length {n}");
        }
    }

    /// Flat rows (Up), rows with an edge along them (Paeth), noise: every row decodes back.
    #[test]
    fn rows_filtered_either_way_decode_to_the_pixels() {
        let (w, h) = (97u32, 61u32);
        let mut seed = 1u32;
        let mut rgba = Vec::new();
        for y in 0..h {
            for x in 0..w {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let noise = if y > 40 { (seed >> 24) as u8 } else { 0 };
                let v = if (y / 10) % 2 == 0 { 40 } else { 200 } ^ noise;
                let a = if x % 7 == 0 { 128 } else { 255 };
                rgba.extend_from_slice(&[v, v.wrapping_add(x as u8), 255 - v, a]);
            }
        }
        let (color, px) = decode(&write_png(&rgba, w, h, false).unwrap());
        assert_eq!((color, &px), (png::ColorType::Rgba, &rgba));
        let opaque: Vec<u8> = rgba.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2], 255]).collect();
        let (color, px) = decode(&write_png(&opaque, w, h, true).unwrap());
        let rgb: Vec<u8> = opaque.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
        assert_eq!((color, &px), (png::ColorType::Rgb, &rgb));
    }
}
