//! Huffman tables and the entropy-coded bit reader.
//!
//! Built for interpreters (WeChat on iOS runs wasm without a JIT) as much as for JITs: a 64-bit
//! left-aligned bit buffer refilled several bytes at a time, one table lookup for every code of
//! up to `LOOKUP_BITS` bits, and for AC tables a second lookup that also holds the coefficient's
//! value when code and magnitude bits fit in `LOOKUP_BITS` (most coefficients of a photo), so
//! the common coefficient costs one lookup and one shift.

use crate::codecs::jpeg::boxed;
use crate::codecs::jpeg::skip::{self, SKIP_SIZE};
use crate::error::{CropError, Result};

pub const LOOKUP_BITS: u32 = 11;
/// The zigzag advance of an end-of-block in `HuffmanTable::fast_ac`: past any block's end.
pub const FAST_EOB: i32 = 100;
const LOOKUP_SIZE: usize = 1 << LOOKUP_BITS;

#[derive(Clone)]
pub struct HuffmanTable {
    /// `len << 8 | symbol` for codes of at most LOOKUP_BITS bits, indexed by the next
    /// LOOKUP_BITS bits; 0 when the code is longer (or the prefix is no code at all).
    lookup: Box<[u16; LOOKUP_SIZE]>,
    /// For DC tables: `difference << 16 | bits` when the code and the difference's bits fit
    /// in LOOKUP_BITS, 0 otherwise. For AC tables, for codes of at most LOOKUP_BITS bits:
    /// `value << 16 | advance << 8 |
    /// bits`, where `bits` is what the code and its magnitude take, `advance` how far the
    /// zigzag index moves (run + 1; 16 for ZRL; FAST_EOB for end-of-block, which takes any
    /// loop past the block's end) and `value` the coefficient (0 for ZRL and EOB). 0 when the
    /// magnitude bits do not fit: the slow path decodes those.
    pub fast_ac: Box<[i32; LOOKUP_SIZE]>,
    /// Canonical decoding of longer codes: largest code of each length (-1: none), and the
    /// offset from a code of that length to its index in `values`.
    max_code: [i32; 18],
    val_offset: [i32; 18],
    values: Vec<u8>,
    /// For AC tables, runs of complete codes per `SKIP_BITS` bits, for coefficients that are
    /// parsed and dropped (see `skip`); every entry sends a DC table's decoder the long way.
    pub skip: Box<[u32; SKIP_SIZE]>,
}

impl HuffmanTable {
    /// From a DHT segment's 16 code-length counts and its symbols.
    pub fn new(counts: &[u8; 16], values: &[u8], is_ac: bool) -> Result<HuffmanTable> {
        let total: usize = counts.iter().map(|&c| c as usize).sum();
        if total != values.len() || total > 256 || total == 0 {
            return Err(CropError::corrupt("JPEG: bad Huffman table"));
        }
        let mut lookup = boxed(0u16);
        let mut max_code = [-1i32; 18];
        let mut val_offset = [0i32; 18];
        let mut code: u32 = 0;
        let mut k = 0usize;
        for len in 1..=16u32 {
            let n = counts[len as usize - 1] as u32;
            val_offset[len as usize] = k as i32 - code as i32;
            for _ in 0..n {
                // Over-subscribed code space: a corrupt table.
                if code >= (1 << len) {
                    return Err(CropError::corrupt("JPEG: bad Huffman table"));
                }
                if len <= LOOKUP_BITS {
                    let shift = LOOKUP_BITS - len;
                    let first = (code << shift) as usize;
                    for e in &mut lookup[first..first + (1 << shift)] {
                        *e = ((len as u16) << 8) | values[k] as u16;
                    }
                }
                code += 1;
                k += 1;
            }
            if n > 0 {
                max_code[len as usize] = code as i32 - 1;
            }
            code <<= 1;
        }
        max_code[17] = i32::MAX; // sentinel: the slow path stops at 16 bits
        let mut fast_ac = boxed(0i32);
        if !is_ac {
            // DC: the difference's size, its bits and the code in one lookup when they fit.
            for (i, e) in fast_ac.iter_mut().enumerate() {
                let entry = lookup[i];
                let (len, size) = ((entry >> 8) as u32, (entry & 0xFF) as u32);
                if len == 0 || size > 16 || len + size > LOOKUP_BITS {
                    continue;
                }
                let bits = if size == 0 {
                    0
                } else {
                    ((i as u32) >> (LOOKUP_BITS - len - size)) & ((1 << size) - 1)
                };
                *e = (extend(bits as i32, size) << 16) | (len + size) as i32;
            }
        } else {
            for (i, e) in fast_ac.iter_mut().enumerate() {
                let entry = lookup[i];
                let len = (entry >> 8) as u32;
                let rs = (entry & 0xFF) as u32;
                let (run, size) = (rs >> 4, rs & 15);
                if len == 0 {
                    continue;
                }
                *e = if size == 0 {
                    // ZRL skips 16 zeros; every other size-0 symbol ends the block (as libjpeg).
                    let advance = if run == 15 { 16 } else { FAST_EOB };
                    (advance << 8) | len as i32
                } else if len + size <= LOOKUP_BITS {
                    let bits = ((i as u32) >> (LOOKUP_BITS - len - size)) & ((1 << size) - 1);
                    let value = extend(bits as i32, size);
                    (value << 16) | (((run + 1) as i32) << 8) | (len + size) as i32
                } else {
                    0
                };
            }
        }
        let skip = if is_ac { skip::build(&fast_ac[..]) } else { skip::empty() };
        Ok(HuffmanTable { lookup, fast_ac, max_code, val_offset, values: values.to_vec(), skip })
    }
}

