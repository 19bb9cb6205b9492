//! Inverse DCTs: the full 8×8 and the DCT-scaled N×N (N = 4, 2, 1) that decode a block straight
//! to 1/2, 1/4 or 1/8 of its size (libjpeg's and libvips' "shrink on load").
//!
//! The N-point transform keeps the block's N×N lowest frequencies with the 8-point
//! normalisation, so a flat block stays flat at the same level:
//! `f(x, y) = 1/8 · Σ_u Σ_v c_u c_v F(u, v) cos((2x+1)uπ/2N) cos((2y+1)vπ/2N)`, `c_0 = 1`,
//! `c_u = √2`. The 8×8 is the Loeffler–Ligtenberg–Moschytz factorisation in 13-bit fixed point
//! (the accuracy of libjpeg's "islow").
//!
//! Input: dequantized coefficients in natural (row-major) order, `coefs[v * 8 + u]`. Output: N×N
//! samples, level-shifted and clamped, written in place into a plane (`out` starts at the
//! block's top-left sample, rows `stride` apart). Arithmetic wraps: a hostile file gives
//! garbage pixels, never an overflow panic.

pub use std::num::Wrapping as W;

const CONST_BITS: u32 = 13;
const PASS1_BITS: u32 = 2;

const fn fix(x: f64) -> W<i32> {
    W((x * (1 << CONST_BITS) as f64 + 0.5) as i32)
}

const F_0_298: W<i32> = fix(0.298631336);
const F_0_390: W<i32> = fix(0.390180644);
const F_0_541: W<i32> = fix(0.541196100);
const F_0_765: W<i32> = fix(0.765366865);
const F_0_899: W<i32> = fix(0.899976223);
const F_1_175: W<i32> = fix(1.175875602);
const F_1_306: W<i32> = fix(1.306562965);
const F_1_501: W<i32> = fix(1.501321110);
const F_1_847: W<i32> = fix(1.847759065);
const F_1_961: W<i32> = fix(1.961570560);
const F_2_053: W<i32> = fix(2.053119869);
const F_2_562: W<i32> = fix(2.562915447);
const F_3_072: W<i32> = fix(3.072711026);

/// Clamps a level-shifted-back sample: index `(v & 1023)` for `v` in -512..512 gives
/// `clamp(v + 128, 0, 255)`; wrapped garbage maps somewhere in the table, never outside.
pub struct RangeLimit(pub [u8; 1024]);

impl RangeLimit {
    pub fn new() -> RangeLimit {
        let mut t = [0u8; 1024];
        for (i, e) in t.iter_mut().enumerate() {
            let v = if i < 512 { i as i32 } else { i as i32 - 1024 };
            *e = (v + 128).clamp(0, 255) as u8;
        }
        RangeLimit(t)
    }

    #[inline(always)]
    pub fn get(&self, v: i32) -> u8 {
        self.0[(v & 1023) as usize]
    }
}

/// One 1-D 8-point IDCT (even part + odd part), outputs unscaled by `CONST_BITS`. Callers use
/// the result with constant indices only, so it lives in locals, not memory: loops over it
/// would not be unrolled at opt-level "z" and would force it onto the stack.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn idct8_1d(i0: W<i32>, i1: W<i32>, i2: W<i32>, i3: W<i32>, i4: W<i32>, i5: W<i32>, i6: W<i32>, i7: W<i32>) -> [W<i32>; 8] {
    // Even part.
    let z1 = (i2 + i6) * F_0_541;
    let t2 = z1 - i6 * F_1_847;
    let t3 = z1 + i2 * F_0_765;
    let t0 = (i0 + i4) << CONST_BITS as usize;
    let t1 = (i0 - i4) << CONST_BITS as usize;
    let (e10, e13, e11, e12) = (t0 + t3, t0 - t3, t1 + t2, t1 - t2);
    // Odd part.
    let (z1, z2, z3, z4) = (i7 + i1, i5 + i3, i7 + i3, i5 + i1);
    let z5 = (z3 + z4) * F_1_175;
    let z1 = z1 * -F_0_899;
    let z2 = z2 * -F_2_562;
    let z3 = z3 * -F_1_961 + z5;
    let z4 = z4 * -F_0_390 + z5;
    let o0 = i7 * F_0_298 + z1 + z3;
    let o1 = i5 * F_2_053 + z2 + z4;
    let o2 = i3 * F_3_072 + z2 + z3;
    let o3 = i1 * F_1_501 + z1 + z4;
    [e10 + o3, e11 + o2, e12 + o1, e13 + o0, e13 - o0, e12 - o1, e11 - o2, e10 - o3]
}

