//! zlib / DEFLATE decoding (RFC 1950, 1951) for PNG image data.
//!
//! The whole compressed stream is in memory, so the decoder never waits for input: reading
//! past its end means the file is truncated. Output is produced on demand, a few rows at a
//! time, into a buffer that keeps only DEFLATE's 32 KiB window behind what the caller still
//! needs: memory stays small whatever the stream inflates to (a zlib bomb inflates only as far
//! as the rows asked for).
//!
//! Shaped for the engines that run it: the symbol loop is one small function (V8 optimises it
//! within the first export; an interpreter runs few instructions per symbol): one table lookup
//! per code of up to `FAST_BITS` bits, lengths and distances from constant tables, 56 bits of
//! look-ahead loaded eight bytes at a time.

use crate::error::{CropError, Result};

/// DEFLATE's largest match distance: the output kept behind the read position.
const WINDOW: usize = 32 * 1024;
/// Room made on each slide beyond the window and what the caller holds.
const CHUNK: usize = 128 * 1024;
/// The longest match: the output limit may be passed by this much.
const MAX_MATCH: usize = 258;
/// Codes up to this length resolve in one lookup; longer ones (rare) walk the canonical code.
const FAST_BITS: u32 = 11;
const FAST_MASK: u64 = (1 << FAST_BITS) - 1;
/// Table entry flag: the code is a literal byte.
const LITERAL: u32 = 0x10;

const LENGTH_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195,
    227, 258,
];
const LENGTH_EXTRA: [u8; 29] =
    [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
    4097, 6145, 8193, 12289, 16385, 24577,
];
const DIST_EXTRA: [u8; 30] =
    [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
/// The order code-length code lengths are stored in (RFC 1951 3.2.7).
const CODE_LENGTH_ORDER: [usize; 19] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/// A canonical Huffman code: a direct table for short codes, counts and sorted symbols for the
/// rest.
struct Huffman {
    /// Indexed by the next `FAST_BITS` stream bits: `symbol << 16 | LITERAL? | length`, 0 when the code is
    /// longer (or the bits start no code).
    fast: Vec<u32>,
    /// Codes of each length 0..=15.
    counts: [u16; 16],
    /// Symbols ordered by (length, value).
    symbols: Vec<u16>,
}

impl Huffman {
    /// `literals`: the literal/length code (its literal entries get the `LITERAL` flag).
    fn new(lengths: &[u8], literals: bool) -> Result<Huffman> {
        let mut counts = [0u16; 16];
        for &l in lengths {
            counts[l as usize] += 1;
        }
        counts[0] = 0;
        // Over-subscribed lengths describe no prefix code; incomplete ones are allowed (a
        // lone distance code is legal) and fail only if the stream uses a missing code.
        let mut left = 1i32;
        for &c in &counts[1..] {
            left = left * 2 - c as i32;
            if left < 0 {
                return Err(corrupt("over-subscribed Huffman code lengths"));
            }
        }
        let mut offsets = [0u16; 16];
        for l in 1..15 {
            offsets[l + 1] = offsets[l] + counts[l];
        }
        let mut symbols = vec![0u16; lengths.len()];
        for (sym, &l) in lengths.iter().enumerate() {
            if l != 0 {
                symbols[offsets[l as usize] as usize] = sym as u16;
                offsets[l as usize] += 1;
            }
        }
        let mut fast = vec![0u32; 1 << FAST_BITS];
        // Walk the canonical codes in order, filling every table slot whose low bits (the code
        // bit-reversed: DEFLATE sends codes most significant bit first) start with the code.
        let mut code = 0u32;
        let mut index = 0usize;
        for len in 1..=15u32 {
            for _ in 0..counts[len as usize] {
                if len <= FAST_BITS {
                    let reversed = code.reverse_bits() >> (32 - len);
                    let sym = symbols[index] as u32;
                    let entry = sym << 16 | if literals && sym < 256 { LITERAL } else { 0 } | len;
                    let mut slot = reversed as usize;
                    while slot < fast.len() {
                        fast[slot] = entry;
                        slot += 1 << len;
                    }
                }
                code += 1;
                index += 1;
            }
            code <<= 1;
        }
        Ok(Huffman { fast, counts, symbols })
    }

    fn fixed_literals() -> Huffman {
        let mut lengths = [8u8; 288];
        lengths[144..256].fill(9);
        lengths[256..280].fill(7);
        Huffman::new(&lengths, true).expect("the fixed code is complete")
    }

    fn fixed_distances() -> Huffman {
        Huffman::new(&[5u8; 30], false).expect("the fixed code is valid")
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// At a block header (or the end of the last block).
    BlockStart {
        last_seen: bool,
    },
    /// Inside a stored block with this many bytes left.
    Stored {
        left: usize,
        last: bool,
    },
    /// Inside a compressed block (codes in `literals` / `distances`).
    Codes {
        last: bool,
    },
    Done,
}

/// One IDAT chunk's data and the CRC stored after it, checked when the decoder first reads
/// from it: what is never inflated (rows below the crop) costs nothing.
#[derive(Clone, Copy)]
pub struct Part<'a> {
    pub data: &'a [u8],
    pub crc: u32,
}

/// The compressed stream (spread over the parts) as bits, least significant first.
struct Bits<'a> {
    parts: &'a [Part<'a>],
    /// Parts not entered yet: `parts[next_part..]`.
    next_part: usize,
    /// The part being read, and the next byte of it to load into `buffer`.
    input: &'a [u8],
    pos: usize,
    buffer: u64,
    nbits: u32,
    /// Zero bytes loaded after the input's end (look-ahead past the last code is normal;
    /// consuming them is not).
    padding: usize,
}

