//! A small baseline JPEG writer: YCbCr 4:2:0 planes in (what the planar export path produces,
//! so nothing is converted or subsampled here), the IJG quality scaling of the example tables
//! of ITU-T T.81 Annex K, their standard Huffman tables, an AAN forward DCT in 13-bit fixed
//! point with its scale factors folded into the quantizer divisors.

use crate::error::{CropError, Result};

/// T.81 Annex K.1 (natural order).
const LUMA_QUANT: [u8; 64] = [
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17,
    22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78,
    87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
const CHROMA_QUANT: [u8; 64] = [
    17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66,
    99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
];

/// Natural index of the k-th zigzag coefficient.
const ZIGZAG: [u8; 64] = [
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7,
    14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39,
    46, 53, 60, 61, 54, 47, 55, 62, 63,
];

/// T.81 Annex K.3: code-length counts and symbols.
const DC_LUMA_BITS: [u8; 16] = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_CHROMA_BITS: [u8; 16] = [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0];
const DC_VALUES: [u8; 12] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const AC_LUMA_BITS: [u8; 16] = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d];
const AC_LUMA_VALUES: [u8; 162] = [
    0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07, 0x22,
    0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0, 0x24, 0x33,
    0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x34,
    0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55,
    0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76,
    0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96,
    0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5,
    0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4,
    0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1,
    0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa,
];
const AC_CHROMA_BITS: [u8; 16] = [0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77];
const AC_CHROMA_VALUES: [u8; 162] = [
    0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71, 0x13,
    0x22, 0x32, 0x81, 0x08, 0x14, 0x42, 0x91, 0xa1, 0xb1, 0xc1, 0x09, 0x23, 0x33, 0x52, 0xf0, 0x15, 0x62,
    0x72, 0xd1, 0x0a, 0x16, 0x24, 0x34, 0xe1, 0x25, 0xf1, 0x17, 0x18, 0x19, 0x1a, 0x26, 0x27, 0x28, 0x29,
    0x2a, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54,
    0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75,
    0x76, 0x77, 0x78, 0x79, 0x7a, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x92, 0x93, 0x94,
    0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3,
    0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2,
    0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea,
    0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa,
];

/// AAN scale factors: `1` and `√2·cos(kπ/16)`; the forward DCT's output is scaled by
/// `8 · s[u] · s[v]`, which the quantizer divides out.
const AAN_SCALE: [f64; 8] =
    [1.0, 1.387039845, 1.306562965, 1.175875602, 1.0, 0.785694958, 0.541196100, 0.275899379];

/// Samples enter the DCT scaled by 2^PRE_BITS (fractional bits for the fixed-point products).
const PRE_BITS: u32 = 2;
const CONST_BITS: u32 = 13;

const fn fix(x: f64) -> i32 {
    (x * (1 << CONST_BITS) as f64 + 0.5) as i32
}
const F_0_382: i32 = fix(0.382683433);
const F_0_541: i32 = fix(0.541196100);
const F_0_707: i32 = fix(std::f64::consts::FRAC_1_SQRT_2);
const F_1_306: i32 = fix(1.306562965);

#[inline(always)]
fn mul(x: i32, c: i32) -> i32 {
    (x * c + (1 << (CONST_BITS - 1))) >> CONST_BITS
}

/// One 1-D AAN forward DCT over `d[base + i * STEP]`, in place (STEP is a constant, so every
/// access has a constant offset).
#[inline(always)]
fn fdct_1d<const STEP: usize>(d: &mut [i32; 64], base: usize) {
    let (d0, d1, d2, d3) = (d[base], d[base + STEP], d[base + 2 * STEP], d[base + 3 * STEP]);
    let (d4, d5, d6, d7) = (d[base + 4 * STEP], d[base + 5 * STEP], d[base + 6 * STEP], d[base + 7 * STEP]);
    fdct_1d_of::<STEP>([d0, d1, d2, d3, d4, d5, d6, d7], d, base);
}

/// The row pass straight from 8 samples (level-shifted and scaled here): no block-sized copy
/// of the samples first.
#[inline(always)]
fn fdct_row_of_samples(s: &[u8], d: &mut [i32; 64], base: usize) {
    let v = |i: usize| (s[i] as i32 - 128) << PRE_BITS;
    fdct_1d_of::<1>([v(0), v(1), v(2), v(3), v(4), v(5), v(6), v(7)], d, base);
}