/// 8×8 IDCT. `ws` is scratch (its contents do not matter).
pub fn idct8(c: &[i32; 64], out: &mut [u8], stride: usize, limit: &RangeLimit, ws: &mut [W<i32>; 64]) {
    // Pass 1: columns, into the workspace scaled by 2^PASS1_BITS. A column whose AC terms are
    // all zero (common: high frequencies quantize away) is its DC term repeated.
    const P1: usize = (CONST_BITS - PASS1_BITS) as usize;
    let round = W(1 << (CONST_BITS - PASS1_BITS - 1));
    for x in 0..8 {
        if c[8 + x] | c[16 + x] | c[24 + x] | c[32 + x] | c[40 + x] | c[48 + x] | c[56 + x] == 0 {
            let dc = W(c[x]) << PASS1_BITS as usize;
            ws[x] = dc;
            ws[8 + x] = dc;
            ws[16 + x] = dc;
            ws[24 + x] = dc;
            ws[32 + x] = dc;
            ws[40 + x] = dc;
            ws[48 + x] = dc;
            ws[56 + x] = dc;
            continue;
        }
        let r = idct8_1d(
            W(c[x]),
            W(c[8 + x]),
            W(c[16 + x]),
            W(c[24 + x]),
            W(c[32 + x]),
            W(c[40 + x]),
            W(c[48 + x]),
            W(c[56 + x]),
        );
        ws[x] = (r[0] + round) >> P1;
        ws[8 + x] = (r[1] + round) >> P1;
        ws[16 + x] = (r[2] + round) >> P1;
        ws[24 + x] = (r[3] + round) >> P1;
        ws[32 + x] = (r[4] + round) >> P1;
        ws[40 + x] = (r[5] + round) >> P1;
        ws[48 + x] = (r[6] + round) >> P1;
        ws[56 + x] = (r[7] + round) >> P1;
    }
    // Pass 2: rows; descale by the pass-1 factor and the transform's 8. The rounding term
    // rides on the DC input, which the even part scales by 2^CONST_BITS.
    const SHIFT: usize = (CONST_BITS + PASS1_BITS + 3) as usize;
    let round = W(1 << (PASS1_BITS + 2));
    for y in 0..8 {
        let w = &ws[y * 8..y * 8 + 8];
        let r = idct8_1d(w[0] + round, w[1], w[2], w[3], w[4], w[5], w[6], w[7]);
        let o = &mut out[y * stride..y * stride + 8];
        o[0] = limit.get((r[0] >> SHIFT).0);
        o[1] = limit.get((r[1] >> SHIFT).0);
        o[2] = limit.get((r[2] >> SHIFT).0);
        o[3] = limit.get((r[3] >> SHIFT).0);
        o[4] = limit.get((r[4] >> SHIFT).0);
        o[5] = limit.get((r[5] >> SHIFT).0);
        o[6] = limit.get((r[6] >> SHIFT).0);
        o[7] = limit.get((r[7] >> SHIFT).0);
    }
}

/// √2·cos((2x+1)π/16) in CONST_BITS fixed point: the first horizontal / vertical basis.
const FIRST_BASIS: [i32; 8] = {
    // cos((2x+1)π/16) for x = 0..3; the rest mirror with a sign.
    const C: [f64; 4] = [0.980785280, 0.831469612, 0.555570233, 0.195090322];
    let mut t = [0i32; 8];
    let mut x = 0;
    while x < 4 {
        let v = (C[x] * std::f64::consts::SQRT_2 * (1 << CONST_BITS) as f64 + 0.5) as i32;
        t[x] = v;
        t[7 - x] = -v;
        x += 1;
    }
    t
};

