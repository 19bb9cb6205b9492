//! PNG row filters (RFC 2083 6): undoing them when decoding; the Paeth predictor is shared
//! with our writer (src/export/png_writer.rs), which uses filter 4 on every row.

use crate::error::{CropError, Result};

/// The Paeth predictor of `a` (left), `b` (up), `c` (up-left). Branch-free: the choice is made
/// with selects, which an interpreter runs without mispredicted jumps.
#[inline(always)]
pub fn paeth_predictor(a: u8, b: u8, c: u8) -> u8 {
    let (a, b, c) = (a as i32, b as i32, c as i32);
    // |p - a|, |p - b|, |p - c| for p = a + b - c.
    let (da, db) = (b - c, a - c);
    let (pa, pb, pc) = (da.abs(), db.abs(), (da + db).abs());
    let bc = if pb <= pc { b } else { c };
    (if pa <= pb && pa <= pc { a } else { bc }) as u8
}

/// Unfilters one row: `filtered` is the filter type byte and the row's bytes, `prev` the
/// previous unfiltered row (zeros above the first), `bpp` bytes per complete pixel (at least
/// 1). Writes `out` (as long as `prev`). Out of line: called per row, V8 optimises it after
/// the first few rows.
#[inline(never)]
pub fn unfilter(filtered: &[u8], prev: &[u8], bpp: usize, out: &mut [u8]) -> Result<()> {
    let n = out.len();
    let (kind, raw) = filtered.split_first().ok_or_else(|| CropError::corrupt("PNG row without filter byte"))?;
    let (raw, prev) = (&raw[..n], &prev[..n]);
    let lead = bpp.min(n);
    match kind {
        0 => out.copy_from_slice(raw),
        1 => {
            out[..lead].copy_from_slice(&raw[..lead]);
            for i in lead..n {
                out[i] = raw[i].wrapping_add(out[i - bpp]);
            }
        }
        2 => {
            for i in 0..n {
                out[i] = raw[i].wrapping_add(prev[i]);
            }
        }
        3 => {
            for i in 0..lead {
                out[i] = raw[i].wrapping_add(prev[i] >> 1);
            }
            for i in lead..n {
                out[i] = raw[i].wrapping_add(((out[i - bpp] as u16 + prev[i] as u16) >> 1) as u8);
            }
        }
        4 => {
            for i in 0..lead {
                // a = c = 0: the predictor is b.
                out[i] = raw[i].wrapping_add(prev[i]);
            }
            for i in lead..n {
                out[i] = raw[i].wrapping_add(paeth_predictor(out[i - bpp], prev[i], prev[i - bpp]));
            }
        }
        other => return Err(CropError::corrupt(format!("PNG row filter type {other} does not exist"))),
    }
    Ok(())
}