/// A code longer than LOOKUP_BITS at the top of `bits`: (length, symbol), `None` if no code.
#[inline(never)]
fn decode_long(t: &HuffmanTable, bits: u64) -> Option<(u32, u8)> {
    for len in LOOKUP_BITS + 1..=16 {
        let code = (bits >> (64 - len)) as i32;
        if code <= t.max_code[len as usize] {
            return t.values.get((code + t.val_offset[len as usize]) as usize).map(|&s| (len, s));
        }
    }
    None
}

/// The JPEG "EXTEND" of `size` magnitude bits `v` to a signed value.
#[inline(always)]
pub fn extend(v: i32, size: u32) -> i32 {
    if size == 0 {
        0
    } else if v < (1 << (size - 1)) {
        v - (1 << size) + 1
    } else {
        v
    }
}

/// Reads the entropy-coded segment of a scan. Stuffed bytes (`FF 00`) become `FF`; at a marker
/// or at the end of the data it supplies zero bits and counts them, so a decoder that consumed
/// any of them (a truncated or corrupt stream) is detected by [`BitReader::overrun`].
///
/// It is `Copy` and its slow paths take and return it by value, so once the hot methods are
/// inlined a decode loop keeps the whole state in wasm locals (its address never escapes);
/// an interpreter pays a memory load or store for every access otherwise.
#[derive(Clone, Copy)]
pub struct BitReader<'a> {
    data: &'a [u8],
    /// Next byte to load.
    pub pos: usize,
    /// Left-aligned bits; bits below the valid count are the next bits of the stream or zero.
    bits: u64,
    count: u32,
    /// Zero bits supplied past the data (at a marker or the end).
    padded: u32,
    /// A marker (or the end) stopped the loading.
    stopped: bool,
    /// It was the end of the data.
    at_end: bool,
}

