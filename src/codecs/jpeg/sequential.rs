//! Sequential (baseline) JPEG in one interleaved scan, streamed: blocks of the region are
//! inverse-transformed as they are decoded, blocks outside it are only parsed (the bitstream
//! has no other way to reach the blocks after them), and decoding stops after the region's last
//! MCU row. With restart markers, whole intervals outside the region are skipped unparsed.

use crate::codecs::jpeg::huffman::{BitReader, HuffmanTable, FAST_EOB, LOOKUP_BITS};
use crate::codecs::jpeg::markers::{Frame, Scan, Tables, ZIGZAG, ZIGZAG_AFTER};
use crate::codecs::jpeg::output::{McuRect, Output};
use crate::codecs::jpeg::skip::{SKIP_BITS, SKIP_EOB, SKIP_SIZE};
use crate::codecs::jpeg::small::decode_block_2x2;
use crate::error::{CropError, Result};

/// One block's coefficients, dequantized, in natural order (slot 64 takes corrupt overruns).
pub struct Block {
    pub coefs: [i32; 64],
    spare: i32,
}

impl Block {
    pub fn new() -> Block {
        Block { coefs: [0; 64], spare: 0 }
    }

    #[inline(always)]
    fn set(&mut self, z: usize, v: i32) {
        if z < 64 {
            self.coefs[z] = v;
        } else {
            self.spare = v;
        }
    }

    /// Zeroes the coefficients a block decode wrote (zigzag 0..=last).
    #[inline(always)]
    pub fn clear(&mut self, last: usize) {
        for &z in &ZIGZAG[..=last.min(63)] {
            self.coefs[z as usize] = 0;
        }
    }
}

/// Decodes one block: the DC difference, then the AC coefficients, dequantized and stored up
/// to zigzag index `keep` (`None`: nothing stored, the block is only parsed; `Some(0)`: DC
/// only), parsed only after it. Returns the zigzag index of the last coefficient stored (0 when
/// only DC), for the IDCT's flat-block shortcuts.
///
/// It works on a local copy of the bit reader (written back at the end), so the whole state
/// stays in wasm locals whether or not the caller's copy does.
#[inline(always)]
pub fn decode_block(
    reader: &mut BitReader,
    dc: &HuffmanTable,
    ac: &HuffmanTable,
    quant: &[i32; 64],
    pred: &mut i32,
    block: &mut Block,
    keep: Option<usize>,
) -> Result<usize> {
    decode_block_at(reader, dc, ac, quant, pred, block, keep, &Positions::ALL)
}

/// Where decoded coefficients are stored: `after[k]` for the fast path (the natural position of
/// zigzag `k - 1`), `at[k]` for the slow one (of zigzag `k`); 64 is the block's spare slot.
pub struct Positions {
    pub after: [u8; 256],
    pub at: [u8; 128],
}

impl Positions {
    /// Every coefficient where it belongs.
    pub const ALL: Positions = Positions { after: ZIGZAG_AFTER, at: ZIGZAG };

    /// Only the coefficients an n×n IDCT reads (u, v < n); the others go to the spare slot, so a
    /// block has nonzero values only there (what `Output::put_block_and_clear` clears).
    pub fn for_idct(n: usize) -> Positions {
        let keep =
            |z: u8| if (z as usize) < 64 && (z as usize) % 8 < n && (z as usize) / 8 < n { z } else { 64 };
        Positions { after: ZIGZAG_AFTER.map(keep), at: ZIGZAG.map(keep) }
    }
}

