//! Progressive JPEG (and sequential JPEG whose components come in separate scans): every scan
//! refines coefficients, so they are buffered until the end of the image, then transformed.
//!
//! Only the region's blocks keep coefficients, and only those its scaled IDCT reads (the first
//! `keep` in zigzag order: one, the DC, for a 1/8 decode). Refinement scans also need to know,
//! for every block they parse (those before the region's last row), which coefficients are
//! already nonzero (that decides how the bits are read), so those blocks keep a 64-bit mask:
//! a 200 MP photo decoded at 1/8 holds 10 bytes a block, not 128. Scans stop parsing after the
//! region's last block row and skip the rest of their data.

use crate::codecs::jpeg::huffman::{BitReader, HuffmanTable};
use crate::codecs::jpeg::markers::{Frame, Scan, Tables, ZIGZAG};
use crate::codecs::jpeg::output::{McuRect, Output};
use crate::codecs::jpeg::sequential::{decode_block, last_needed, scan_tables, Block};
use crate::error::{CropError, Result};
use crate::limits::Limits;

/// What refinement needs to know of a block's coefficients (indexed in zigzag order).
trait Coefficients {
    fn nonzero(&self, k: usize) -> bool;
    fn set(&mut self, k: usize, v: i32);
    /// Adds a correction bit to a nonzero coefficient (away from zero).
    fn refine(&mut self, k: usize, p1: i32);
    fn set_dc_bit(&mut self, p1: i32);
}

/// A block outside the region: which coefficients are nonzero, nothing else.
struct Mask<'a>(&'a mut u64);

impl Coefficients for Mask<'_> {
    #[inline(always)]
    fn nonzero(&self, k: usize) -> bool {
        (*self.0 >> k) & 1 != 0
    }
    #[inline(always)]
    fn set(&mut self, k: usize, v: i32) {
        if v != 0 {
            *self.0 |= 1 << k;
        }
    }
    fn refine(&mut self, _k: usize, _p1: i32) {}
    fn set_dc_bit(&mut self, _p1: i32) {}
}

/// A block of the region: its mask, and the values of the coefficients the IDCT reads.
struct Kept<'a> {
    mask: &'a mut u64,
    values: &'a mut [i16],
}

impl Coefficients for Kept<'_> {
    #[inline(always)]
    fn nonzero(&self, k: usize) -> bool {
        (*self.mask >> k) & 1 != 0
    }
    #[inline(always)]
    fn set(&mut self, k: usize, v: i32) {
        if v != 0 {
            *self.mask |= 1 << k;
        }
        if let Some(c) = self.values.get_mut(k) {
            *c = v as i16;
        }
    }
    #[inline(always)]
    fn refine(&mut self, k: usize, p1: i32) {
        if let Some(c) = self.values.get_mut(k) {
            let v = *c as i32;
            if v & p1 == 0 {
                *c = if v >= 0 { v + p1 } else { v - p1 } as i16;
            }
        }
    }
    fn set_dc_bit(&mut self, p1: i32) {
        if let Some(c) = self.values.first_mut() {
            *c |= p1 as i16;
        }
    }
}

/// Per component: the region's coefficients and the masks of the blocks up to its last row.
struct Store {
    /// Region in the component's blocks: `[bx0, bx1) × [by0, by1)`.
    bx0: u32,
    by0: u32,
    bx1: u32,
    by1: u32,
    /// Coefficients kept per region block (zigzag 0..keep).
    keep: usize,
    values: Vec<i16>,
    /// Row-major over `mask_w` columns and `by1` rows (progressive only); bit k: zigzag
    /// coefficient k is nonzero.
    masks: Vec<u64>,
    mask_w: u32,
}

impl Store {
    /// Index of block (x, y) among the region's blocks, if it is one.
    #[inline(always)]
    fn region_index(&self, x: u32, y: u32) -> Option<usize> {
        (x >= self.bx0 && x < self.bx1 && y >= self.by0 && y < self.by1)
            .then(|| (y - self.by0) as usize * (self.bx1 - self.bx0) as usize + (x - self.bx0) as usize)
    }
}

pub struct Buffered {
    stores: Vec<Store>,
    scratch_mask: u64,
    eob_run: u32,
}

impl Buffered {
    /// Bytes the buffers of a decode of `rect` take, per component `keeps[c]` coefficients a
    /// region block.
    fn bytes(frame: &Frame, rect: McuRect, keeps: &[usize]) -> u64 {
        frame
            .components
            .iter()
            .zip(keeps)
            .map(|(c, &keep)| {
                let blocks = ((rect.x1 - rect.x0) * c.h) as u64 * ((rect.y1 - rect.y0) * c.v) as u64;
                let masks =
                    if frame.progressive { (frame.mcus_x * c.h) as u64 * (rect.y1 * c.v) as u64 } else { 0 };
                blocks * keep as u64 * 2 + masks * 8
            })
            .sum()
    }