pub struct Inflater<'a> {
    input: Bits<'a>,
    state: State,
    literals: Huffman,
    distances: Huffman,
    /// Output: `buf[..filled]`, of which the caller has taken `buf[..read]`.
    buf: Vec<u8>,
    filled: usize,
    read: usize,
}

impl Bits<'_> {
    /// Loads input bytes until at least 56 bits are buffered; past the end, zeros (at most
    /// 16 bytes of them: a stream that needs more is cut).
    #[inline(always)]
    fn refill(&mut self) -> Result<()> {
        if let Some(word) = self.input.get(self.pos..self.pos + 8) {
            let word = u64::from_le_bytes(word.try_into().expect("8 bytes"));
            self.buffer |= word << self.nbits;
            let bytes = (63 - self.nbits) / 8;
            self.pos += bytes as usize;
            self.nbits += bytes * 8;
            return Ok(());
        }
        self.refill_slowly()
    }

    #[inline(never)]
    fn refill_slowly(&mut self) -> Result<()> {
        while self.nbits <= 56 {
            if let Some(&b) = self.input.get(self.pos) {
                self.buffer |= (b as u64) << self.nbits;
                self.pos += 1;
            } else if self.enter_next_part()? {
                continue;
            } else if self.padding < 16 {
                self.padding += 1;
            } else {
                return Err(CropError::truncated("PNG image data ends early"));
            }
            self.nbits += 8;
        }
        Ok(())
    }

    /// Moves to the next non-empty part once its CRC matches; false after the last.
    fn enter_next_part(&mut self) -> Result<bool> {
        while let Some(part) = self.parts.get(self.next_part) {
            self.next_part += 1;
            if super::crc32(&[b"IDAT", part.data]) != part.crc {
                return Err(CropError::corrupt("PNG IDAT chunk fails its CRC"));
            }
            if !part.data.is_empty() {
                self.input = part.data;
                self.pos = 0;
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// `n` (<= 32) bits; the caller has refilled.
    #[inline(always)]
    fn bits(&mut self, n: u32) -> u32 {
        let v = (self.buffer & ((1u64 << n) - 1)) as u32;
        self.buffer >>= n;
        self.nbits -= n;
        v
    }

    /// Stream bits consumed beyond the input's end (zero padding read as data).
    fn overrun(&self) -> bool {
        self.padding * 8 > self.nbits as usize
    }

    /// One symbol of `code` (at least 15 bits buffered).
    #[inline(always)]
    fn symbol(&mut self, code: &Huffman) -> Result<u32> {
        let entry = code.fast[(self.buffer & FAST_MASK) as usize];
        if entry & 15 != 0 {
            self.bits(entry & 15);
            return Ok(entry >> 16);
        }
        self.long_symbol(code)
    }

    /// A code longer than `FAST_BITS`: walk the canonical code a bit at a time.
    #[inline(never)]
    fn long_symbol(&mut self, code: &Huffman) -> Result<u32> {
        let (mut value, mut first, mut index) = (0i32, 0i32, 0i32);
        for len in 1..=15 {
            value |= ((self.buffer >> (len - 1)) & 1) as i32;
            let count = code.counts[len] as i32;
            if value - first < count {
                self.bits(len as u32);
                return Ok(code.symbols[(index + value - first) as usize] as u32);
            }
            index += count;
            first = (first + count) << 1;
            value <<= 1;
        }
        Err(corrupt("invalid Huffman code"))
    }
}

impl<'a> Inflater<'a> {
    /// A zlib stream in `parts`; `max_take` is the most the caller will ask for at once (one
    /// PNG row).
    pub fn new(parts: &'a [Part<'a>], max_take: usize) -> Result<Inflater<'a>> {
        let mut input = Bits { parts, next_part: 0, input: &[], pos: 0, buffer: 0, nbits: 0, padding: 0 };
        input.refill()?;
        let (cmf, flg) = (input.bits(8) as u8, input.bits(8) as u8);
        if input.overrun() {
            return Err(CropError::truncated("PNG image data ends inside its zlib header"));
        }
        if cmf & 0x0F != 8 || cmf >> 4 > 7 || ((cmf as u16) << 8 | flg as u16) % 31 != 0 {
            return Err(corrupt("not a zlib stream"));
        }
        if flg & 0x20 != 0 {
            return Err(corrupt("zlib preset dictionary in PNG image data"));
        }
        Ok(Inflater {
            input,
            state: State::BlockStart { last_seen: false },
            literals: Huffman::fixed_literals(),
            distances: Huffman::fixed_distances(),
            buf: vec![0; WINDOW + CHUNK + 2 * max_take + MAX_MATCH],
            filled: 0,
            read: 0,
        })
    }

    /// The next `n` bytes of output (`n` at most `max_take`). An error when the stream is
    /// corrupt, ends inside the input (truncated) or ends before `n` more bytes.
    pub fn take(&mut self, n: usize) -> Result<&[u8]> {
        if self.filled - self.read < n {
            self.produce(self.read + n)?;
            if self.filled - self.read < n {
                return Err(corrupt("image data ends before the last row"));
            }
        }
        let start = self.read;
        self.read += n;
        Ok(&self.buf[start..start + n])
    }

    /// Checks the CRC of the image data not read yet (without inflating it).
    pub fn check_rest(&mut self) -> Result<()> {
        while self.input.enter_next_part()? {}
        Ok(())
    }

    /// Inflates until `buf[..want]` is filled or the stream ends.
    fn produce(&mut self, mut want: usize) -> Result<()> {
        let room = self.buf.len() - MAX_MATCH;
        if want > room {
            // Slide: keep the window and what the caller has not taken.
            let keep = self.read.min(self.filled.saturating_sub(WINDOW));
            self.buf.copy_within(keep..self.filled, 0);
            self.filled -= keep;
            self.read -= keep;
            want -= keep;
        }
        // Fill as far as there is room: fewer, longer runs of the symbol loop.
        let limit = room.max(want);
        while self.filled < want {
            match self.state {
                State::BlockStart { last_seen: true } => self.state = State::Done,
                State::BlockStart { .. } => self.block_header()?,
                State::Stored { left, last } => self.stored(left, last, limit)?,
                State::Codes { last } => {
                    if decode_codes(self, limit)? {
                        self.state = State::BlockStart { last_seen: last };
                    }
                }
                State::Done => return Ok(()),
            }
        }
        Ok(())
    }

    fn block_header(&mut self) -> Result<()> {
        self.input.refill()?;
        let last = self.input.bits(1) == 1;
        match self.input.bits(2) {
            0 => {
                // Stored: to the byte boundary, then LEN and its complement.
                let skip = self.input.nbits % 8;
                self.input.bits(skip);
                self.input.refill()?;
                let len = self.input.bits(16);
                let nlen = self.input.bits(16);
                if len != !nlen & 0xFFFF {
                    return Err(corrupt("stored block length does not match its complement"));
                }
                self.state = State::Stored { left: len as usize, last };
            }
            1 => {
                self.literals = Huffman::fixed_literals();
                self.distances = Huffman::fixed_distances();
                self.state = State::Codes { last };
            }
            2 => {
                self.dynamic_codes()?;
                self.state = State::Codes { last };
            }
            _ => return Err(corrupt("invalid deflate block type")),
        }
        if self.input.overrun() {
            return Err(CropError::truncated("PNG image data ends early"));
        }
        Ok(())
    }

    fn dynamic_codes(&mut self) -> Result<()> {
        let literal_count = self.input.bits(5) as usize + 257;
        let distance_count = self.input.bits(5) as usize + 1;
        let length_code_count = self.input.bits(4) as usize + 4;
        if literal_count > 286 || distance_count > 30 {
            return Err(corrupt("too many length or distance codes"));
        }
        let mut length_lengths = [0u8; 19];
        for &i in &CODE_LENGTH_ORDER[..length_code_count] {
            self.input.refill()?;
            length_lengths[i] = self.input.bits(3) as u8;
        }
        let length_code = Huffman::new(&length_lengths, false)?;
        let total = literal_count + distance_count;
        let mut lengths = [0u8; 286 + 30];
        let mut i = 0;
        while i < total {
            self.input.refill()?;
            let sym = self.input.symbol(&length_code)?;
            let (value, repeat) = match sym {
                0..=15 => (sym as u8, 1),
                16 => {
                    let previous = *lengths[..i]
                        .last()
                        .ok_or_else(|| corrupt("repeated code length with none before"))?;
                    (previous, 3 + self.input.bits(2) as usize)
                }
                17 => (0, 3 + self.input.bits(3) as usize),
                _ => (0, 11 + self.input.bits(7) as usize),
            };
            if i + repeat > total {
                return Err(corrupt("code lengths overflow their table"));
            }
            lengths[i..i + repeat].fill(value);
            i += repeat;
        }
        if lengths[256] == 0 {
            return Err(corrupt("no end-of-block code"));
        }
        self.literals = Huffman::new(&lengths[..literal_count], true)?;
        self.distances = Huffman::new(&lengths[literal_count..total], false)?;
        Ok(())
    }

    fn stored(&mut self, left: usize, last: bool, limit: usize) -> Result<()> {
        let n = left.min(limit - self.filled);
        // Whole bytes still in the bit buffer come first, then the input itself.
        let mut copied = 0;
        while copied < n && self.input.nbits >= 8 {
            self.buf[self.filled] = self.input.bits(8) as u8;
            self.filled += 1;
            copied += 1;
        }
        if self.input.overrun() {
            return Err(CropError::truncated("PNG image data ends early"));
        }
        let mut direct = n - copied;
        while direct > 0 {
            let bits = &mut self.input;
            if bits.pos == bits.input.len() && !bits.enter_next_part()? {
                return Err(CropError::truncated("PNG image data ends inside a stored block"));
            }
            let k = direct.min(bits.input.len() - bits.pos);
            self.buf[self.filled..self.filled + k].copy_from_slice(&bits.input[bits.pos..bits.pos + k]);
            bits.pos += k;
            self.filled += k;
            direct -= k;
        }
        self.state = if left == n {
            State::BlockStart { last_seen: last }
        } else {
            State::Stored { left: left - n, last }
        };
        Ok(())
    }
}