/// The 1-D transform of `x`, written to `d[base + i * STEP]`.
#[inline(always)]
fn fdct_1d_of<const STEP: usize>(x: [i32; 8], d: &mut [i32; 64], base: usize) {
    let [d0, d1, d2, d3, d4, d5, d6, d7] = x;
    let (t0, t7, t1, t6) = (d0 + d7, d0 - d7, d1 + d6, d1 - d6);
    let (t2, t5, t3, t4) = (d2 + d5, d2 - d5, d3 + d4, d3 - d4);
    // Even part.
    let (t10, t13, t11, t12) = (t0 + t3, t0 - t3, t1 + t2, t1 - t2);
    d[base] = t10 + t11;
    d[base + 4 * STEP] = t10 - t11;
    let z1 = mul(t12 + t13, F_0_707);
    d[base + 2 * STEP] = t13 + z1;
    d[base + 6 * STEP] = t13 - z1;
    // Odd part.
    let (t10, t11, t12) = (t4 + t5, t5 + t6, t6 + t7);
    let z5 = mul(t10 - t12, F_0_382);
    let z2 = mul(t10, F_0_541) + z5;
    let z4 = mul(t12, F_1_306) + z5;
    let z3 = mul(t11, F_0_707);
    let (z11, z13) = (t7 + z3, t7 - z3);
    d[base + 5 * STEP] = z13 + z2;
    d[base + 3 * STEP] = z13 - z2;
    d[base + STEP] = z11 + z4;
    d[base + 7 * STEP] = z11 - z4;
}

/// How a component's coefficients are quantized: per zigzag position, the reciprocal of the
/// divisor `q · s[u] · s[v] · 8 · 2^PRE_BITS` in 24-bit fixed point (quantizing is a multiply
/// and a shift: a division is an expensive instruction, even for an interpreter), and the
/// largest magnitude that quantizes to zero (most coefficients of a block: they cost a
/// comparison).
#[derive(Clone, Copy)]
struct Quantizer {
    reciprocal: [u32; 64],
    zero_up_to: [i32; 64],
}

/// The quantization table (zigzag order, as written) and its quantizer.
fn divisors(base: &[u8; 64], quality: u8) -> ([u16; 64], Quantizer) {
    let q = quality.clamp(1, 100) as u32;
    let scale = if q < 50 { 5000 / q } else { 200 - 2 * q };
    let mut table = [0u16; 64];
    let mut quant = Quantizer { reciprocal: [0; 64], zero_up_to: [0; 64] };
    for k in 0..64 {
        let z = ZIGZAG[k] as usize;
        let t = ((base[z] as u32 * scale + 50) / 100).clamp(1, 255);
        table[k] = t as u16;
        let (u, v) = (z % 8, z / 8);
        let divisor = t as f64 * AAN_SCALE[u] * AAN_SCALE[v] * 8.0 * (1 << PRE_BITS) as f64;
        let r = ((1u64 << 24) as f64 / divisor).round() as u32;
        quant.reciprocal[k] = r;
        // `quantize` rounds |v|·r / 2^24 to nearest: zero exactly while |v|·r < 2^23.
        quant.zero_up_to[k] =
            ((1u32 << 23) - 1).checked_div(r).unwrap_or(i32::MAX as u32).min(1 << 30) as i32;
    }
    (table, quant)
}

/// A Huffman table for writing: per symbol, `code << 5 | length` (codes are at most 16 bits).
struct Huffman {
    codes: [u32; 256],
}

impl Huffman {
    fn new(bits: &[u8; 16], values: &[u8]) -> Huffman {
        let mut h = Huffman { codes: [0; 256] };
        let (mut code, mut k) = (0u32, 0usize);
        for (len, &n) in bits.iter().enumerate() {
            for _ in 0..n {
                h.codes[values[k] as usize] = (code << 5) | (len as u32 + 1);
                code += 1;
                k += 1;
            }
            code <<= 1;
        }
        h
    }
}

/// Entropy-coded bits not yet written (the low `count` bits of `acc`). `Copy` and passed by
/// value, so the block encoder keeps it in wasm locals: an interpreter pays a memory access
/// for every use of a field otherwise.
#[derive(Clone, Copy)]
struct Bits {
    acc: u64,
    count: u32,
}

