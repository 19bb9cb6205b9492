//! Phone-camera-sized JPEGs (108 MP, 200 MP) written by hand in a fraction of a second: every
//! block is flat (a DC value and an end-of-block), its level a gentle gradient of its position,
//! so the file is a few MB and any pixel's expected value is known. Baseline 4:2:0 or
//! progressive 4:2:0 with successive approximation (DC and AC first scans at Al = 1, then
//! refinement scans), which is what makes a decoder keep per-block state for the whole image.
//! No dependencies: the wasm tests use it too.
#![allow(dead_code)]

/// DC level (the block's mean minus 128) of block (`bx`, `by`) of component `c` on a grid of
/// `bw × bh` blocks.
pub fn level(c: usize, bx: u32, by: u32, bw: u32, bh: u32) -> i32 {
    let (fx, fy) = (bx as f64 / bw as f64, by as f64 / bh as f64);
    (match c {
        0 => -90.0 + 130.0 * fx + 50.0 * fy,
        1 => -50.0 + 100.0 * fy,
        _ => 40.0 - 80.0 * fx,
    })
    .round() as i32
}

/// The image's colour at full-resolution pixel (`x`, `y`) of a `w × h` file, as RGB (JFIF).
pub fn expected_rgb(x: f64, y: f64, w: u32, h: u32) -> [f64; 3] {
    let (bw, bh) = (w.div_ceil(16) * 2, h.div_ceil(16) * 2);
    let (cw, ch) = (w.div_ceil(16), h.div_ceil(16));
    let luma = 128.0 + level_f(0, x / 8.0, y / 8.0, bw, bh);
    let cb = level_f(1, x / 16.0, y / 16.0, cw, ch);
    let cr = level_f(2, x / 16.0, y / 16.0, cw, ch);
    [luma + 1.402 * cr, luma - 0.344136 * cb - 0.714136 * cr, luma + 1.772 * cb]
}

/// `level` continuous (block coordinates may be fractional: the centre of block i is i + 0.5).
fn level_f(c: usize, bx: f64, by: f64, bw: u32, bh: u32) -> f64 {
    let (fx, fy) = ((bx - 0.5) / bw as f64, (by - 0.5) / bh as f64);
    match c {
        0 => -90.0 + 130.0 * fx + 50.0 * fy,
        1 => -50.0 + 100.0 * fy,
        _ => 40.0 - 80.0 * fx,
    }
}

struct Bits {
    out: Vec<u8>,
    acc: u32,
    n: u32,
}

impl Bits {
    fn new(out: Vec<u8>) -> Bits {
        Bits { out, acc: 0, n: 0 }
    }

    fn put(&mut self, code: u32, len: u32) {
        for i in (0..len).rev() {
            self.acc = (self.acc << 1) | ((code >> i) & 1);
            self.n += 1;
            if self.n == 8 {
                self.byte();
            }
        }
    }

    fn byte(&mut self) {
        let b = self.acc as u8;
        self.out.push(b);
        if b == 0xFF {
            self.out.push(0);
        }
        self.acc = 0;
        self.n = 0;
    }

    /// Pads the last byte with ones.
    fn finish(mut self) -> Vec<u8> {
        while self.n != 0 {
            self.put(1, 1);
        }
        self.out
    }
}

fn segment(out: &mut Vec<u8>, marker: u8, payload: &[u8]) {
    out.extend_from_slice(&[0xFF, marker]);
    out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(payload);
}

/// DC table: categories 0..=11, twelve 4-bit codes (0000..1011).
const DC_LEN: u32 = 4;
/// AC table: end-of-band runs EOB0..EOB14, fifteen 4-bit codes; EOBn has code n.
const AC_LEN: u32 = 4;

fn dc_category(v: i32) -> u32 {
    32 - v.unsigned_abs().leading_zeros()
}

/// A DC difference: its category's code and its magnitude bits.
fn put_dc(bits: &mut Bits, diff: i32) {
    let s = dc_category(diff);
    bits.put(s, DC_LEN);
    if s > 0 {
        let v = if diff < 0 { diff - 1 } else { diff } as u32 & ((1 << s) - 1);
        bits.put(v, s);
    }
}

