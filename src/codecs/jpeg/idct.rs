//! Inverse DCTs: the full 8×8 and the DCT-scaled N×N (N = 1..7) that decode a block straight
//! to N/8 of its size (libjpeg's scaled decoding, libvips' "shrink on load"): a shrink done in
//! the frequency domain is both an antialiasing filter and less work than the 8×8 it replaces.
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
/// the result with constant indices only, so it lives in locals, not memory: an array indexed in
/// a loop that is not unrolled lives on the stack, a load and a store per element.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn idct8_1d(
    i0: W<i32>,
    i1: W<i32>,
    i2: W<i32>,
    i3: W<i32>,
    i4: W<i32>,
    i5: W<i32>,
    i6: W<i32>,
    i7: W<i32>,
) -> [W<i32>; 8] {
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

/// A block with only its DC coefficient: one flat value. Rows of a constant length: a row of
/// a reduced block is a few bytes, where a `fill` of a variable length would be a call.
pub fn dc_only(c0: i32, n: usize, out: &mut [u8], stride: usize, limit: &RangeLimit) {
    let v = limit.get(c0.wrapping_add(4) >> 3);
    match n {
        1 => flat::<1>(v, out, stride),
        2 => flat::<2>(v, out, stride),
        3 => flat::<3>(v, out, stride),
        4 => flat::<4>(v, out, stride),
        5 => flat::<5>(v, out, stride),
        6 => flat::<6>(v, out, stride),
        7 => flat::<7>(v, out, stride),
        _ => flat::<8>(v, out, stride),
    }
}

#[inline(always)]
fn flat<const N: usize>(v: u8, out: &mut [u8], stride: usize) {
    for y in 0..N {
        out[y * stride..y * stride + N].copy_from_slice(&[v; N]);
    }
}

/// The 2×2 scaled IDCT (`idct_scaled::<2>`'s arithmetic, in locals): the default export's
/// luma and chroma, where a block's transform is smaller than the work around it.
fn idct2(c: &[i32; 64], out: &mut [u8], stride: usize, limit: &RangeLimit, b: &Basis) {
    idct2_of([c[0], c[1], c[8], c[9]], out, stride, limit, b);
}

/// `idct2` of the coefficients `[c00, c01, c10, c11]` (natural (0,0), (0,1), (1,0), (1,1)).
#[inline(always)]
pub fn idct2_of(c: [i32; 4], out: &mut [u8], stride: usize, limit: &RangeLimit, b: &Basis) {
    const P1: usize = (CONST_BITS - PASS1_BITS) as usize;
    const SHIFT: usize = (CONST_BITS + PASS1_BITS + 3) as usize;
    let k = b.m[0][1];
    let r1 = W(1 << (P1 - 1));
    // Pass 1: columns 0 and 1 (the coefficients of rows 0 and 1).
    let column = |f0: i32, f1: i32| {
        let (even, odd) = (r1 + (W(f0) << CONST_BITS as usize), k * W(f1));
        ((even + odd) >> P1, (even - odd) >> P1)
    };
    let (a0, a1) = column(c[0], c[2]);
    let (b0, b1) = column(c[1], c[3]);
    // Pass 2: rows.
    let r2 = W(1 << (SHIFT - 1));
    for (y, (f0, f1)) in [(a0, b0), (a1, b1)].into_iter().enumerate() {
        let (even, odd) = (r2 + (f0 << CONST_BITS as usize), k * f1);
        let o = &mut out[y * stride..y * stride + 2];
        o[0] = limit.get(((even + odd) >> SHIFT).0);
        o[1] = limit.get(((even - odd) >> SHIFT).0);
    }
}

/// Where the scaled IDCTs' spectral window starts and ends, in units of the output's Nyquist
/// frequency. Keeping the N×N lowest frequencies is a hard cut-off that rings at edges; a
/// raised-cosine roll-off over the band where the output loses detail anyway (libvips'
/// lanczos3, the reference, passes about half at Nyquist) keeps the detail below it and the
/// ringing under lanczos3's (docs/architecture.md, "Filter chain", has how it was chosen).
const WINDOW_START: f64 = 0.9;
const WINDOW_END: f64 = 1.3;

/// The window's weight of frequency `u` (of the 8-point block), where one step of `u` is
/// `nyquist_per_u` of the output's Nyquist frequency (the output spacing over the block's span
/// in full-resolution pixels). Free at run time: it is folded into the basis.
fn window(u: usize, nyquist_per_u: f64) -> f64 {
    let nu = u as f64 * nyquist_per_u;
    if !nu.is_finite() || nu <= WINDOW_START {
        return 1.0;
    }
    if nu >= WINDOW_END {
        return 0.0;
    }
    0.5 + 0.5 * (std::f64::consts::PI * (nu - WINDOW_START) / (WINDOW_END - WINDOW_START)).cos()
}

#[derive(Clone)]
pub struct Basis {
    m: [[W<i32>; 8]; 8],
}

impl Basis {
    /// The N-point basis (N = `n`) with the window for an output spacing of `step`
    /// full-resolution pixels, the block spanning `span` of them.
    pub fn new(n: usize, span: f64, step: f64) -> Basis {
        let n = n.clamp(1, 8);
        let nyquist_per_u = step / span;
        let mut m = [[W(0i32); 8]; 8];
        for (x, row) in m.iter_mut().enumerate().take(n) {
            for (u, e) in row.iter_mut().enumerate().take(n) {
                let c = if u == 0 { 1.0 } else { std::f64::consts::SQRT_2 };
                let v = c
                    * window(u, nyquist_per_u)
                    * (((2 * x + 1) * u) as f64 * std::f64::consts::PI / (2 * n) as f64).cos();
                *e = W((v * (1 << CONST_BITS) as f64).round() as i32);
            }
        }
        Basis { m }
    }
}

/// N×N from the N×N lowest frequencies through the basis (N = 2..7). The basis is
/// symmetric: `m[N-1-x][u] = (-1)^u · m[x][u]`, so each 1-D pass computes the even-u and odd-u
/// sums once for a pair of outputs (`E + O`, `E - O`); N is a constant, so it unrolls.
fn idct_scaled<const N: usize>(
    c: &[i32; 64],
    out: &mut [u8],
    stride: usize,
    limit: &RangeLimit,
    ws: &mut [W<i32>; 64],
    b: &Basis,
) {
    const P1: usize = (CONST_BITS - PASS1_BITS) as usize;
    const SHIFT: usize = (CONST_BITS + PASS1_BITS + 3) as usize;
    let m = &b.m;
    // Pass 1: column u → N samples down (workspace row y, column u).
    for u in 0..N {
        let mut f = [W(0i32); N];
        for v in 0..N {
            f[v] = W(c[v * 8 + u]);
        }
        let r = one_d::<N>(&f, m, W(1 << (P1 - 1)));
        for y in 0..N {
            ws[y * 8 + u] = r[y] >> P1;
        }
    }
    // Pass 2: row y → N samples across.
    for y in 0..N {
        let mut f = [W(0i32); N];
        f.copy_from_slice(&ws[y * 8..y * 8 + N]);
        let r = one_d::<N>(&f, m, W(1 << (SHIFT - 1)));
        let o = &mut out[y * stride..y * stride + N];
        for x in 0..N {
            o[x] = limit.get((r[x] >> SHIFT).0);
        }
    }
}

/// One N-point pass: the 6-point one factored (task A's luma), the others by symmetry.
#[inline(always)]
fn one_d<const N: usize>(f: &[W<i32>; N], m: &[[W<i32>; 8]; 8], round: W<i32>) -> [W<i32>; N] {
    if N == 6 {
        let mut r = [W(0i32); N];
        six_point(f, m, round, &mut r);
        return r;
    }
    symmetric_1d::<N>(f, m, round)
}

/// `symmetric_1d::<6>` with the products the 6-point cosines share computed once: 10
/// multiplications instead of 15. At N = 6 the basis has `m[1][2] = 0`, `m[2][2] = -m[0][2]`,
/// `m[2][4] = m[0][4]` (even u) and `m[1][3] = m[2][3] = -m[0][3]` (u = 3), exactly in its
/// fixed point (cos π/2 = 0, cos 5π/6 = -cos π/6, cos 5π/3 = cos π/3, cos 3π/4 = cos 5π/4 =
/// -cos π/4; `Basis::new` rounds symmetrically), so the sums are the same integers.
#[inline(always)]
fn six_point(f: &[W<i32>], m: &[[W<i32>; 8]; 8], round: W<i32>, r: &mut [W<i32>]) {
    let a = round + (f[0] << CONST_BITS as usize);
    let (b, c) = (m[0][2] * f[2], m[0][4] * f[4]);
    let (e0, e1, e2) = (a + b + c, a + m[1][4] * f[4], a - b + c);
    let g = m[0][3] * f[3];
    let o0 = m[0][1] * f[1] + g + m[0][5] * f[5];
    let o1 = m[1][1] * f[1] - g + m[1][5] * f[5];
    let o2 = m[2][1] * f[1] - g + m[2][5] * f[5];
    r[0] = e0 + o0;
    r[5] = e0 - o0;
    r[1] = e1 + o1;
    r[4] = e1 - o1;
    r[2] = e2 + o2;
    r[3] = e2 - o2;
}

/// `r[x] = Σ_u m[x][u]·f[u] + round`, using the basis' symmetry.
#[inline(always)]
fn symmetric_1d<const N: usize>(f: &[W<i32>; N], m: &[[W<i32>; 8]; 8], round: W<i32>) -> [W<i32>; N] {
    let mut r = [W(0i32); N];
    for x in 0..N.div_ceil(2) {
        let mut even = round + (f[0] << CONST_BITS as usize);
        let mut u = 2;
        while u < N {
            even += m[x][u] * f[u];
            u += 2;
        }
        let mut odd = W(0i32);
        let mut u = 1;
        while u < N {
            odd += m[x][u] * f[u];
            u += 2;
        }
        r[x] = even + odd;
        r[N - 1 - x] = even - odd;
    }
    r
}

/// Dispatch by output size `n` (1..=8). `last` is the zigzag index of the last nonzero
/// coefficient: 0 means a flat block. `basis` is the N-point basis for `n` < 8.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub fn idct(
    n: usize,
    c: &[i32; 64],
    last: usize,
    out: &mut [u8],
    stride: usize,
    limit: &RangeLimit,
    ws: &mut [W<i32>; 64],
    basis: &Basis,
) {
    if last == 0 || n == 1 {
        return dc_only(c[0], n, out, stride, limit);
    }
    match n {
        8 if last <= 2 => idct8_first_terms(c, out, stride, limit),
        8 => idct8(c, out, stride, limit, ws),
        7 => idct_scaled::<7>(c, out, stride, limit, ws, basis),
        6 => idct_scaled::<6>(c, out, stride, limit, ws, basis),
        5 => idct_scaled::<5>(c, out, stride, limit, ws, basis),
        4 => idct_scaled::<4>(c, out, stride, limit, ws, basis),
        3 => idct_scaled::<3>(c, out, stride, limit, ws, basis),
        _ => idct2(c, out, stride, limit, basis),
    }
}