impl Bits {
    /// Appends `size` (at most 32) bits; whole 32-bit words go out as soon as they are complete.
    #[inline(always)]
    fn put(mut self, bits: u32, size: u32, out: &mut Vec<u8>) -> Bits {
        self.acc = (self.acc << size) | bits as u64;
        self.count += size;
        if self.count >= 32 {
            self.count -= 32;
            write_word((self.acc >> self.count) as u32, out);
        }
        self
    }

    /// Writes what is left, the last byte padded with 1 bits.
    fn flush(mut self, out: &mut Vec<u8>) {
        while self.count >= 8 {
            self.count -= 8;
            write_byte((self.acc >> self.count) as u8, out);
        }
        if self.count > 0 {
            let pad = 8 - self.count;
            write_byte(((self.acc << pad) as u8) | ((1u8 << pad) - 1), out);
        }
    }
}

/// Four bytes of entropy-coded data, an `FF` followed by a stuffed `00`.
#[inline(always)]
fn write_word(word: u32, out: &mut Vec<u8>) {
    // A byte is FF where the inverted word has a zero byte.
    let inv = !word;
    if inv.wrapping_sub(0x0101_0101) & word & 0x8080_8080 == 0 {
        out.extend_from_slice(&word.to_be_bytes());
        return;
    }
    for b in word.to_be_bytes() {
        write_byte(b, out);
    }
}

#[inline(always)]
fn write_byte(b: u8, out: &mut Vec<u8>) {
    out.push(b);
    if b == 0xFF {
        out.push(0);
    }
}

struct Component<'a> {
    plane: &'a [u8],
    width: usize,
    height: usize,
    quant: Quantizer,
    dc: &'a Huffman,
    ac: &'a Huffman,
    pred: i32,
}

/// Magnitude category of `v` and its bits as JPEG codes them (negatives as `v - 1`).
#[inline(always)]
fn magnitude(v: i32) -> (u32, u32) {
    let a = v.unsigned_abs();
    let size = 32 - a.leading_zeros();
    let bits = if v < 0 { (v - 1) as u32 } else { v as u32 };
    (size, bits & ((1u32 << size) - 1))
}

impl Component<'_> {
    /// Encodes the block whose top-left sample is (x0, y0); samples past the plane's edge repeat
    /// the last row / column (no ringing from a padding step).
    fn encode_block(
        &mut self,
        x0: usize,
        y0: usize,
        block: &mut [i32; 64],
        bits: Bits,
        out: &mut Vec<u8>,
    ) -> Bits {
        let (pw, ph) = (self.width, self.height);
        if x0 + 8 <= pw && y0 + 8 <= ph {
            for y in 0..8 {
                let at = (y0 + y) * pw + x0;
                fdct_row_of_samples(&self.plane[at..at + 8], block, y * 8);
            }
        } else {
            for y in 0..8 {
                let row = &self.plane[(y0 + y).min(ph - 1) * pw..][..pw];
                for (x, d) in block[y * 8..y * 8 + 8].iter_mut().enumerate() {
                    *d = (row[(x0 + x).min(pw - 1)] as i32 - 128) << PRE_BITS;
                }
                fdct_1d::<1>(block, y * 8);
            }
        }
        for col in 0..8 {
            fdct_1d::<8>(block, col);
        }
        // One reservation covers the block: 64 codes of at most 16 + 11 bits, each byte
        // possibly stuffed.
        out.reserve(512);
        let q = &self.quant;
        // DC.
        let dc = quantize(block[0], q.reciprocal[0]);
        let (size, mag) = magnitude(dc - self.pred);
        self.pred = dc;
        let code = self.dc.codes[size as usize];
        let mut bits = bits.put(((code >> 5) << size) | mag, (code & 31) + size, out);
        // AC, in zigzag order, with runs of zeros: which coefficients quantize to something
        // first (a comparison each, no branch), then only those.
        let mut nonzero = nonzero_mask(block, &q.zero_up_to);
        let mut prev = 0u32;
        while nonzero != 0 {
            let k = nonzero.trailing_zeros();
            nonzero &= nonzero - 1;
            let mut run = k - prev - 1;
            prev = k;
            while run > 15 {
                let zrl = self.ac.codes[0xF0];
                bits = bits.put(zrl >> 5, zrl & 31, out);
                run -= 16;
            }
            let k = k as usize & 63;
            let (size, mag) = magnitude(quantize(block[(ZIGZAG[k] & 63) as usize], q.reciprocal[k]));
            let code = self.ac.codes[((run << 4) | size) as usize];
            bits = bits.put(((code >> 5) << size) | mag, (code & 31) + size, out);
        }
        if prev < 63 {
            let eob = self.ac.codes[0];
            bits = bits.put(eob >> 5, eob & 31, out);
        }
        bits
    }
}