impl<'a> BitReader<'a> {
    pub fn new(data: &'a [u8], pos: usize) -> BitReader<'a> {
        BitReader { data, pos, bits: 0, count: 0, padded: 0, stopped: false, at_end: false }
    }

    /// Makes at least 33 bits available.
    #[inline(always)]
    pub fn refill(&mut self) {
        if self.count > 32 {
            return;
        }
        // Fast path: four bytes with no 0xFF among them, 32 bits below the ones held (bits below
        // `count` are always zero). An interpreter pays for every operation: a 4-byte
        // big-endian word costs a third of an 8-byte one (no byte-swap instruction in MVP wasm).
        if let Some(w) = self.data.get(self.pos..self.pos + 4) {
            let word = u32::from_be_bytes([w[0], w[1], w[2], w[3]]);
            let inv = !word;
            if inv.wrapping_sub(0x0101_0101) & !inv & 0x8080_8080 == 0 {
                self.bits |= (word as u64) << (32 - self.count);
                self.pos += 4;
                self.count += 32;
                return;
            }
        }
        *self = self.refilled_slowly();
    }

    /// A word with an 0xFF in it: the bytes before the first 0xFF at once, a stuffed `FF 00`
    /// as one 0xFF byte, a word without one whole, until more than 32 bits are held; bytes are
    /// taken one by one only at a marker or near the end of the data.
    #[inline(never)]
    fn refilled_slowly(mut self) -> Self {
        while self.count <= 32 {
            let Some(w) = self.data.get(self.pos..self.pos + 4) else { break };
            let word = u32::from_be_bytes([w[0], w[1], w[2], w[3]]);
            // The high bit of each byte of `ff` is set exactly where `word` has an 0xFF byte
            // (no borrow between bytes, unlike the fast path's test, which may also flag the
            // byte before an 0xFF).
            let inv = !word;
            let ff = !(((inv & 0x7F7F_7F7F) + 0x7F7F_7F7F) | inv) & 0x8080_8080;
            let before = if ff == 0 { 4 } else { ff.leading_zeros() / 8 };
            if before > 0 {
                self.bits |= ((word as u64) >> (32 - 8 * before)) << (64 - self.count - 8 * before);
                self.pos += before as usize;
                self.count += 8 * before;
            } else if w[1] == 0x00 {
                self.bits |= 0xFF << (56 - self.count);
                self.pos += 2;
                self.count += 8;
            } else {
                break;
            }
        }
        if self.count <= 32 {
            self.refill_bytewise();
        }
        self
    }

    fn refill_bytewise(&mut self) {
        while self.count <= 56 {
            if self.stopped {
                self.padded += 64 - self.count;
                self.count = 64;
                return;
            }
            let byte = match self.data.get(self.pos) {
                Some(&0xFF) => match self.data.get(self.pos + 1) {
                    Some(0x00) => {
                        self.pos += 2;
                        0xFF
                    }
                    next => {
                        self.stopped = true;
                        self.at_end = next.is_none();
                        continue;
                    }
                },
                Some(&b) => {
                    self.pos += 1;
                    b
                }
                None => {
                    self.stopped = true;
                    self.at_end = true;
                    continue;
                }
            };
            // Clear what the fast path may have left below `count`, then put the byte there.
            let keep = if self.count == 0 { 0 } else { !0u64 << (64 - self.count) };
            self.bits = (self.bits & keep) | ((byte as u64) << (56 - self.count));
            self.count += 8;
        }
    }

    /// The next `n` (1..=16) bits, without consuming them. Needs `count >= n` (after refill).
    #[inline(always)]
    pub fn peek(&self, n: u32) -> u32 {
        (self.bits >> (64 - n)) as u32
    }

    #[inline(always)]
    pub fn consume(&mut self, n: u32) {
        self.bits <<= n;
        self.count -= n;
    }

    /// `n` (0..=16) bits as an unsigned value.
    #[inline(always)]
    pub fn bits(&mut self, n: u32) -> u32 {
        if n == 0 {
            return 0;
        }
        if self.count < n {
            self.refill();
        }
        let v = self.peek(n);
        self.consume(n);
        v
    }

    #[inline(always)]
    pub fn bit(&mut self) -> bool {
        self.bits(1) != 0
    }

    /// `n` magnitude bits, extended to a signed value.
    #[inline(always)]
    pub fn receive_extend(&mut self, n: u32) -> i32 {
        extend(self.bits(n) as i32, n)
    }

    /// The next Huffman symbol. Needs `count >= 16` (after refill).
    #[inline(always)]
    pub fn decode(&mut self, t: &HuffmanTable) -> Result<u8> {
        let e = t.lookup[self.peek(LOOKUP_BITS) as usize];
        if e != 0 {
            self.consume((e >> 8) as u32);
            return Ok(e as u8);
        }
        match decode_long(t, self.bits) {
            Some((len, symbol)) => {
                self.consume(len);
                Ok(symbol)
            }
            None => Err(CropError::corrupt("JPEG: bad Huffman code")),
        }
    }

    #[inline(always)]
    pub fn count(&self) -> u32 {
        self.count
    }

    /// Whether the decoder used bits that are not in the data (it ran into a marker or the end).
    #[inline(always)]
    pub fn overrun(&self) -> bool {
        self.padded > self.count
    }

    /// Drops buffered bits (byte alignment before a restart marker); returns the position of
    /// the first byte not loaded.
    #[inline(always)]
    pub fn reset(&mut self) -> usize {
        self.bits = 0;
        self.count = 0;
        self.padded = 0;
        self.stopped = false;
        self.at_end = false;
        self.pos
    }

    /// Byte-aligns at a restart marker and moves past it. A stream that is out of step (its
    /// data ends before or after the marker) resynchronises at the next marker if that is a
    /// restart marker (as libjpeg does); any other marker, or the end, is an error.
    /// (By value, like every out-of-line method: see the type's comment.)
    #[inline(never)]
    pub fn restarted(mut self) -> Result<Self> {
        if self.overrun() {
            return Err(self.overrun_error());
        }
        let d = self.data;
        let mut i = self.reset();
        loop {
            match (d.get(i), d.get(i + 1)) {
                (Some(0xFF), Some(&m)) if (0xD0..=0xD7).contains(&m) => {
                    self.pos = i + 2;
                    return Ok(self);
                }
                (Some(0xFF), Some(0x00 | 0xFF)) => i += 1,
                (Some(0xFF), Some(_)) => return Err(CropError::corrupt("JPEG: restart marker missing")),
                (Some(_), _) => i += 1,
                (None, _) => return Err(CropError::truncated("JPEG data ends early")),
            }
        }
    }

    /// Drops buffered bits and moves to the next marker (`FF` + a byte other than `00`/`FF`)
    /// without decoding: for data the caller does not need.
    #[inline(never)]
    pub fn skipped_to_marker(mut self) -> Self {
        let d = self.data;
        let mut i = self.reset();
        while i + 1 < d.len() && !(d[i] == 0xFF && d[i + 1] != 0x00 && d[i + 1] != 0xFF) {
            i += 1;
        }
        self.pos = i.min(d.len());
        self
    }

    /// The error for an overrun: the data ended (truncated) or a marker came too early (corrupt).
    #[inline(never)]
    pub fn overrun_error(self) -> CropError {
        if self.at_end {
            CropError::truncated("JPEG data ends early")
        } else {
            CropError::corrupt("JPEG: entropy-coded data runs into a marker")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whatever the bytes around them, stuffed `FF 00` pairs read as 0xFF, a marker stops the
    /// data (zero bits after it, counted as overrun), and reads of any width see the stream.
    #[test]
    fn reads_the_unstuffed_stream_at_any_alignment() {
        let mut seed = 9u32;
        let mut next = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            seed >> 16
        };
        for case in 0..400 {
            // Entropy-coded bytes: mostly random, often 0xFF (stuffed) and 0xFE.
            let mut stream = Vec::new();
            let mut file = Vec::new();
            for _ in 0..(next() % 40) {
                let b = match next() % 6 {
                    0 => 0xFF,
                    1 => 0xFE,
                    _ => next() as u8,
                };
                stream.push(b);
                file.push(b);
                if b == 0xFF {
                    file.push(0x00);
                }
            }
            let marker = case % 2 == 0;
            if marker {
                file.extend_from_slice(&[0xFF, 0xD9]);
            }
            let mut r = BitReader::new(&file, 0);
            let total = stream.len() * 8;
            let mut read = 0usize;
            let mut got = Vec::new();
            while read < total + 24 {
                let n = 1 + next() % 16;
                let v = r.bits(n);
                for i in (0..n).rev() {
                    got.push((v >> i) & 1);
                }
                read += n as usize;
            }
            let want: Vec<u32> =
                stream.iter().flat_map(|&b| (0..8).rev().map(move |i| (b as u32 >> i) & 1)).collect();
            assert_eq!(&got[..total], &want[..], "case {case}");
            assert!(got[total..].iter().all(|&b| b == 0), "case {case}: zeros past the data");
            assert!(r.overrun(), "case {case}");
            assert_eq!(r.at_end, !marker, "case {case}");
        }
    }
}