/// `decode_block` storing at `positions`.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub fn decode_block_at(
    reader: &mut BitReader,
    dc: &HuffmanTable,
    ac: &HuffmanTable,
    quant: &[i32; 64],
    pred: &mut i32,
    block: &mut Block,
    keep: Option<usize>,
    positions: &Positions,
) -> Result<usize> {
    let (after, at) = (&positions.after, &positions.at);
    let mut r = *reader;
    *pred = pred.wrapping_add(dc_difference(&mut r, dc)?);
    let mut k = 1usize;
    let mut last = 0usize;
    if let Some(keep) = keep {
        block.coefs[0] = pred.wrapping_mul(quant[0]);
        let fast = &*ac.fast_ac;
        // Coefficients the IDCT reads: dequantize and store, two codes per refill check (as
        // below).
        while k <= keep {
            if r.count() < 32 {
                r.refill();
            }
            let e = fast[r.peek(LOOKUP_BITS) as usize];
            if e != 0 {
                r.consume((e & 31) as u32);
                k += ((e >> 8) & 255) as usize;
                // after[k] is the position the coefficient had before the advance; an
                // end-of-block stores its zero in the spare slot.
                block.set(after[k & 255] as usize, (e >> 16).wrapping_mul(quant[(k - 1) & 63]));
                if k > keep {
                    break;
                }
                let e = fast[r.peek(LOOKUP_BITS) as usize];
                if e != 0 {
                    r.consume((e & 31) as u32);
                    k += ((e >> 8) & 255) as usize;
                    block.set(after[k & 255] as usize, (e >> 16).wrapping_mul(quant[(k - 1) & 63]));
                    continue;
                }
                r.refill();
            }
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
            block.set(at[k & 127] as usize, v.wrapping_mul(quant[k & 63]));
            k += 1;
        }
        // The last stored coefficient is the one before `k`, or before the end-of-block.
        last = if k >= FAST_EOB as usize { k - FAST_EOB as usize - 1 } else { k - 1 }.min(63);
    }
    skip_coefficients(&mut r, ac, k)?;
    *reader = r;
    Ok(last)
}

/// The DC difference of the next block (refills first).
#[inline(always)]
pub fn dc_difference(r: &mut BitReader, dc: &HuffmanTable) -> Result<i32> {
    r.refill();
    let e = dc.fast_ac[r.peek(LOOKUP_BITS) as usize];
    if e != 0 {
        r.consume((e & 31) as u32);
        return Ok(e >> 16);
    }
    let s = r.decode(dc)? as u32;
    if s > 16 {
        return Err(CropError::corrupt("JPEG: bad DC difference"));
    }
    Ok(r.receive_extend(s))
}

/// Parses the rest of a block from zigzag index `k` (anything at or past 64: nothing).
#[inline(always)]
pub fn skip_coefficients(r: &mut BitReader, ac: &HuffmanTable, mut k: usize) -> Result<()> {
    // Coefficients nothing reads (past `keep`): parse only, a run of codes per lookup (see
    // `skip`) while the run stays inside the block, otherwise two codes per refill check (after
    // one, at least 21 bits remain: enough for another short one; a long one refills itself).
    let fast = &*ac.fast_ac;
    let skip = &*ac.skip;
    while k < 64 {
        if r.count() < 32 {
            r.refill();
        }
        match take_skip_run(r, skip, &mut k) {
            SkipRun::EndOfBlock => break,
            SkipRun::Taken => {
                // At least 20 bits are left: a second run needs no refill check. If it cannot
                // be taken, the loop comes back to it (refilled) and goes on code by code.
                if let SkipRun::EndOfBlock = take_skip_run(r, skip, &mut k) {
                    break;
                }
                continue;
            }
            SkipRun::PastBlock => {}
        }
        let e = fast[r.peek(LOOKUP_BITS) as usize];
        if e != 0 {
            r.consume((e & 31) as u32);
            k += ((e >> 8) & 255) as usize;
            if k >= 64 {
                break;
            }
            let e = fast[r.peek(LOOKUP_BITS) as usize];
            if e != 0 {
                r.consume((e & 31) as u32);
                k += ((e >> 8) & 255) as usize;
                continue;
            }
            r.refill();
        }
        let rs = r.decode(ac)? as u32;
        let (run, size) = (rs >> 4, rs & 15);
        if size == 0 {
            if run != 15 {
                break;
            }
            k += 16;
            continue;
        }
        // The refills above left at least 32 bits: the code took at most 16.
        r.consume(size);
        k += run as usize + 1;
    }
    Ok(())
}