/// Bit `k` set where the AC coefficient at zigzag index `k` does not quantize to zero
/// (`-zero <= v <= zero` in one unsigned comparison). Spelled out in eight groups with constant
/// indices, so every position is a constant offset, not a table lookup.
#[inline(always)]
fn nonzero_mask(block: &[i32; 64], zero_up_to: &[i32; 64]) -> u64 {
    let mask = nonzero_group::<0>(block, zero_up_to)
        | nonzero_group::<8>(block, zero_up_to)
        | nonzero_group::<16>(block, zero_up_to)
        | nonzero_group::<24>(block, zero_up_to)
        | nonzero_group::<32>(block, zero_up_to)
        | nonzero_group::<40>(block, zero_up_to)
        | nonzero_group::<48>(block, zero_up_to)
        | nonzero_group::<56>(block, zero_up_to);
    mask & !1
}

#[inline(always)]
fn nonzero_group<const FIRST: usize>(block: &[i32; 64], zero_up_to: &[i32; 64]) -> u64 {
    let mut mask = 0u64;
    for k in FIRST..FIRST + 8 {
        let (v, zero) = (block[(ZIGZAG[k] & 63) as usize], zero_up_to[k]);
        mask |= ((v.wrapping_add(zero) as u32 > (zero as u32) << 1) as u64) << k;
    }
    mask
}

/// `round(v / divisor)` from the divisor's 24-bit reciprocal, within ±1023 (what the tables
/// code; 8-bit data stays inside it but for extreme patterns at quality 100).
#[inline(always)]
fn quantize(v: i32, reciprocal: u32) -> i32 {
    let a = ((v.unsigned_abs() as u64 * reciprocal as u64 + (1 << 23)) >> 24).min(1023) as i32;
    if v < 0 {
        -a
    } else {
        a
    }
}

/// One row of 16×16 MCUs: four luma blocks, one Cb, one Cr each (out of line: see
/// `png_writer::paeth`).
#[inline(never)]
fn encode_mcu_row(
    comps: &mut [Component; 3],
    my: usize,
    mcus: usize,
    mut bits: Bits,
    out: &mut Vec<u8>,
) -> Bits {
    let mut block = [0i32; 64];
    for mx in 0..mcus {
        for (by, bx) in [(0, 0), (0, 8), (8, 0), (8, 8)] {
            bits = comps[0].encode_block(mx * 16 + bx, my * 16 + by, &mut block, bits, out);
        }
        bits = comps[1].encode_block(mx * 8, my * 8, &mut block, bits, out);
        bits = comps[2].encode_block(mx * 8, my * 8, &mut block, bits, out);
    }
    bits
}

fn segment(out: &mut Vec<u8>, marker: u8, payload: &[u8]) {
    out.extend_from_slice(&[0xFF, marker]);
    out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(payload);
}

