//! Skipping AC coefficients several codes at a time.
//!
//! Most of a region decode's coefficients are parsed and dropped: every block of the rows it
//! needs lies outside the crop or has frequencies the scaled IDCT does not read. For those only
//! the bit count and the zigzag advance of each code matter, and a typical photo's codes with
//! their magnitude bits are three to five bits long. One lookup of `SKIP_BITS` bits therefore
//! gives the whole run of complete codes they hold: the bits to drop, how far the zigzag index
//! moves, and whether an end-of-block closed it. An interpreter pays per lookup, not per bit.

use crate::codecs::jpeg::boxed;
use crate::codecs::jpeg::huffman::{FAST_EOB, LOOKUP_BITS};

/// Bits per skip lookup: more bits hold longer runs, but the table is built for every AC table
/// a file defines, so its size is paid per table.
pub const SKIP_BITS: u32 = 13;
pub const SKIP_SIZE: usize = 1 << SKIP_BITS;
/// Set in an entry whose last code is an end-of-block.
pub const SKIP_EOB: u32 = 1 << 7;
/// An entry with no complete code (the next code, with its magnitude bits, is longer than the
/// fast table covers): its advance takes any block past its end, so the caller decodes one code
/// the long way.
const NONE: u32 = 255 << 8;

/// Entries `advance << 8 | eob << 7 | bits`: `bits` to consume, the zigzag `advance` of the codes
/// (at most 64), `eob` when an end-of-block ends the run. The end-of-block counts one step: the
/// caller takes a run only if the block's index stays within 64 after it, so an end-of-block is
/// only taken while the block has a coefficient left (after a coefficient at 63 the next code is
/// the next block's DC, whatever the AC table makes of it). Built from an AC table's `fast_ac`
/// (one code per lookup, with its magnitude bits, when they fit in `LOOKUP_BITS`).
pub fn build(fast_ac: &[i32]) -> Box<[u32; SKIP_SIZE]> {
    let mut table = boxed(NONE);
    for (i, entry) in table.iter_mut().enumerate() {
        let (mut used, mut advance, mut eob) = (0u32, 0u32, false);
        while used < SKIP_BITS {
            // The next LOOKUP_BITS bits after the `used` ones (zeros past the index's end: a code
            // is only taken if it ends within the index).
            let rest = ((i as u32) << used) & (SKIP_SIZE as u32 - 1);
            let index = if SKIP_BITS >= LOOKUP_BITS {
                rest >> (SKIP_BITS - LOOKUP_BITS)
            } else {
                rest << (LOOKUP_BITS - SKIP_BITS)
            };
            let e = fast_ac.get(index as usize).copied().unwrap_or(0);
            let (len, step) = ((e & 31) as u32, ((e >> 8) & 255) as u32);
            if e == 0 || len == 0 || used + len > SKIP_BITS {
                break;
            }
            eob = step == FAST_EOB as u32;
            let step = if eob { 1 } else { step };
            if advance + step > 64 {
                eob = false;
                break;
            }
            used += len;
            advance += step;
            if eob {
                break;
            }
        }
        if used > 0 {
            *entry = (advance << 8) | if eob { SKIP_EOB } else { 0 } | used;
        }
    }
    table
}

/// A table that sends every lookup the long way (for DC tables).
pub fn empty() -> Box<[u32; SKIP_SIZE]> {
    boxed(NONE)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A made-up AC fast table: code `1` (1 bit) = one coefficient of magnitude 1 bit (2 bits in
    /// all), code `01` = end-of-block, `00xx...`: not in the fast table.
    fn fast() -> Vec<i32> {
        let mut t = vec![0i32; 1 << LOOKUP_BITS];
        for (i, e) in t.iter_mut().enumerate() {
            let top = i >> (LOOKUP_BITS - 2);
            *e = match top {
                2 | 3 => (1 << 16) | (1 << 8) | 2,
                1 => (FAST_EOB << 8) | 2,
                _ => 0,
            };
        }
        t
    }

    #[test]
    fn runs_of_codes_up_to_an_end_of_block_or_an_unknown_code() {
        let t = build(&fast());
        let at = |bits: &str| {
            let v = u32::from_str_radix(&format!("{bits:0<13}"), 2).unwrap();
            t[v as usize]
        };
        // Six 2-bit codes fit in 13 bits (12 used).
        assert_eq!(at("1010101010101"), (6 << 8) | 12);
        // Two codes, then an end-of-block (one more step: only taken with a coefficient left).
        assert_eq!(at("111001"), (3 << 8) | SKIP_EOB | 6);
        // A code, then one the fast table does not have: only the first.
        assert_eq!(at("1000"), (1 << 8) | 2);
        // Nothing known: the long way.
        assert_eq!(at("0000"), NONE);
        // An end-of-block alone.
        assert_eq!(at("01"), (1 << 8) | SKIP_EOB | 2);
    }
}