/// What one lookup in the skip table did.
enum SkipRun {
    /// A run of complete codes was parsed; the block goes on.
    Taken,
    /// The run ended with the block's end-of-block code.
    EndOfBlock,
    /// The run would pass the block's last coefficient: nothing was consumed.
    PastBlock,
}

/// Parses the run of codes the skip table gives for the next bits, if it stays inside the block
/// (`k`: the zigzag index, advanced past the run). Needs at least 13 bits held.
#[inline(always)]
fn take_skip_run(r: &mut BitReader, skip: &[u32; SKIP_SIZE], k: &mut usize) -> SkipRun {
    let run = skip[r.peek(SKIP_BITS) as usize];
    let next = *k + (run >> 8) as usize;
    if next > 64 {
        return SkipRun::PastBlock;
    }
    r.consume(run & 31);
    *k = next;
    if run & SKIP_EOB != 0 {
        SkipRun::EndOfBlock
    } else {
        SkipRun::Taken
    }
}

/// The last zigzag index whose coefficient an n×n scaled IDCT reads (u, v < n).
pub fn last_needed(n: usize) -> usize {
    (0..64)
        .filter(|&k| {
            let z = ZIGZAG[k] as usize;
            z % 8 < n && z / 8 < n
        })
        .max()
        .unwrap_or(0)
}

/// A scan component's tables, resolved once per scan.
pub struct ScanTables<'t> {
    pub index: usize,
    pub dc: &'t HuffmanTable,
    pub ac: &'t HuffmanTable,
    /// Quantization in zigzag order (the order coefficients arrive in).
    pub quant: [i32; 64],
}

pub fn scan_tables<'t>(
    frame: &Frame,
    scan: &Scan,
    tables: &'t Tables,
    need_ac: bool,
) -> Result<Vec<ScanTables<'t>>> {
    let missing = || CropError::corrupt("JPEG: scan uses a table that is not defined");
    scan.components
        .iter()
        .map(|sc| {
            let comp = &frame.components[sc.index];
            let q = tables.quant[comp.quant].ok_or_else(missing)?;
            let dc = tables.dc[sc.dc_table].as_ref();
            let ac = tables.ac[sc.ac_table].as_ref();
            // Progressive AC scans need no DC table and DC scans no AC table.
            let (dc, ac) = match (dc, ac, need_ac) {
                (Some(dc), Some(ac), _) => (dc, ac),
                (Some(dc), None, false) => (dc, dc),
                (None, Some(ac), true) if scan.ss > 0 => (ac, ac),
                _ => return Err(missing()),
            };
            Ok(ScanTables { index: sc.index, dc, ac, quant: q.map(|v| v as i32) })
        })
        .collect()
}

/// One MCU's blocks, in scan order. Out of line: V8 optimises a function on a later call, so a
/// per-MCU function runs optimised code within the first export (the loop over the image in
/// one call would stay unoptimised to its end); an interpreter pays one call per MCU.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn decode_mcu(
    r: &mut BitReader,
    comps: &[ScanTables],
    keeps: &[usize],
    positions: &[Positions],
    preds: &mut [i32; 4],
    block: &mut Block,
    at: Option<(u32, u32)>,
    out: &mut Output,
) -> Result<()> {
    // The reader in locals for the whole MCU (written back once).
    let mut local = *r;
    for (ci, c) in comps.iter().enumerate() {
        let (h, v) = out.blocks_per_mcu(c.index);
        for by in 0..v {
            for bx in 0..h {
                let pred = &mut preds[ci];
                let Some((mx, my)) = at else {
                    decode_block(&mut local, c.dc, c.ac, &c.quant, pred, block, None)?;
                    continue;
                };
                if keeps[ci] == 4 {
                    let q = decode_block_2x2(&mut local, c.dc, c.ac, &c.quant, pred)?;
                    out.put_2x2(c.index, mx * h + bx, my * v + by, q);
                    continue;
                }
                let last = decode_block_at(
                    &mut local,
                    c.dc,
                    c.ac,
                    &c.quant,
                    pred,
                    block,
                    Some(keeps[ci]),
                    &positions[ci],
                )?;
                out.put_block_and_clear(c.index, mx * h + bx, my * v + by, &mut block.coefs, last);
            }
        }
    }
    *r = local;
    Ok(())
}