/// A JPEG of `w × h` from Y (`w × h`) and 4:2:0 chroma (`ceil(w/2) × ceil(h/2)`) planes.
pub fn write_jpeg(y: &[u8], cb: &[u8], cr: &[u8], w: u32, h: u32, quality: u8) -> Result<Vec<u8>> {
    let (cw, ch) = (w.div_ceil(2) as usize, h.div_ceil(2) as usize);
    let (wu, hu) = (w as usize, h as usize);
    if w == 0 || h == 0 || w > 65_535 || h > 65_535 {
        return Err(CropError::invalid(format!("JPEG output must be 1..65535 px per side, got {w}x{h}")));
    }
    if y.len() != wu * hu || cb.len() != cw * ch || cr.len() != cw * ch {
        return Err(CropError::invalid("JPEG writer: plane sizes do not match the image"));
    }
    let (luma_table, luma_quant) = divisors(&LUMA_QUANT, quality);
    let (chroma_table, chroma_quant) = divisors(&CHROMA_QUANT, quality);
    let tables = [
        Huffman::new(&DC_LUMA_BITS, &DC_VALUES),
        Huffman::new(&AC_LUMA_BITS, &AC_LUMA_VALUES),
        Huffman::new(&DC_CHROMA_BITS, &DC_VALUES),
        Huffman::new(&AC_CHROMA_BITS, &AC_CHROMA_VALUES),
    ];

    let mut out = Vec::with_capacity(wu * hu / 4 + 1024);
    out.extend_from_slice(&[0xFF, 0xD8]);
    segment(&mut out, 0xE0, &[b'J', b'F', b'I', b'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
    let mut dqt = Vec::with_capacity(130);
    for (id, table) in [(0u8, &luma_table), (1, &chroma_table)] {
        dqt.push(id);
        dqt.extend(table.iter().map(|&v| v as u8));
    }
    segment(&mut out, 0xDB, &dqt);
    let [wh, wl] = (w as u16).to_be_bytes();
    let [hh, hl] = (h as u16).to_be_bytes();
    segment(&mut out, 0xC0, &[8, hh, hl, wh, wl, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
    let mut dht = Vec::new();
    for (class_id, bits, values) in [
        (0x00u8, &DC_LUMA_BITS, &DC_VALUES[..]),
        (0x10, &AC_LUMA_BITS, &AC_LUMA_VALUES[..]),
        (0x01, &DC_CHROMA_BITS, &DC_VALUES[..]),
        (0x11, &AC_CHROMA_BITS, &AC_CHROMA_VALUES[..]),
    ] {
        dht.push(class_id);
        dht.extend_from_slice(bits);
        dht.extend_from_slice(values);
    }
    segment(&mut out, 0xC4, &dht);
    segment(&mut out, 0xDA, &[3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]);

    let mut comps = [
        Component {
            plane: y,
            width: wu,
            height: hu,
            quant: luma_quant,
            dc: &tables[0],
            ac: &tables[1],
            pred: 0,
        },
        Component {
            plane: cb,
            width: cw,
            height: ch,
            quant: chroma_quant,
            dc: &tables[2],
            ac: &tables[3],
            pred: 0,
        },
        Component {
            plane: cr,
            width: cw,
            height: ch,
            quant: chroma_quant,
            dc: &tables[2],
            ac: &tables[3],
            pred: 0,
        },
    ];
    let mut bits = Bits { acc: 0, count: 0 };
    for my in 0..hu.div_ceil(16) {
        bits = encode_mcu_row(&mut comps, my, wu.div_ceil(16), bits, &mut out);
    }
    bits.flush(&mut out);
    out.extend_from_slice(&[0xFF, 0xD9]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Forward DCT of a level-shifted block (natural order, values scaled by 2^PRE_BITS): the
    /// block encoder's passes.
    fn fdct(d: &mut [i32; 64]) {
        for row in 0..8 {
            fdct_1d::<1>(d, row * 8);
        }
        for col in 0..8 {
            fdct_1d::<8>(d, col);
        }
    }

    /// The AAN forward DCT, once its scale factors are divided out, is the JPEG DCT.
    #[test]
    fn fdct_matches_the_definition() {
        let mut seed = 7u32;
        for _ in 0..20 {
            let mut px = [0i32; 64];
            for p in &mut px {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                *p = (seed >> 16) as i32 % 256 - 128;
            }
            let mut d = px.map(|v| v << PRE_BITS);
            fdct(&mut d);
            for v in 0..8 {
                for u in 0..8 {
                    let c = |k: usize| if k == 0 { std::f64::consts::FRAC_1_SQRT_2 } else { 1.0 };
                    let mut sum = 0.0;
                    for y in 0..8 {
                        for x in 0..8 {
                            sum += px[y * 8 + x] as f64
                                * ((2 * x + 1) as f64 * u as f64 * std::f64::consts::PI / 16.0).cos()
                                * ((2 * y + 1) as f64 * v as f64 * std::f64::consts::PI / 16.0).cos();
                        }
                    }
                    let want = 0.25 * c(u) * c(v) * sum;
                    let got =
                        d[v * 8 + u] as f64 / (AAN_SCALE[u] * AAN_SCALE[v] * 8.0 * (1 << PRE_BITS) as f64);
                    assert!((got - want).abs() < 0.75, "({u}, {v}): {got} vs {want}");
                }
            }
        }
    }
}