/// 8×8 of a block whose only coefficients are DC and the first horizontal and vertical
/// frequencies (zigzag 0..=2, a third of the blocks of a typical photo, most of its chroma):
/// `f(x, y) = (F00 + √2·F01·cos((2x+1)π/16) + √2·F10·cos((2y+1)π/16)) / 8`, a sum of a row
/// term and a column term, so two additions per sample instead of a transform.
pub fn idct8_first_terms(c: &[i32; 64], out: &mut [u8], stride: usize, limit: &RangeLimit) {
    const SHIFT: usize = (CONST_BITS + 3) as usize;
    let base = (W(c[0]) << CONST_BITS as usize) + W(1 << (SHIFT - 1));
    let (h, v) = (W(c[1]), W(c[8]));
    let mut row = [W(0i32); 8];
    for (x, r) in row.iter_mut().enumerate() {
        *r = h * W(FIRST_BASIS[x]);
    }
    for y in 0..8 {
        let t = base + v * W(FIRST_BASIS[y]);
        let o = &mut out[y * stride..y * stride + 8];
        o[0] = limit.get(((t + row[0]) >> SHIFT).0);
        o[1] = limit.get(((t + row[1]) >> SHIFT).0);
        o[2] = limit.get(((t + row[2]) >> SHIFT).0);
        o[3] = limit.get(((t + row[3]) >> SHIFT).0);
        o[4] = limit.get(((t + row[4]) >> SHIFT).0);
        o[5] = limit.get(((t + row[5]) >> SHIFT).0);
        o[6] = limit.get(((t + row[6]) >> SHIFT).0);
        o[7] = limit.get(((t + row[7]) >> SHIFT).0);
    }
}

/// A block with only its DC coefficient: one flat value.
pub fn dc_only(c0: i32, n: usize, out: &mut [u8], stride: usize, limit: &RangeLimit) {
    let v = limit.get(c0.wrapping_add(4) >> 3);
    for y in 0..n {
        for o in &mut out[y * stride..y * stride + n] {
            *o = v;
        }
    }
}

/// 4×4 from the 4×4 lowest frequencies (1/2 scale).
pub fn idct4(c: &[i32; 64], out: &mut [u8], stride: usize, limit: &RangeLimit) {
    #[inline(always)]
    fn idct4_1d(f0: W<i32>, f1: W<i32>, f2: W<i32>, f3: W<i32>) -> [W<i32>; 4] {
        let e0 = (f0 + f2) << CONST_BITS as usize;
        let e1 = (f0 - f2) << CONST_BITS as usize;
        let o0 = f1 * F_1_306 + f3 * F_0_541;
        let o1 = f1 * F_0_541 - f3 * F_1_306;
        [e0 + o0, e1 + o1, e1 - o1, e0 - o0]
    }
    let mut ws = [W(0i32); 16];
    for x in 0..4 {
        let r = idct4_1d(W(c[x]), W(c[8 + x]), W(c[16 + x]), W(c[24 + x]));
        let round = W(1 << (CONST_BITS - PASS1_BITS - 1));
        for y in 0..4 {
            ws[y * 4 + x] = (r[y] + round) >> (CONST_BITS - PASS1_BITS) as usize;
        }
    }
    const SHIFT: u32 = CONST_BITS + PASS1_BITS + 3;
    let round = W(1 << (SHIFT - 1));
    for y in 0..4 {
        let w = &ws[y * 4..y * 4 + 4];
        let r = idct4_1d(w[0], w[1], w[2], w[3]);
        let o = &mut out[y * stride..y * stride + 4];
        for x in 0..4 {
            o[x] = limit.get(((r[x] + round) >> SHIFT as usize).0);
        }
    }
}

/// 2×2 from the 2×2 lowest frequencies (1/4 scale): `√2·cos(π/4) = 1`, so plain sums.
pub fn idct2(c: &[i32; 64], out: &mut [u8], stride: usize, limit: &RangeLimit) {
    let (c0, c1, c8, c9) = (W(c[0]) + W(4), W(c[1]), W(c[8]), W(c[9]));
    let (a, b) = (c0 + c8, c0 - c8);
    let (p, q) = (c1 + c9, c1 - c9);
    out[0] = limit.get((a + p).0 >> 3);
    out[1] = limit.get((a - p).0 >> 3);
    out[stride] = limit.get((b + q).0 >> 3);
    out[stride + 1] = limit.get((b - q).0 >> 3);
}

/// Dispatch by output size `n` (8, 4, 2, 1). `last` is the zigzag index of the last nonzero
/// coefficient: 0 means a flat block.
#[inline(always)]
pub fn idct(n: usize, c: &[i32; 64], last: usize, out: &mut [u8], stride: usize, limit: &RangeLimit, ws: &mut [W<i32>; 64]) {
    if last == 0 || n == 1 {
        return dc_only(c[0], n, out, stride, limit);
    }
    match n {
        8 if last <= 2 => idct8_first_terms(c, out, stride, limit),
        8 => idct8(c, out, stride, limit, ws),
        4 => idct4(c, out, stride, limit),
        _ => idct2(c, out, stride, limit),
    }
}