/// An end-of-band run of `run` (1..=32767) blocks.
fn put_eob_run(bits: &mut Bits, run: u32) {
    let n = 31 - run.leading_zeros();
    bits.put(n, AC_LEN);
    bits.put(run - (1 << n), n);
}

/// A `w × h` 4:2:0 JPEG of flat blocks; progressive with successive approximation when asked.
pub fn flat_blocks_jpeg(w: u32, h: u32, progressive: bool) -> Vec<u8> {
    assert!(w > 0 && h > 0 && w <= 65535 && h <= 65535);
    let mut out = vec![0xFF, 0xD8];
    segment(&mut out, 0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    // DC quantized by 8 (a coefficient of v is a mean of 128 + v), AC by 1 (all zero anyway).
    let mut dqt = vec![0u8; 65];
    dqt[1] = 8;
    dqt[2..].fill(1);
    segment(&mut out, 0xDB, &dqt);
    let (mcus_x, mcus_y) = (w.div_ceil(16), h.div_ceil(16));
    let mut sof = vec![8];
    sof.extend_from_slice(&(h as u16).to_be_bytes());
    sof.extend_from_slice(&(w as u16).to_be_bytes());
    sof.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 0, 3, 0x11, 0]);
    segment(&mut out, if progressive { 0xC2 } else { 0xC0 }, &sof);
    let mut dht = vec![0x00];
    let mut counts = [0u8; 16];
    counts[DC_LEN as usize - 1] = 12;
    dht.extend_from_slice(&counts);
    dht.extend(0..12u8);
    dht.push(0x10);
    let mut counts = [0u8; 16];
    counts[AC_LEN as usize - 1] = 15;
    dht.extend_from_slice(&counts);
    dht.extend((0..15u8).map(|n| n << 4));
    segment(&mut out, 0xC4, &dht);
    // Each component's blocks on the MCU grid (what interleaved scans walk) and its own grid
    // (what single-component scans walk).
    let grids = [(mcus_x * 2, mcus_y * 2), (mcus_x, mcus_y), (mcus_x, mcus_y)];
    let own =
        [(w.div_ceil(8), h.div_ceil(8)), (w.div_ceil(16), h.div_ceil(16)), (w.div_ceil(16), h.div_ceil(16))];
    let dc_scan = |out: Vec<u8>, al: u32, refine: bool| -> Vec<u8> {
        let mut out = out;
        let mut sos = vec![3, 1, 0x00, 2, 0x00, 3, 0x00, 0, if progressive { 0 } else { 63 }];
        sos.push(if refine { 1 << 4 } else { al as u8 });
        segment(&mut out, 0xDA, &sos);
        let mut bits = Bits::new(out);
        let mut preds = [0i32; 3];
        for my in 0..mcus_y {
            for mx in 0..mcus_x {
                for (c, pred) in preds.iter_mut().enumerate() {
                    let n = if c == 0 { 2 } else { 1 };
                    for by in 0..n {
                        for bx in 0..n {
                            let (gw, gh) = grids[c];
                            let v = level(c, mx * n + bx, my * n + by, gw, gh);
                            if refine {
                                bits.put((v & 1) as u32, 1);
                            } else {
                                put_dc(&mut bits, (v >> al) - *pred);
                                *pred = v >> al;
                                if !progressive {
                                    bits.put(0, AC_LEN); // EOB0: the block's AC are all zero
                                }
                            }
                        }
                    }
                }
            }
        }
        bits.finish()
    };
    if !progressive {
        out = dc_scan(out, 0, false);
    } else {
        out = dc_scan(out, 1, false);
        // AC first scans (Al = 1), then the DC refinement, then AC refinements (Al = 0): all
        // end-of-band runs over the component's own block grid.
        for (ah, al) in [(0u8, 1u8), (1, 0)] {
            if ah == 1 {
                out = dc_scan(out, 0, true);
            }
            for (c, &(blocks_w, blocks_h)) in own.iter().enumerate() {
                segment(&mut out, 0xDA, &[1, c as u8 + 1, 0x00, 1, 63, (ah << 4) | al]);
                let mut bits = Bits::new(out);
                let mut left = blocks_w * blocks_h;
                while left > 0 {
                    let run = left.min(32767);
                    put_eob_run(&mut bits, run);
                    left -= run;
                }
                out = bits.finish();
            }
        }
    }
    out.extend_from_slice(&[0xFF, 0xD9]);
    out
}
