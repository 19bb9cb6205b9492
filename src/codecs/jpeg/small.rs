//! Blocks decoded to 2×2 samples (a component reduced to 1/4: the default export's luma and
//! chroma). Such a block's IDCT reads four coefficients, so its transform is the least of
//! its cost: the coefficients stay in locals from the bitstream to the four samples, with no
//! block buffer to store, read back and clear, and no call per block.

use crate::codecs::jpeg::huffman::{BitReader, HuffmanTable, FAST_EOB, LOOKUP_BITS};
use crate::codecs::jpeg::sequential::{dc_difference, skip_coefficients};
use crate::error::Result;

/// Decodes one block, keeping the coefficients at zigzag 0, 1, 2 and 4 (natural (0,0), (0,1),
/// (1,0), (1,1)) dequantized, `[c00, c01 (u = 1), c10 (v = 1), c11]`; the rest is parsed.
/// Exactly `sequential::decode_block` with `Some(4)`, but for what it stores.
#[inline(always)]
pub fn decode_block_2x2(
    reader: &mut BitReader,
    dc: &HuffmanTable,
    ac: &HuffmanTable,
    quant: &[i32; 64],
    pred: &mut i32,
) -> Result<[i32; 4]> {
    let mut r = *reader;
    *pred = pred.wrapping_add(dc_difference(&mut r, dc)?);
    let (mut c01, mut c10, mut c11) = (0i32, 0i32, 0i32);
    let mut k = 1usize;
    let fast = &*ac.fast_ac;
    while k <= 4 {
        if r.count() < 32 {
            r.refill();
        }
        let e = fast[r.peek(LOOKUP_BITS) as usize];
        let (at, v) = if e != 0 {
            r.consume((e & 31) as u32);
            k += ((e >> 8) & 255) as usize;
            // An end-of-block moved `k` past 64: its position matches nothing below.
            (k - 1, e >> 16)
        } else {
            let rs = r.decode(ac)? as u32;
            let (run, size) = (rs >> 4, rs & 15);
            if size == 0 {
                if run != 15 {
                    k += FAST_EOB as usize;
                    break;
                }
                k += 16;
                continue;
            }
            k += run as usize;
            let v = r.receive_extend(size);
            k += 1;
            (k - 1, v)
        };
        match at {
            1 => c01 = v,
            2 => c10 = v,
            4 => c11 = v,
            _ => {}
        }
    }
    skip_coefficients(&mut r, ac, k)?;
    *reader = r;
    Ok([
        pred.wrapping_mul(quant[0]),
        c01.wrapping_mul(quant[1]),
        c10.wrapping_mul(quant[2]),
        c11.wrapping_mul(quant[4]),
    ])
}