/// The symbol loop of a compressed block, until `limit` bytes of output or the block's end
/// (then true). A function of its own so V8 optimises it early in the first export; the bit
/// reader's state lives in locals here (stores into the output could otherwise alias it, and
/// every symbol would reload it from memory).
#[inline(never)]
fn decode_codes(z: &mut Inflater, limit: usize) -> Result<bool> {
    let Inflater { input: bits, literals, distances, buf, filled, .. } = z;
    let (lit, dist) = (&literals.fast[..], &distances.fast[..]);
    let buf = &mut buf[..];
    let mut out = *filled;
    let (mut input, mut pos, mut buffer, mut nbits) = (bits.input, bits.pos, bits.buffer, bits.nbits);
    // Hands the locals to `bits` for a call that reads bits, and takes them back after.
    macro_rules! with_bits {
        ($call:expr) => {{
            (bits.pos, bits.buffer, bits.nbits) = (pos, buffer, nbits);
            let r = $call;
            (input, pos, buffer, nbits) = (bits.input, bits.pos, bits.buffer, bits.nbits);
            r
        }};
    }
    let result = loop {
        if out >= limit {
            break Ok(false);
        }
        // Literal/length (15) + extra (5) + distance (15) + extra (13) bits.
        if nbits < 48 {
            if let Some(word) = input.get(pos..pos + 8) {
                buffer |= u64::from_le_bytes(word.try_into().expect("8 bytes")) << nbits;
                let bytes = (63 - nbits) / 8;
                pos += bytes as usize;
                nbits += bytes * 8;
            } else if let Err(e) = with_bits!(bits.refill_slowly()) {
                break Err(e);
            }
        }
        let entry = lit[(buffer & FAST_MASK) as usize];
        if entry & LITERAL != 0 {
            // Literals, the bulk of photo data: up to three per refill (each code is at most
            // 15 bits, 48 are buffered), without the loop's checks in between (the limit
            // leaves room for a match, so for two more bytes too).
            let mut entry = entry;
            for _ in 0..3 {
                buffer >>= entry & 15;
                nbits -= entry & 15;
                buf[out] = (entry >> 16) as u8;
                out += 1;
                entry = lit[(buffer & FAST_MASK) as usize];
                if entry & LITERAL == 0 {
                    break;
                }
            }
            continue;
        }
        let sym = if entry & 15 != 0 {
            buffer >>= entry & 15;
            nbits -= entry & 15;
            entry >> 16
        } else {
            match with_bits!(bits.long_symbol(literals)) {
                Ok(sym) => sym,
                Err(e) => break Err(e),
            }
        };
        if sym < 256 {
            buf[out] = sym as u8;
            out += 1;
            continue;
        }
        if sym == 256 {
            break Ok(true);
        }
        let k = sym as usize - 257;
        if k >= LENGTH_BASE.len() {
            break Err(corrupt("invalid length code"));
        }
        let extra = LENGTH_EXTRA[k] as u32;
        let len = LENGTH_BASE[k] as usize + (buffer & ((1 << extra) - 1)) as usize;
        buffer >>= extra;
        nbits -= extra;
        let entry = dist[(buffer & FAST_MASK) as usize];
        let d = if entry & 15 != 0 {
            buffer >>= entry & 15;
            nbits -= entry & 15;
            (entry >> 16) as usize
        } else {
            match with_bits!(bits.long_symbol(distances)) {
                Ok(d) => d as usize,
                Err(e) => break Err(e),
            }
        };
        if d >= DIST_BASE.len() {
            break Err(corrupt("invalid distance code"));
        }
        let extra = DIST_EXTRA[d] as u32;
        let distance = DIST_BASE[d] as usize + (buffer & ((1 << extra) - 1)) as usize;
        buffer >>= extra;
        nbits -= extra;
        if distance > out {
            break Err(corrupt("match distance before the start of the data"));
        }
        copy_match(buf, out, distance, len);
        out += len;
    };
    *filled = out;
    (bits.input, bits.pos, bits.buffer, bits.nbits) = (input, pos, buffer, nbits);
    // Zero padding decoded as codes: the stream was cut.
    if bits.overrun() {
        return Err(CropError::truncated("PNG image data ends early"));
    }
    result
}