    /// The buffers for the blocks `out` (the region's planes) needs, checked against `limits`.
    pub fn new(frame: &Frame, rect: McuRect, out: &Output, limits: &Limits) -> Result<Buffered> {
        let keeps: Vec<usize> =
            (0..frame.components.len()).map(|c| last_needed(out.idct_size(c)) + 1).collect();
        limits.check_alloc(Self::bytes(frame, rect, &keeps), "the JPEG coefficients")?;
        let stores = frame
            .components
            .iter()
            .zip(keeps)
            .map(|(c, keep)| {
                let (bx0, bx1) = (rect.x0 * c.h, rect.x1 * c.h);
                let (by0, by1) = (rect.y0 * c.v, rect.y1 * c.v);
                let mask_w = frame.mcus_x * c.h;
                let blocks = (bx1 - bx0) as usize * (by1 - by0) as usize;
                let masks = if frame.progressive { mask_w as usize * by1 as usize } else { 0 };
                Store {
                    bx0,
                    by0,
                    bx1,
                    by1,
                    keep,
                    values: vec![0i16; blocks * keep],
                    masks: vec![0u64; masks],
                    mask_w,
                }
            })
            .collect();
        Ok(Buffered { stores, scratch_mask: 0, eob_run: 0 })
    }

    /// Decodes one scan whose data starts at `pos`; returns where decoding stopped.
    pub fn decode_scan(
        &mut self,
        data: &[u8],
        pos: usize,
        frame: &Frame,
        scan: &Scan,
        tables: &Tables,
    ) -> Result<usize> {
        let comps = scan_tables(frame, scan, tables, !frame.progressive || scan.ss > 0)?;
        let mut r = BitReader::new(data, pos);
        let mut preds = [0i32; 4];
        self.eob_run = 0;
        let interval = tables.restart_interval;
        let single = comps.len() == 1;
        // Blocks of a single-component scan are its own grid's, one block per "MCU".
        let (units_x, units_y) = if single {
            let c = &frame.components[comps[0].index];
            (c.blocks_w, c.blocks_h)
        } else {
            (frame.mcus_x, frame.mcus_y)
        };
        // Rows past the region's last one need no parsing.
        let rows_needed =
            if single { self.stores[comps[0].index].by1 } else { self.stores[0].by1 / frame.components[0].v };
        let stop = units_x * rows_needed.min(units_y);
        let mut block = Block::new();
        let mut unit = 0u32;
        while unit < stop {
            if interval > 0 && unit % interval == 0 && unit > 0 {
                r = r.restarted()?;
                preds = [0; 4];
                self.eob_run = 0;
            }
            let (ux, uy) = (unit % units_x, unit / units_x);
            for (ci, c) in comps.iter().enumerate() {
                let comp = &frame.components[c.index];
                let (h, v) = if single { (1, 1) } else { (comp.h, comp.v) };
                for by in 0..v {
                    for bx in 0..h {
                        let (x, y) = (ux * h + bx, uy * v + by);
                        if frame.progressive {
                            self.progressive_block(&mut r, c.index, x, y, scan, c.dc, c.ac, &mut preds[ci])?;
                            continue;
                        }
                        // Sequential, one component per scan: dequantized at the end.
                        let s = &mut self.stores[c.index];
                        match s.region_index(x, y) {
                            Some(i) => {
                                let keep = s.keep;
                                let last = decode_block(
                                    &mut r,
                                    c.dc,
                                    c.ac,
                                    &[1; 64],
                                    &mut preds[ci],
                                    &mut block,
                                    Some(keep - 1),
                                )?;
                                let dst = &mut s.values[i * keep..(i + 1) * keep];
                                for (d, &z) in dst.iter_mut().zip(&ZIGZAG[..keep]) {
                                    *d = block.coefs[z as usize] as i16;
                                }
                                block.clear(last);
                            }
                            None => {
                                decode_block(&mut r, c.dc, c.ac, &[1; 64], &mut preds[ci], &mut block, None)?;
                            }
                        }
                    }
                }
            }
            unit += 1;
            if unit % units_x == 0 && r.overrun() {
                return Err(r.overrun_error());
            }
        }
        if r.overrun() {
            return Err(r.overrun_error());
        }
        Ok(r.pos)
    }

    #[allow(clippy::too_many_arguments)]
    fn progressive_block(
        &mut self,
        r: &mut BitReader,
        c: usize,
        x: u32,
        y: u32,
        scan: &Scan,
        dc: &HuffmanTable,
        ac: &HuffmanTable,
        pred: &mut i32,
    ) -> Result<()> {
        let eob_run = &mut self.eob_run;
        let s = &mut self.stores[c];
        let mask_index = y as usize * s.mask_w as usize + x as usize;
        if let Some(i) = s.region_index(x, y) {
            let keep = s.keep;
            let mut blk = Kept {
                mask: s.masks.get_mut(mask_index).unwrap_or(&mut self.scratch_mask),
                values: &mut s.values[i * keep..(i + 1) * keep],
            };
            return scan_block(r, scan, dc, ac, pred, eob_run, &mut blk);
        }
        // Outside the region: DC scans are parsed for the predictor, AC scans for the masks.
        let mask = match s.masks.get_mut(mask_index) {
            Some(m) if scan.ss > 0 => m,
            _ => &mut self.scratch_mask,
        };
        scan_block(r, scan, dc, ac, pred, eob_run, &mut Mask(mask))
    }