/// The IDCT size that lands a block spanning `span` full-resolution pixels at no more than
/// `step` pixels per sample (`step`: the output's spacing): N/8 scaled decoding, never coarser
/// than the output needs, 8 at most.
pub fn size_for(span: f64, step: f64) -> usize {
    if !step.is_finite() || step <= 0.0 {
        return 8;
    }
    ((span / step - 1e-6).ceil() as i64).clamp(1, 8) as usize
}

/// How much finer than the output the decoded grid should be: bilinear interpolation attenuates
/// a frequency less the finer the grid it interpolates is, so a finer grid keeps more of the
/// band below the output's Nyquist frequency.
const OVERSAMPLE: f64 = 1.2;
/// Beyond this many decoded samples per output sample the resampler prefilters (a tent), which
/// blurs more than a coarser grid would: the finer grid is only taken below it.
const MAX_SHRINK_AFTER: f64 = 1.5;

/// The IDCT size for a grid the output is resampled from: `OVERSAMPLE` times finer than the
/// output when the shrink left to the resampler stays at most `MAX_SHRINK_AFTER`, otherwise
/// `size_for` (a sample per output sample).
pub fn size_for_output(span: f64, step: f64) -> usize {
    let fine = size_for(span, step / OVERSAMPLE);
    if step * fine as f64 / span <= MAX_SHRINK_AFTER {
        fine
    } else {
        size_for(span, step)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_keeps_the_band_below_nyquist_and_rolls_off_above() {
        // Output spacing 1.85 px over 8 px blocks: frequency u is 0.23·u of the output's Nyquist.
        let per_u = 1.85 / 8.0;
        assert_eq!(window(0, per_u), 1.0);
        assert_eq!(window(3, per_u), 1.0);
        assert!(window(4, per_u) > 0.9 && window(4, per_u) < 1.0);
        assert!(window(5, per_u) > 0.0 && window(5, per_u) < 0.5);
        assert_eq!(window(6, per_u), 0.0);
        for u in 0..8 {
            assert!(window(u + 1, per_u) <= window(u, per_u));
            assert_eq!(window(u, f64::NAN), 1.0);
        }
    }

    #[test]
    fn output_grid_is_finer_unless_the_resampler_would_prefilter() {
        for step in [1.0, 1.2, 1.5, 1.85, 2.0, 2.5, 3.0, 4.0, 4.35, 5.04, 7.2, 9.0, 20.0] {
            let (n, fine) = (size_for(8.0, step), size_for_output(8.0, step));
            assert!(fine >= n, "step {step}");
            // Never more than 1.5 samples a output pixel unless no finer grid was taken.
            assert!(fine == n || step * fine as f64 / 8.0 <= MAX_SHRINK_AFTER, "step {step}");
        }
        assert_eq!(size_for_output(8.0, 1.85), 6);
        assert_eq!(size_for_output(8.0, 5.04), 2);
        assert_eq!(size_for_output(8.0, 4.35), 2);
        assert_eq!(size_for_output(8.0, f64::NAN), 8);
    }

    #[test]
    fn six_point_pass_is_the_generic_one() {
        let mut seed = 5u32;
        for step in [1.0, 1.3, 1.5, 1.6, 1.85, 2.0, 2.3, 4.0] {
            let m = Basis::new(6, 8.0, step).m;
            assert_eq!(m[1][2], W(0));
            assert_eq!((m[2][2], m[2][4]), (-m[0][2], m[0][4]));
            assert_eq!((m[1][3], m[2][3]), (-m[0][3], -m[0][3]));
            for _ in 0..100 {
                let mut f = [W(0i32); 6];
                for v in &mut f {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    *v = W((seed >> 16) as i32 % 4096 - 2048);
                }
                let mut r = [W(0i32); 6];
                six_point(&f, &m, W(1 << 10), &mut r);
                assert_eq!(r, symmetric_1d::<6>(&f, &m, W(1 << 10)), "step {step}: {f:?}");
            }
        }
    }

    #[test]
    fn two_point_idct_is_the_generic_one() {
        let limit = RangeLimit::new();
        let mut ws = [W(0); 64];
        let basis = Basis::new(2, 8.0, 5.0);
        let mut seed = 3u32;
        for _ in 0..200 {
            let mut c = [0i32; 64];
            for z in [0, 1, 8, 9] {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                c[z] = (seed >> 16) as i32 % 2048 - 1024;
            }
            let (mut a, mut b) = ([0u8; 16], [0u8; 16]);
            idct2(&c, &mut a, 8, &limit, &basis);
            idct_scaled::<2>(&c, &mut b, 8, &limit, &mut ws, &basis);
            assert_eq!(a, b, "{c:?}");
        }
    }

    #[test]
    fn scaled_basis_keeps_a_flat_block_flat() {
        let limit = RangeLimit::new();
        let mut ws = [W(0); 64];
        for (n, step) in [(2, 5.0), (4, 2.5), (6, 1.85), (7, 1.3)] {
            let mut c = [0i32; 64];
            c[0] = 8 * 50;
            let mut out = [0u8; 64];
            idct(n, &c, 1, &mut out, 8, &limit, &mut ws, &Basis::new(n, 8.0, step));
            for y in 0..n {
                assert!(out[y * 8..y * 8 + n].iter().all(|&v| v == 178), "n {n}: {out:?}");
            }
        }
    }
}
