//! PNG row filters (RFC 2083 6): undoing them when decoding, and filter 4 (Paeth) for our
//! writer (writer.rs beside it), which uses it on rows with an edge along them.

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
    let (kind, raw) =
        filtered.split_first().ok_or_else(|| CropError::corrupt("PNG row without filter byte"))?;
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
        4 => match bpp {
            1 => unpaeth::<1>(raw, prev, out),
            2 => unpaeth::<2>(raw, prev, out),
            3 => unpaeth::<3>(raw, prev, out),
            4 => unpaeth::<4>(raw, prev, out),
            6 => unpaeth::<6>(raw, prev, out),
            _ => unpaeth::<8>(raw, prev, out),
        },
        other => return Err(CropError::corrupt(format!("PNG row filter type {other} does not exist"))),
    }
    Ok(())
}

/// Filter 4 undone pixel by pixel (`N` bytes), the left and upper-left pixels carried along:
/// two loads a byte and no index checks, which is what an interpreter pays for. Left of the
/// first pixel is zero, where the predictor is the upper byte, as the filter defines.
#[inline(always)]
fn unpaeth<const N: usize>(raw: &[u8], prev: &[u8], out: &mut [u8]) {
    let (mut left, mut upper_left) = ([0u8; N], [0u8; N]);
    for ((o, r), up) in out.chunks_exact_mut(N).zip(raw.chunks_exact(N)).zip(prev.chunks_exact(N)) {
        for k in 0..N {
            left[k] = r[k].wrapping_add(paeth_predictor(left[k], up[k], upper_left[k]));
            o[k] = left[k];
            upper_left[k] = up[k];
        }
    }
}

/// Filter 4 applied to one row (`prev` is all zeros for the first row) of 3- or 4-byte
/// pixels, for the writer. Out of line: called per row, V8 optimises it after the first few.
#[inline(never)]
pub fn paeth_filter(cur: &[u8], prev: &[u8], bpp: usize, out: &mut [u8]) {
    if bpp == 3 {
        paeth_pixels::<3>(cur, prev, out);
    } else {
        paeth_pixels::<4>(cur, prev, out);
    }
}

/// `unpaeth`'s inverse, with the same carried neighbours.
#[inline(always)]
fn paeth_pixels<const N: usize>(cur: &[u8], prev: &[u8], out: &mut [u8]) {
    let (mut left, mut upper_left) = ([0u8; N], [0u8; N]);
    for ((o, x), up) in out.chunks_exact_mut(N).zip(cur.chunks_exact(N)).zip(prev.chunks_exact(N)) {
        for k in 0..N {
            o[k] = x[k].wrapping_sub(paeth_predictor(left[k], up[k], upper_left[k]));
            left[k] = x[k];
            upper_left[k] = up[k];
        }
    }
}