    /// Dequantizes and transforms the region's blocks into `out`.
    pub fn finish(self, frame: &Frame, tables: &Tables, out: &mut Output) -> Result<()> {
        let mut block = Block::new();
        for (c, s) in self.stores.iter().enumerate() {
            let q = tables.quant[frame.components[c].quant]
                .ok_or_else(|| CropError::corrupt("JPEG: quantization table missing"))?;
            let w = (s.bx1 - s.bx0) as usize;
            for (i, values) in s.values.chunks_exact(s.keep).enumerate() {
                let mut last = 0;
                for (k, (&v, &z)) in values.iter().zip(&ZIGZAG[..s.keep]).enumerate() {
                    if v != 0 {
                        block.coefs[z as usize] = (v as i32).wrapping_mul(q[k] as i32);
                        last = k;
                    }
                }
                out.put_block(c, (i % w) as u32, (i / w) as u32, &block.coefs, last);
                block.clear(last);
            }
        }
        Ok(())
    }
}

/// One block of a progressive scan (G.1.2): DC first / refine, AC first / refine.
#[inline(always)]
fn scan_block<C: Coefficients>(
    r: &mut BitReader,
    scan: &Scan,
    dc: &HuffmanTable,
    ac: &HuffmanTable,
    pred: &mut i32,
    eob_run: &mut u32,
    blk: &mut C,
) -> Result<()> {
    let (ss, se, al) = (scan.ss as usize, scan.se as usize, scan.al);
    if ss == 0 {
        if scan.ah == 0 {
            r.refill();
            let s = r.decode(dc)? as u32;
            if s > 16 {
                return Err(CropError::corrupt("JPEG: bad DC difference"));
            }
            *pred = pred.wrapping_add(r.receive_extend(s));
            blk.set(0, pred.wrapping_shl(al));
        } else if r.bit() {
            blk.set_dc_bit(1 << al);
        }
        return Ok(());
    }
    if scan.ah == 0 {
        ac_first(r, ac, ss, se, al, eob_run, blk)
    } else {
        ac_refine(r, ac, ss, se, al, eob_run, blk)
    }
}

fn ac_first<C: Coefficients>(
    r: &mut BitReader,
    ac: &HuffmanTable,
    ss: usize,
    se: usize,
    al: u32,
    eob_run: &mut u32,
    blk: &mut C,
) -> Result<()> {
    if *eob_run > 0 {
        *eob_run -= 1;
        return Ok(());
    }
    let mut k = ss;
    while k <= se {
        r.refill();
        let rs = r.decode(ac)? as u32;
        let (run, size) = (rs >> 4, rs & 15);
        if size == 0 {
            if run < 15 {
                *eob_run = (1 << run) - 1 + r.bits(run);
                break;
            }
            k += 16;
            continue;
        }
        k += run as usize;
        if k > 63 {
            return Err(CropError::corrupt("JPEG: coefficient index out of range"));
        }
        let v = r.receive_extend(size);
        blk.set(k, v.wrapping_shl(al));
        k += 1;
    }
    Ok(())
}

fn ac_refine<C: Coefficients>(
    r: &mut BitReader,
    ac: &HuffmanTable,
    ss: usize,
    se: usize,
    al: u32,
    eob_run: &mut u32,
    blk: &mut C,
) -> Result<()> {
    let p1 = 1i32 << al;
    let mut k = ss;
    if *eob_run == 0 {
        while k <= se {
            r.refill();
            let rs = r.decode(ac)? as u32;
            let (mut run, size) = (rs >> 4, rs & 15);
            let mut value = 0;
            if size != 0 {
                if size != 1 {
                    return Err(CropError::corrupt("JPEG: bad refinement coefficient"));
                }
                value = if r.bit() { p1 } else { -p1 };
            } else if run != 15 {
                *eob_run = (1 << run) + r.bits(run);
                break;
            }
            // Skip `run` zero coefficients (refining the nonzero ones on the way), then place
            // the new one; ZRL (run 15, no value) skips 16 zeros.
            while k <= se {
                if blk.nonzero(k) {
                    if r.bit() {
                        blk.refine(k, p1);
                    }
                } else if run == 0 {
                    if value != 0 {
                        blk.set(k, value);
                    }
                    k += 1;
                    break;
                } else {
                    run -= 1;
                }
                k += 1;
            }
        }
    }
    if *eob_run > 0 {
        // Inside an end-of-band run: only corrections to coefficients already nonzero.
        while k <= se {
            if blk.nonzero(k) && r.bit() {
                blk.refine(k, p1);
            }
            k += 1;
        }
        *eob_run -= 1;
    }
    Ok(())
}