/// Appends `len` bytes copied from `dist` back at `at` (overlapping when `dist < len`: the
/// copy repeats the last `dist` bytes).
#[inline(always)]
fn copy_match(buf: &mut [u8], at: usize, dist: usize, len: usize) {
    let from = at - dist;
    if dist >= len {
        buf.copy_within(from..from + len, at);
    } else {
        let run = &mut buf[from..at + len];
        for i in dist..dist + len {
            run[i] = run[i - dist];
        }
    }
}

fn corrupt(what: &str) -> CropError {
    CropError::corrupt(format!("PNG image data: {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut z = fdeflate::Compressor::new(Vec::new()).unwrap();
        z.write_data(data).unwrap();
        z.finish().unwrap()
    }

    fn part(data: &[u8]) -> Part<'_> {
        Part { data, crc: crate::codecs::png::crc32(&[b"IDAT", data]) }
    }

    fn inflate_all(zlib: &[u8], len: usize) -> Result<Vec<u8>> {
        // Split in three parts (the reader crosses part boundaries).
        let (a, b) = (zlib.len() / 3, zlib.len() * 2 / 3);
        let parts = [part(&zlib[..a]), part(&zlib[a..b]), part(&zlib[b..])];
        let mut z = Inflater::new(&parts, 1000)?;
        let mut out = Vec::new();
        while out.len() < len {
            let n = (len - out.len()).min(1000);
            out.extend_from_slice(z.take(n)?);
        }
        Ok(out)
    }

    #[test]
    fn stored_fixed_and_dynamic_blocks() {
        // Stored: the zlib header, one final stored block of 5 bytes.
        let stored = [0x78, 0x01, 0x01, 5, 0, !5, 0xFF, b'h', b'e', b'l', b'l', b'o'];
        assert_eq!(inflate_all(&stored, 5).unwrap(), b"hello");
        // Fixed Huffman codes with a match, as zlib writes short inputs (Python's
        // zlib.compress(b"hello hello hello", 1)).
        let fixed =
            [0x78, 0x01, 0xCB, 0x48, 0xCD, 0xC9, 0xC9, 0x57, 0xC8, 0x40, 0x90, 0x00, 0x3A, 0x2E, 0x06, 0x7D];
        assert_eq!(inflate_all(&fixed, 17).unwrap(), b"hello hello hello");
        // Dynamic blocks and long matches over a window slide.
        let data: Vec<u8> = (0..600_000u32).map(|i| ((i * 7 / 13) ^ (i >> 9)) as u8).collect();
        assert_eq!(inflate_all(&zlib(&data), data.len()).unwrap(), data);
    }

    #[test]
    fn bad_streams_are_typed_errors() {
        use crate::error::ErrorCode;
        assert_eq!(Inflater::new(&[part(&[0x78])], 10).err().unwrap().code, ErrorCode::Truncated);
        assert_eq!(Inflater::new(&[part(&[0x79, 0x01])], 10).err().unwrap().code, ErrorCode::CorruptData);
        let mut bad_crc = part(&[0x78, 0x01]);
        bad_crc.crc ^= 1;
        assert_eq!(Inflater::new(&[bad_crc], 10).err().unwrap().code, ErrorCode::CorruptData);
        let data: Vec<u8> = (0..5000u32).map(|i| (i % 251) as u8).collect();
        let z = zlib(&data);
        assert_eq!(inflate_all(&z[..z.len() / 2], data.len()).unwrap_err().code, ErrorCode::Truncated);
        // Asking for more than the stream holds.
        assert_eq!(inflate_all(&z, data.len() + 1).unwrap_err().code, ErrorCode::CorruptData);
        // Block type 3.
        assert_eq!(inflate_all(&[0x78, 0x01, 0x07, 0, 0], 1).unwrap_err().code, ErrorCode::CorruptData);
    }
}