/// Whether any MCU of `[start, start + count)` (in raster order) lies in `rect`.
fn interval_needed(start: u32, count: u32, mcus_x: u32, rect: &McuRect) -> bool {
    let end = start + count; // exclusive
    let (first_row, last_row) = (start / mcus_x, (end - 1) / mcus_x);
    for row in first_row.max(rect.y0)..=last_row.min(rect.y1.saturating_sub(1)) {
        let lo = if row == first_row { start % mcus_x } else { 0 };
        let hi = if row == last_row { (end - 1) % mcus_x + 1 } else { mcus_x };
        if lo < rect.x1 && hi > rect.x0 {
            return true;
        }
    }
    false
}

/// Decodes the scan whose entropy-coded data starts at `pos` into `out`; returns the position
/// where decoding stopped (the caller skips the rest of the scan).
/// `spans[row - rect.y0]` is the MCU column range of that row to transform (within `rect`;
/// narrower than it where the crop is rotated: its footprint is not a rectangle).
#[allow(clippy::too_many_arguments)]
pub fn decode_scan(
    data: &[u8],
    pos: usize,
    frame: &Frame,
    scan: &Scan,
    tables: &Tables,
    rect: McuRect,
    spans: &[(u32, u32)],
    out: &mut Output,
) -> Result<usize> {
    let comps = scan_tables(frame, scan, tables, true)?;
    // Per component, the last coefficient its IDCT reads.
    let keeps: Vec<usize> = comps.iter().map(|c| last_needed(out.idct_size(c.index))).collect();
    let positions: Vec<Positions> =
        comps.iter().map(|c| Positions::for_idct(out.idct_size(c.index))).collect();
    let mut r = BitReader::new(data, pos);
    let mut preds = [0i32; 4];
    let mut block = Block::new();
    let interval = tables.restart_interval;
    let mut mcu = 0u32;
    let total = frame.mcus_x * frame.mcus_y;
    let stop = rect.y1 * frame.mcus_x;
    let mut skipping = false;
    while mcu < stop {
        if interval > 0 && mcu % interval == 0 {
            if mcu > 0 {
                if skipping {
                    r.reset();
                    skipping = false;
                }
                r = r.restarted()?;
                preds = [0; 4];
            }
            // A whole interval outside the region: jump to its restart marker unparsed.
            if mcu + interval < total && !interval_needed(mcu, interval, frame.mcus_x, &rect) {
                skipping = true;
                r = r.skipped_to_marker();
                mcu += interval;
                continue;
            }
        }
        let (mx, my) = (mcu % frame.mcus_x, mcu / frame.mcus_x);
        let inside = my >= rect.y0 && {
            let (x0, x1) = spans.get((my - rect.y0) as usize).copied().unwrap_or((rect.x0, rect.x1));
            mx >= x0 && mx < x1
        };
        // Where this MCU's blocks go in the region's planes (None: parsed only).
        let at = inside.then(|| (mx - rect.x0, my - rect.y0));
        decode_mcu(&mut r, &comps, &keeps, &positions, &mut preds, &mut block, at, out)?;
        mcu += 1;
        if mcu % frame.mcus_x == 0 && r.overrun() {
            return Err(r.overrun_error());
        }
    }
    if !skipping && r.overrun() {
        return Err(r.overrun_error());
    }
    Ok(if skipping { r.reset() } else { r.pos })
}
