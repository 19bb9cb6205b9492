//! The bad-input corpus, shared by tests/export_bad_inputs.rs (native) and
//! tests/wasm_bad_inputs.rs (through the wasm boundary).
//!
//! Every case is generated here from small valid files (a committed libjpeg-turbo JPEG, a PNG
//! written by the png crate, GIF and BMP written by hand), so the corpus runs the same in wasm,
//! where the native-only dev-dependencies do not exist. Each case names the
//! stable error code a user should get (the README's table) for `export`, and what `probe`
//! (headers only, default limits) should say.
//!
//! Memory: `peak` is a counting global allocator (installed by each test binary that includes
//! this module); every case runs with `maxMemory` = 16 MiB unless it tests that option itself,
//! and the runner asserts that the bytes allocated during the export stay below the case's
//! limit plus [`SLACK`].
#![allow(dead_code)]

use image_cropper_wasm::geometry::CropMap;
use image_cropper_wasm::ErrorCode;

/// `maxMemory` of every case that does not test that option.
pub const MEMORY: u64 = 16 << 20;
/// What an export may allocate beyond `maxMemory` (decoder state, tables, zlib window, the
/// encoded output): the budget covers pixel buffers.
pub const SLACK: u64 = 1 << 20;

/// The options object as JS passes it (any value, NaN and Infinity included).
#[derive(Clone, Debug, Default)]
pub struct Opts {
    pub file_type: Option<&'static str>,
    pub quality: Option<f64>,
    pub fill_color: Option<&'static str>,
    pub shape: Option<&'static str>,
    pub max_bytes: Option<f64>,
    pub max_pixels: Option<f64>,
    pub max_memory: Option<f64>,
}

impl Opts {
    /// The corpus default: default options with `maxMemory` = [`MEMORY`].
    pub fn bounded() -> Opts {
        Opts { max_memory: Some(MEMORY as f64), ..Default::default() }
    }

    /// The heap bytes the export of a case with these options may allocate.
    pub fn peak_limit(&self) -> u64 {
        match self.max_memory {
            Some(m) if m.is_finite() && m >= 1.0 && m.fract() == 0.0 && (m as u64) < MEMORY => {
                m as u64 + SLACK
            }
            _ => MEMORY + SLACK,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProbeExpect {
    /// Probe succeeds with this displayed size.
    Size(u32, u32),
    Fails(ErrorCode),
}

#[derive(Clone, Debug)]
pub struct Case {
    pub name: String,
    pub bytes: Vec<u8>,
    pub map: CropMap,
    pub opts: Opts,
    pub probe: ProbeExpect,
    /// The error `export` (options parsing included) must return.
    pub export: ErrorCode,
}

use ErrorCode::{CorruptData, EncodeFailed, InvalidOption, TooLarge, Truncated, UnsupportedFormat};
use ProbeExpect::{Fails, Size};

fn case(
    name: impl Into<String>,
    bytes: Vec<u8>,
    map: CropMap,
    probe: ProbeExpect,
    export: ErrorCode,
) -> Case {
    Case { name: name.into(), bytes, map, opts: Opts::bounded(), probe, export }
}

fn with_opts(mut c: Case, opts: Opts) -> Case {
    c.opts = opts;
    c
}

pub fn crop(cx: f64, cy: f64, angle: f64, scale: f64, w: u32, h: u32) -> CropMap {
    CropMap {
        center_x: cx,
        center_y: cy,
        angle,
        scale,
        flip_x: false,
        flip_y: false,
        out_width: w,
        out_height: h,
    }
}

/// The whole `w × h` image at scale 1.
pub fn full(w: u32, h: u32) -> CropMap {
    crop(w as f64 / 2.0, h as f64 / 2.0, 0.0, 1.0, w, h)
}

/// The whole `w × h` image shrunk to at most 64 px per side.
pub fn full_small(w: u32, h: u32) -> CropMap {
    let scale = 64.0 / w.max(h) as f64;
    let (ow, oh) = (((w as f64 * scale).round() as u32).max(1), ((h as f64 * scale).round() as u32).max(1));
    crop(w as f64 / 2.0, h as f64 / 2.0, 0.0, scale, ow, oh)
}

// ---------------------------------------------------------------------------------------------
// Valid base files.

/// Smooth, deterministic RGB with some texture (so every format compresses it non-trivially).
pub fn rgb_pixels(w: u32, h: u32) -> Vec<u8> {
    let mut s = 0x1234_5678u32;
    let mut out = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h {
        for x in 0..w {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            let n = s >> 28;
            out.extend_from_slice(&[(x * 5 + n) as u8, (y * 7 + n) as u8, ((x + y) * 3) as u8]);
        }
    }
    out
}

pub fn rgba_pixels(w: u32, h: u32) -> Vec<u8> {
    rgb_pixels(w, h)
        .chunks_exact(3)
        .enumerate()
        .flat_map(|(i, p)| [p[0], p[1], p[2], (i * 37 % 256) as u8])
        .collect()
}

pub const JPEG_W: u32 = 83;
pub const JPEG_H: u32 = 61;
pub const PNG_W: u32 = 40;
pub const PNG_H: u32 = 24;
pub const GIF_W: u32 = 20;
pub const GIF_H: u32 = 12;
pub const BMP_W: u32 = 20;
pub const BMP_H: u32 = 12;

/// Baseline 4:2:0 JPEG with optimised Huffman tables, written by libjpeg-turbo (sharp; see
/// tests/fixtures/jpeg/make.js): DQT, DQT, SOF0, 4 × DHT, SOS, EOI. A committed file because
/// no JPEG encoder is available to wasm tests (jpeg-encoder is a native-only dev-dependency).
pub fn jpeg_base() -> Vec<u8> {
    include_bytes!("../fixtures/jpeg/baseline-optimised-420.jpg").to_vec()
}

/// RGBA PNG, zlib-compressed by the png crate.
pub fn png_base() -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, PNG_W, PNG_H);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        let mut w = enc.write_header().unwrap();
        w.write_image_data(&rgba_pixels(PNG_W, PNG_H)).unwrap();
        w.finish().unwrap();
    }
    out
}

/// PNG chunk checksum (the library's: its known values are tested in codecs/png/crc.rs).
pub fn crc32(data: &[u8]) -> u32 {
    image_cropper_wasm::codecs::png::crc32(&[data])
}

/// A PNG chunk with its length and CRC.
pub fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    out.extend_from_slice(&crc32(&out[4..]).to_be_bytes());
    out
}

pub fn ihdr(w: u32, h: u32, depth: u8, color: u8, interlace: u8) -> Vec<u8> {
    let mut d = w.to_be_bytes().to_vec();
    d.extend_from_slice(&h.to_be_bytes());
    d.extend_from_slice(&[depth, color, 0, 0, interlace]);
    png_chunk(b"IHDR", &d)
}

pub const PNG_SIG: &[u8; 8] = b"\x89PNG\r\n\x1a\n";

/// Signature + chunks.
pub fn png_file(chunks: &[Vec<u8>]) -> Vec<u8> {
    let mut out = PNG_SIG.to_vec();
    for c in chunks {
        out.extend_from_slice(c);
    }
    out
}

/// LSB-first bit writer (deflate's order); Huffman codes go in most significant bit first.
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn put(&mut self, value: u32, count: u32) {
        self.acc |= (value as u64) << self.n;
        self.n += count;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }
    fn code(&mut self, code: u32, len: u32) {
        for i in (0..len).rev() {
            self.put((code >> i) & 1, 1);
        }
    }
    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

/// A zlib stream of `total` (≥ 1) zero bytes at close to deflate's best ratio (~1000:1): one
/// dynamic-Huffman block whose only codes are the literal 0, end-of-block and "length 258"
/// (1 bit), with distance 1 (1 bit). Written by hand: a general compressor gets ~200:1.
pub fn zlib_zeros(total: usize) -> Vec<u8> {
    assert!(total >= 1);
    let mut b = Bits { out: vec![0x78, 0x01], acc: 0, n: 0 };
    b.put(1, 1); // BFINAL
    b.put(2, 2); // dynamic Huffman
    b.put(286 - 257, 5); // HLIT: literal/length codes 0..=285
    b.put(2 - 1, 5); // HDIST: distance codes 0, 1
    b.put(18 - 4, 4); // HCLEN: code length codes in the first 18 positions of the order
                      // Code length alphabet: 18 (runs of zeros) 1 bit, 1 and 2 two bits each.
    const ORDER: [usize; 18] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1];
    for sym in ORDER {
        b.put(
            match sym {
                18 => 1,
                1 | 2 => 2,
                _ => 0,
            },
            3,
        );
    }
    // Canonical codes: 18 -> 0, 1 -> 10, 2 -> 11.
    let len_code = |b: &mut Bits, l: u32| if l == 1 { b.code(0b10, 2) } else { b.code(0b11, 2) };
    let zeros = |b: &mut Bits, count: u32| {
        b.code(0, 1);
        b.put(count - 11, 7);
    };
    // Literal/length lengths: 0 -> 2, 1..=255 -> 0, 256 -> 2, 257..=284 -> 0, 285 -> 1.
    len_code(&mut b, 2);
    zeros(&mut b, 138);
    zeros(&mut b, 117);
    len_code(&mut b, 2);
    zeros(&mut b, 28);
    len_code(&mut b, 1);
    // Distance lengths: 0 -> 1, 1 -> 1.
    len_code(&mut b, 1);
    len_code(&mut b, 1);
    // Canonical literal/length codes: 285 -> 0, literal 0 -> 10, end of block -> 11.
    b.code(0b10, 2);
    let matches = (total - 1) / 258;
    for _ in 0..matches {
        b.code(0, 1); // length 258
        b.code(0, 1); // distance 1
    }
    for _ in 0..(total - 1) % 258 {
        b.code(0b10, 2);
    }
    b.code(0b11, 2);
    let mut out = b.finish();
    let adler = ((total % 65_521) as u32) << 16 | 1;
    out.extend_from_slice(&adler.to_be_bytes());
    out
}

/// Offsets of the PNG chunks: (type, start of the length field, end after the CRC).
pub fn png_chunks(png: &[u8]) -> Vec<([u8; 4], usize, usize)> {
    let mut out = Vec::new();
    let mut i = 8;
    while i + 12 <= png.len() {
        let len = u32::from_be_bytes(png[i..i + 4].try_into().unwrap()) as usize;
        let kind: [u8; 4] = png[i + 4..i + 8].try_into().unwrap();
        out.push((kind, i, i + 12 + len));
        i += 12 + len;
    }
    out
}

/// GIF89a with a 4-colour global palette and one `w × h` frame, written by hand: LZW with
/// 2-bit literals and a clear code every two pixels, so codes stay 3 bits wide.
pub fn gif_base() -> Vec<u8> {
    gif_file(GIF_W as u16, GIF_H as u16, true, Some((0, 0, GIF_W as u16, GIF_H as u16, 2)), true)
}

pub fn gif_header(w: u16, h: u16, global_palette: bool) -> Vec<u8> {
    let mut out = b"GIF89a".to_vec();
    out.extend_from_slice(&w.to_le_bytes());
    out.extend_from_slice(&h.to_le_bytes());
    out.push(if global_palette { 0x80 | 0x10 | 1 } else { 0 });
    out.extend_from_slice(&[0, 0]);
    if global_palette {
        out.extend_from_slice(&[0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255]);
    }
    out
}

/// `frame`: (x, y, w, h, LZW minimum code size) of one image with pixel data, or none.
pub fn gif_file(
    w: u16,
    h: u16,
    global_palette: bool,
    frame: Option<(u16, u16, u16, u16, u8)>,
    trailer: bool,
) -> Vec<u8> {
    let mut out = gif_header(w, h, global_palette);
    if let Some((fx, fy, fw, fh, min_code)) = frame {
        out.push(0x2C);
        for v in [fx, fy, fw, fh] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.push(0);
        out.push(min_code);
        // Pixel data for at most 4096 pixels: a huge frame gets a short stream (it ends early).
        let n = (fw as u32 * fh as u32).min(4096);
        let indices: Vec<u8> = (0..n).map(|i| ((i % fw as u32 / 3 + i / fw as u32) % 4) as u8).collect();
        let lzw = lzw_literals(&indices, 2);
        for block in lzw.chunks(255) {
            out.push(block.len() as u8);
            out.extend_from_slice(block);
        }
        out.push(0);
    }
    if trailer {
        out.push(0x3B);
    }
    out
}

/// Literal-only GIF LZW: clear, two literals, clear, … end (code width min_code + 1 throughout).
pub fn lzw_literals(indices: &[u8], min_code: u8) -> Vec<u8> {
    let clear = 1u32 << min_code;
    let width = min_code as u32 + 1;
    let mut codes = Vec::new();
    for pair in indices.chunks(2) {
        codes.push(clear);
        codes.extend(pair.iter().map(|&i| i as u32));
    }
    codes.push(clear + 1);
    let (mut out, mut acc, mut n) = (Vec::new(), 0u32, 0u32);
    for c in codes {
        acc |= c << n;
        n += width;
        while n >= 8 {
            out.push(acc as u8);
            acc >>= 8;
            n -= 8;
        }
    }
    if n > 0 {
        out.push(acc as u8);
    }
    out
}

/// BITMAPINFOHEADER BMP, 24-bit BI_RGB, bottom-up (or top-down when `height < 0`).
pub fn bmp_base() -> Vec<u8> {
    bmp_file(BMP_W as i32, BMP_H as i32, 24, 0, true)
}

pub fn bmp_file(width: i32, height: i32, bpp: u16, compression: u32, with_pixels: bool) -> Vec<u8> {
    let (w, h) = (width.unsigned_abs(), height.unsigned_abs());
    let stride = ((w as u64 * bpp as u64).div_ceil(32) * 4) as usize;
    let palette = if bpp <= 8 { 4usize << bpp } else { 0 };
    let offset = 14 + 40 + palette;
    let mut out = b"BM".to_vec();
    let size = if with_pixels { offset + stride * h as usize } else { offset };
    out.extend_from_slice(&(size as u32).to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(offset as u32).to_le_bytes());
    out.extend_from_slice(&40u32.to_le_bytes());
    out.extend_from_slice(&width.to_le_bytes());
    out.extend_from_slice(&height.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&bpp.to_le_bytes());
    out.extend_from_slice(&compression.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes()); // image size (0: BI_RGB)
    out.extend_from_slice(&[0; 16]); // resolution, colours used / important
    for k in 0..palette / 4 {
        out.extend_from_slice(&[(k * 40) as u8, (k * 90) as u8, (k * 10) as u8, 0]);
    }
    if with_pixels {
        let rgb = rgb_pixels(w, h);
        for row in 0..h {
            // File row `row` is image row h-1-row bottom-up, row top-down.
            let y = if height < 0 { row } else { h - 1 - row };
            let mut line = Vec::with_capacity(stride);
            for x in 0..w {
                let p = &rgb[((y * w + x) * 3) as usize..][..3];
                match bpp {
                    24 => line.extend_from_slice(&[p[2], p[1], p[0]]),
                    32 => line.extend_from_slice(&[p[2], p[1], p[0], 0]),
                    8 => line.push(p[0] % 4),
                    _ => {}
                }
            }
            line.resize(stride, 0);
            out.extend_from_slice(&line);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// JPEG structure.

/// A marker segment: marker code, offset of its 0xFF, offset after its payload (for SOS: after
/// the header; the entropy-coded data follows).
#[derive(Clone, Copy, Debug)]
pub struct Seg {
    pub marker: u8,
    pub start: usize,
    pub end: usize,
}

pub fn jpeg_segments(j: &[u8]) -> Vec<Seg> {
    let mut out = vec![Seg { marker: 0xD8, start: 0, end: 2 }];
    let mut i = 2;
    while i + 1 < j.len() {
        assert_eq!(j[i], 0xFF, "marker expected at {i}");
        let m = j[i + 1];
        if m == 0xD9 {
            out.push(Seg { marker: m, start: i, end: i + 2 });
            break;
        }
        let len = u16::from_be_bytes([j[i + 2], j[i + 3]]) as usize;
        out.push(Seg { marker: m, start: i, end: i + 2 + len });
        i += 2 + len;
        if m == 0xDA {
            // Entropy-coded data up to the next marker that is not a stuffed byte / restart.
            while i + 1 < j.len() && !(j[i] == 0xFF && j[i + 1] != 0 && !(0xD0..=0xD7).contains(&j[i + 1])) {
                i += 1;
            }
        }
    }
    out
}

pub fn seg(j: &[u8], marker: u8) -> Seg {
    *jpeg_segments(j).iter().find(|s| s.marker == marker).unwrap_or_else(|| panic!("no marker {marker:02X}"))
}

/// The file without the segment(s) with `marker`.
pub fn without(j: &[u8], marker: u8) -> Vec<u8> {
    let mut out = Vec::new();
    let mut last = 0;
    for s in jpeg_segments(j).iter().filter(|s| s.marker == marker) {
        out.extend_from_slice(&j[last..s.start]);
        last = s.end;
    }
    out.extend_from_slice(&j[last..]);
    out
}

fn patched(bytes: &[u8], at: usize, values: &[u8]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    b[at..at + values.len()].copy_from_slice(values);
    b
}

fn flipped(bytes: &[u8], at: usize, bit: u8) -> Vec<u8> {
    let mut b = bytes.to_vec();
    b[at] ^= 1 << bit;
    b
}

/// A DHT segment holding one table.
pub fn dht(class_id: u8, counts: &[u8; 16], values: &[u8]) -> Vec<u8> {
    let mut p = vec![class_id];
    p.extend_from_slice(counts);
    p.extend_from_slice(values);
    let mut out = vec![0xFF, 0xC4];
    out.extend_from_slice(&((p.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&p);
    out
}

/// Inserts `segment` just before the SOS segment (so it replaces tables defined earlier).
pub fn before_sos(j: &[u8], segment: &[u8]) -> Vec<u8> {
    let at = seg(j, 0xDA).start;
    let mut out = j[..at].to_vec();
    out.extend_from_slice(segment);
    out.extend_from_slice(&j[at..]);
    out
}

// ---------------------------------------------------------------------------------------------
// The corpus, by group.

pub fn truncations() -> Vec<Case> {
    let mut cases = Vec::new();
    let j = jpeg_base();
    let sof_end = seg(&j, 0xC0).end;
    let sos = seg(&j, 0xDA);
    let eoi = j.len() - 2;
    let data = eoi - sos.end;
    let mut cuts = vec![
        3,
        4,
        6,
        12,
        20,
        seg(&j, 0xDB).start + 5,
        sof_end - 3,
        sof_end,
        sof_end + 3,
        sos.start + 1,
        sos.end - 2,
        sos.end,
    ];
    cuts.extend((1..8).map(|k| sos.end + data * k / 8));
    cuts.extend([eoi - 1, eoi, eoi + 1]);
    cuts.sort_unstable();
    cuts.dedup();
    for cut in cuts {
        let probe = if cut >= sof_end { Size(JPEG_W, JPEG_H) } else { Fails(Truncated) };
        let what = if cut == eoi {
            " (missing EOI)"
        } else if cut == eoi + 1 {
            " (EOI cut in half)"
        } else {
            ""
        };
        cases.push(case(
            format!("jpeg cut at {cut} of {}{what}: truncated", j.len()),
            j[..cut].to_vec(),
            full(JPEG_W, JPEG_H),
            probe,
            Truncated,
        ));
    }

    let p = png_base();
    let chunks = png_chunks(&p);
    let idat = chunks.iter().find(|c| &c.0 == b"IDAT").unwrap();
    let (idat_data, idat_end) = (idat.1 + 8, idat.2);
    let mut cuts = vec![8, 9, 12, 16, 20, 29, 33, 37, idat_data - 2, idat_data];
    let body = idat_end - 4 - 6 - idat_data;
    cuts.extend((1..8).map(|k| idat_data + body * k / 8));
    for cut in cuts {
        // The png crate reads the header chunks up to the first IDAT's header.
        let probe = if cut >= idat_data { Size(PNG_W, PNG_H) } else { Fails(Truncated) };
        cases.push(case(
            format!("png cut at {cut} of {}: truncated", p.len()),
            p[..cut].to_vec(),
            full(PNG_W, PNG_H),
            probe,
            Truncated,
        ));
    }
    // Cut after the deflate data of the last row, before the end of the zlib stream and the
    // IDAT CRC. The crop needs the last row, so the decoder reads to the IDAT's end anyway and
    // must find that it is missing (as it must check that CRC: see the bit flips).
    let cut = idat_end - 10;
    cases.push(case(
        format!(
            "png cut at {cut} of {} (last 2 deflate bytes, Adler-32, CRC, IEND missing): truncated",
            p.len()
        ),
        p[..cut].to_vec(),
        full(PNG_W, PNG_H),
        Size(PNG_W, PNG_H),
        Truncated,
    ));

    let g = gif_base();
    let image_at = 13 + 12;
    for (cut, probe) in [
        (6, Fails(Truncated)),
        (9, Fails(Truncated)),
        (13, Size(GIF_W, GIF_H)),
        (20, Size(GIF_W, GIF_H)),
        (image_at + 5, Size(GIF_W, GIF_H)),
        (image_at + 11, Size(GIF_W, GIF_H)),
        (g.len() / 2, Size(GIF_W, GIF_H)),
        (g.len() - 3, Size(GIF_W, GIF_H)),
    ] {
        cases.push(case(
            format!("gif cut at {cut} of {}: truncated", g.len()),
            g[..cut].to_vec(),
            full(GIF_W, GIF_H),
            probe,
            Truncated,
        ));
    }

    let b = bmp_base();
    for (cut, probe) in [
        (2, Fails(UnsupportedFormat)),
        (14, Fails(Truncated)),
        (30, Fails(Truncated)),
        (54 + 10, Size(BMP_W, BMP_H)),
        (b.len() / 2, Size(BMP_W, BMP_H)),
        (b.len() - 1, Size(BMP_W, BMP_H)),
    ] {
        // 2 bytes ("BM") are too short to call the file a BMP at all.
        let code = if cut < 14 { UnsupportedFormat } else { Truncated };
        cases.push(case(
            format!("bmp cut at {cut} of {}: {}", b.len(), code.as_str()),
            b[..cut].to_vec(),
            full(BMP_W, BMP_H),
            probe,
            code,
        ));
    }
    cases.push(case("empty file: truncated", Vec::new(), full(8, 8), Fails(Truncated), Truncated));
    cases
}

/// Single-bit flips at places whose outcome is defined (PNG: every chunk has a CRC; JPEG and
/// GIF: markers and header fields).
pub fn bit_flips() -> Vec<Case> {
    let mut cases = Vec::new();
    let p = png_base();
    let chunks = png_chunks(&p);
    let idat = chunks.iter().find(|c| &c.0 == b"IDAT").unwrap();
    let full_png = full(PNG_W, PNG_H);
    cases.push(case(
        "png signature bit flip: unsupported_format",
        flipped(&p, 1, 0),
        full_png,
        Fails(UnsupportedFormat),
        UnsupportedFormat,
    ));
    cases.push(case(
        "png signature last byte bit flip: unsupported_format",
        flipped(&p, 7, 3),
        full_png,
        Fails(UnsupportedFormat),
        UnsupportedFormat,
    ));
    // IHDR: a flipped type, value or CRC byte fails the chunk's CRC (or its name).
    for (at, what) in [(12, "IHDR type"), (19, "IHDR width"), (24, "IHDR bit depth"), (30, "IHDR CRC")] {
        cases.push(case(
            format!("png {what} bit flip: corrupt_data"),
            flipped(&p, at, 1),
            full_png,
            Fails(CorruptData),
            CorruptData,
        ));
    }
    // IDAT data and CRC: CRC mismatch. The header is fine, so probe succeeds. The crop needs
    // every row, so the decoder reads the whole IDAT chunk and can check its CRC: a flipped
    // bit in the pixels must not become a silently different picture.
    let data_len = idat.2 - 4 - (idat.1 + 8);
    for k in [0, 1, 2, 5, 7] {
        let at = idat.1 + 8 + data_len * k / 8;
        cases.push(case(
            format!("png IDAT byte {at} bit flip: corrupt_data"),
            flipped(&p, at, (k % 8) as u8),
            full_png,
            Size(PNG_W, PNG_H),
            CorruptData,
        ));
    }
    cases.push(case(
        "png IDAT CRC bit flip: corrupt_data",
        flipped(&p, idat.2 - 2, 6),
        full_png,
        Size(PNG_W, PNG_H),
        CorruptData,
    ));

    let j = jpeg_base();
    let full_jpeg = full(JPEG_W, JPEG_H);
    let (dqt, sof, dht, sos) = (seg(&j, 0xDB), seg(&j, 0xC0), seg(&j, 0xC4), seg(&j, 0xDA));
    // The layout the expectations below assume: probe reads up to the SOF only.
    assert!(dqt.end <= sof.start && sof.end <= dht.start && dht.end <= sos.start);
    let ok = Size(JPEG_W, JPEG_H);
    cases.push(case(
        "jpeg SOI bit flip: unsupported_format",
        flipped(&j, 1, 2),
        full_jpeg,
        Fails(UnsupportedFormat),
        UnsupportedFormat,
    ));
    // FF of a marker becomes FE (or 7F): no marker where one must be.
    // (The second DQT: the first one's FF is part of the JPEG signature FF D8 FF.)
    let dqt2 = jpeg_segments(&j).into_iter().filter(|s| s.marker == 0xDB).nth(1).unwrap();
    assert!(dqt2.end <= sof.start);
    cases.push(case(
        "jpeg second DQT marker FF bit flip (before SOF): corrupt_data",
        flipped(&j, dqt2.start, 0),
        full_jpeg,
        Fails(CorruptData),
        CorruptData,
    ));
    cases.push(case(
        "jpeg SOF marker FF bit flip: corrupt_data",
        flipped(&j, sof.start, 7),
        full_jpeg,
        Fails(CorruptData),
        CorruptData,
    ));
    cases.push(case(
        "jpeg DHT marker FF bit flip (after SOF): corrupt_data",
        flipped(&j, dht.start, 4),
        full_jpeg,
        ok,
        CorruptData,
    ));
    // Pq/Tq = 0x00 -> 0x04: table id 4 does not exist. (Probe skips table contents.)
    cases.push(case(
        "jpeg DQT table id bit flip: corrupt_data",
        flipped(&j, dqt.start + 4, 2),
        full_jpeg,
        ok,
        CorruptData,
    ));
    // Component 1's sampling 0x22 -> 0x20: vertical factor 0.
    assert_eq!(j[sof.start + 11], 0x22);
    cases.push(case(
        "jpeg SOF sampling factor bit flip: corrupt_data",
        flipped(&j, sof.start + 11, 1),
        full_jpeg,
        Fails(CorruptData),
        CorruptData,
    ));
    // Component 2's quantization table 1 -> 3: a table the file never defines.
    assert_eq!(j[sof.start + 15], 1);
    cases.push(case(
        "jpeg SOF quant table selector bit flip: corrupt_data",
        flipped(&j, sof.start + 15, 1),
        full_jpeg,
        ok,
        CorruptData,
    ));
    // First scan component id 1 -> 0x41: not a frame component.
    assert_eq!(j[sos.start + 5], 1);
    cases.push(case(
        "jpeg SOS component id bit flip: corrupt_data",
        flipped(&j, sos.start + 5, 6),
        full_jpeg,
        ok,
        CorruptData,
    ));
    // Tc/Th = 0x00 -> 0x20: table class 2.
    assert_eq!(j[dht.start + 4], 0);
    cases.push(case(
        "jpeg DHT table class bit flip: corrupt_data",
        flipped(&j, dht.start + 4, 5),
        full_jpeg,
        ok,
        CorruptData,
    ));
    // EOI FF D9 -> FF 59: an unknown marker with a segment length running off the end.
    cases.push(case("jpeg EOI bit flip: truncated", flipped(&j, j.len() - 1, 7), full_jpeg, ok, Truncated));

    let g = gif_base();
    cases.push(case(
        "gif magic bit flip: unsupported_format",
        flipped(&g, 4, 0),
        full(GIF_W, GIF_H),
        Fails(UnsupportedFormat),
        UnsupportedFormat,
    ));
    // Image separator 0x2C -> 0x2D: an unknown block.
    cases.push(case(
        "gif image separator bit flip: corrupt_data",
        flipped(&g, 25, 0),
        full(GIF_W, GIF_H),
        Size(GIF_W, GIF_H),
        CorruptData,
    ));
    cases
}

pub fn wrong_magic() -> Vec<Case> {
    let m = full(8, 8);
    let mut heic = vec![0, 0, 0, 24];
    heic.extend_from_slice(b"ftypheic\0\0\0\0mif1heic");
    heic.extend_from_slice(&[0; 64]);
    let mut webp = b"RIFF\x40\0\0\0WEBPVP8 ".to_vec();
    webp.extend_from_slice(&[0; 52]);
    let mut cases = vec![
        case(
            "text file: unsupported_format",
            b"hello, this is not an image\n".to_vec(),
            m,
            Fails(UnsupportedFormat),
            UnsupportedFormat,
        ),
        case("HEIC (ftyp heic): unsupported_format", heic, m, Fails(UnsupportedFormat), UnsupportedFormat),
        case(
            "TIFF (II*): unsupported_format",
            b"II*\0\x08\0\0\0\0\0\0\0\0\0\0\0".to_vec(),
            m,
            Fails(UnsupportedFormat),
            UnsupportedFormat,
        ),
        case(
            "PDF: unsupported_format",
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec(),
            m,
            Fails(UnsupportedFormat),
            UnsupportedFormat,
        ),
        // Recognised but not decoded by the shipped build (the `webp` feature is off).
        case("WebP: unsupported_format", webp, m, Fails(UnsupportedFormat), UnsupportedFormat),
        case(
            "GIF88a: unsupported_format",
            patched(&gif_base(), 3, b"88a"),
            m,
            Fails(UnsupportedFormat),
            UnsupportedFormat,
        ),
        case(
            "JPEG SOI without a marker after it: unsupported_format",
            patched(&jpeg_base(), 2, &[0x00]),
            m,
            Fails(UnsupportedFormat),
            UnsupportedFormat,
        ),
        case("zeros: unsupported_format", vec![0; 100], m, Fails(UnsupportedFormat), UnsupportedFormat),
        case("PNG signature only: truncated", PNG_SIG.to_vec(), m, Fails(Truncated), Truncated),
        case("JPEG SOI only: truncated", vec![0xFF, 0xD8, 0xFF], m, Fails(Truncated), Truncated),
        case("GIF signature only: truncated", b"GIF89a".to_vec(), m, Fails(Truncated), Truncated),
    ];
    // PNG signature followed by text: the first chunk is not IHDR.
    let mut p = PNG_SIG.to_vec();
    p.extend_from_slice(b"\0\0\0\x0dhello world, no chunks here");
    cases.push(case("PNG signature then garbage: corrupt_data", p, m, Fails(CorruptData), CorruptData));
    // A BMP file header with a DIB header size of 0.
    let mut b = bmp_base();
    b[14..18].copy_from_slice(&0u32.to_le_bytes());
    cases.push(case("BMP with DIB header size 0: corrupt_data", b, m, Fails(CorruptData), CorruptData));
    cases
}

fn jpeg_sof_size(w: u16, h: u16) -> Vec<u8> {
    let j = jpeg_base();
    let sof = seg(&j, 0xC0).start;
    let mut b = j.clone();
    b[sof + 5..sof + 7].copy_from_slice(&h.to_be_bytes());
    b[sof + 7..sof + 9].copy_from_slice(&w.to_be_bytes());
    b
}

fn png_size(w: u32, h: u32) -> Vec<u8> {
    let p = png_base();
    let chunks = png_chunks(&p);
    let mut out = PNG_SIG.to_vec();
    out.extend_from_slice(&ihdr(w, h, 8, 6, 0));
    for c in &chunks[1..] {
        out.extend_from_slice(&p[c.1..c.2]);
    }
    out
}

pub fn dimensions() -> Vec<Case> {
    let m = full(16, 16);
    let mut cases = vec![
        case("jpeg width 0: corrupt_data", jpeg_sof_size(0, 32), m, Fails(CorruptData), CorruptData),
        // Height 0 in SOF means "the height comes in a DNL marker", a JPEG feature we don't decode.
        case(
            "jpeg height 0 (DNL): unsupported_format",
            jpeg_sof_size(48, 0),
            m,
            Fails(UnsupportedFormat),
            UnsupportedFormat,
        ),
        case("png width 0: corrupt_data", png_size(0, 24), m, Fails(CorruptData), CorruptData),
        case("png height 0: corrupt_data", png_size(40, 0), m, Fails(CorruptData), CorruptData),
        case(
            "gif screen 0x0: corrupt_data",
            gif_file(0, 0, true, Some((0, 0, 4, 4, 2)), true),
            m,
            Fails(CorruptData),
            CorruptData,
        ),
        case("bmp width 0: corrupt_data", bmp_file(0, 12, 24, 0, true), m, Fails(CorruptData), CorruptData),
        case("bmp height 0: corrupt_data", bmp_file(20, 0, 24, 0, true), m, Fails(CorruptData), CorruptData),
        case(
            "bmp negative width: corrupt_data",
            bmp_file(-20, 12, 24, 0, true),
            m,
            Fails(CorruptData),
            CorruptData,
        ),
        case(
            "bmp height i32::MIN: corrupt_data",
            bmp_file(20, i32::MIN, 24, 0, false),
            m,
            Fails(CorruptData),
            CorruptData,
        ),
        // 65535 × 65535 = 4.3 G pixels in a file of a few hundred bytes. JPEG, PNG and BMP
        // decode regions (JPEG at N/8 too), so the size alone is no error (probe gives it); what
        // a crop of it must hold is refused before anything is allocated: the whole-image crop
        // needs 8192² samples even at 1/8 DCT scale.
        case(
            "jpeg 65535x65535 in a tiny file, whole-image crop: too_large",
            jpeg_sof_size(65535, 65535),
            full_small(65535, 65535),
            Size(65535, 65535),
            TooLarge,
        ),
        case(
            "png 65535x65535 header only: truncated",
            png_file(&[ihdr(65535, 65535, 8, 6, 0)]),
            full_small(65535, 65535),
            Fails(Truncated),
            Truncated,
        ),
        case(
            "png 65535x65535 with a tiny IDAT, whole-image crop: too_large",
            png_size(65535, 65535),
            full_small(65535, 65535),
            Size(65535, 65535),
            TooLarge,
        ),
        // GIF is decoded whole: its pixel count is capped (maxPixels) from the header on.
        case(
            "gif screen 65535x65535: too_large",
            gif_file(65535, 65535, true, Some((0, 0, 4, 4, 2)), true),
            full_small(65535, 65535),
            Fails(TooLarge),
            TooLarge,
        ),
        case(
            "bmp 65535x65535 header only, whole-image crop: too_large",
            bmp_file(65535, 65535, 24, 0, false),
            full_small(65535, 65535),
            Size(65535, 65535),
            TooLarge,
        ),
        case(
            "bmp 65535x-65535 (top-down) header only, whole-image crop: too_large",
            bmp_file(65535, -65535, 24, 0, false),
            full_small(65535, 65535),
            Size(65535, 65535),
            TooLarge,
        ),
        // Sides above 65535 (JPEG's own limit) are refused whatever the format.
        case(
            "png 65536x16: too_large",
            png_size(65536, 16),
            full_small(65536, 16),
            Fails(TooLarge),
            TooLarge,
        ),
        case(
            "bmp 16x100000 header only: too_large",
            bmp_file(16, 100_000, 24, 0, false),
            full_small(16, 100_000),
            Fails(TooLarge),
            TooLarge,
        ),
        // Interlaced PNG is decoded whole: 20000² = 400 M pixels is over maxPixels (268 M).
        case(
            "png interlaced 20000x20000 (decoded whole): too_large",
            png_file(&[
                ihdr(20_000, 20_000, 8, 0, 1),
                png_chunk(b"IDAT", &zlib_zeros(16)),
                png_chunk(b"IEND", &[]),
            ]),
            crop(8.0, 8.0, 0.0, 1.0, 16, 16),
            Fails(TooLarge),
            TooLarge,
        ),
        // export_mode 'source' of a 200 MP photo: a 16320x12240 output is refused from the map,
        // before the file is read: what it would hold is over maxMemory (and a 20000² one is
        // over maxPixels too).
        case(
            "jpeg 16320x12240, source-size output (16320x12240 JPEG): too_large",
            jpeg_sof_size(16320, 12240),
            crop(8160.0, 6120.0, 0.0, 1.0, 16320, 12240),
            Size(16320, 12240),
            TooLarge,
        ),
        case(
            "jpeg 20000x20000, source-size output (20000x20000 PNG): too_large",
            jpeg_sof_size(20000, 20000),
            crop(10000.0, 10000.0, 0.0, 1.0, 20000, 20000),
            Size(20000, 20000),
            TooLarge,
        ),
    ];
    // …while a small crop of a huge image needs little memory, and then the missing data is
    // the error: the JPEG's scan data ends at its EOI long before the announced size (a file
    // that lies about its size, not a cut one: corrupt_data); the BMP file just ends
    // (truncated).
    cases.push(case(
        "jpeg 65535x65535, 64x64 crop at the centre: corrupt_data",
        jpeg_sof_size(65535, 65535),
        crop(32767.5, 32767.5, 0.0, 1.0, 64, 64),
        Size(65535, 65535),
        CorruptData,
    ));
    cases.push(case(
        "bmp 65535x65535, 64x64 crop: truncated",
        bmp_file(65535, 65535, 24, 0, false),
        crop(100.0, 100.0, 0.0, 1.0, 64, 64),
        Size(65535, 65535),
        Truncated,
    ));
    // A GIF frame far larger than its 16×16 screen (the frame buffer is refused).
    cases.push(case(
        "gif 65535x65535 frame on a 16x16 screen: too_large",
        gif_file(16, 16, true, Some((0, 0, 65535, 65535, 2)), true),
        full(16, 16),
        Size(16, 16),
        TooLarge,
    ));
    // zlib bombs: a valid 8192×8192 image of zeros is 65 KB of IDAT; decoding the whole image
    // needs 64 MiB, over the 16 MiB budget.
    let (bw, bh) = (8192u32, 8192u32);
    let raw = (bw as usize + 1) * bh as usize;
    let bomb =
        png_file(&[ihdr(bw, bh, 8, 0, 0), png_chunk(b"IDAT", &zlib_zeros(raw)), png_chunk(b"IEND", &[])]);
    cases.push(case(
        format!("png zlib bomb ({} bytes -> {raw} bytes), whole-image crop: too_large", bomb.len()),
        bomb,
        full_small(bw, bh),
        Size(bw, bh),
        TooLarge,
    ));
    // Adam7: the decoder needs the full frame.
    let raw7 = adam7_raw_len(bw, bh, 1);
    let bomb7 =
        png_file(&[ihdr(bw, bh, 8, 0, 1), png_chunk(b"IDAT", &zlib_zeros(raw7)), png_chunk(b"IEND", &[])]);
    cases.push(case(
        format!("png interlaced zlib bomb ({} bytes -> {raw7} bytes), corner crop: too_large", bomb7.len()),
        bomb7,
        crop(8.0, 8.0, 0.0, 1.0, 16, 16),
        Size(bw, bh),
        TooLarge,
    ));
    cases
}

/// Bytes of the filtered Adam7 passes of a `w × h` image with `bpp` bytes per pixel.
pub fn adam7_raw_len(w: u32, h: u32, bpp: usize) -> usize {
    let mut n = 0;
    for (x0, y0, dx, dy) in
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
    {
        if x0 >= w || y0 >= h {
            continue;
        }
        let pw = (w - x0).div_ceil(dx) as usize;
        let ph = (h - y0).div_ceil(dy) as usize;
        n += ph * (1 + pw * bpp);
    }
    n
}

pub fn jpeg_structure() -> Vec<Case> {
    let j = jpeg_base();
    let m = full(JPEG_W, JPEG_H);
    let ok = Size(JPEG_W, JPEG_H);
    let dht_seg = seg(&j, 0xC4);
    let sos = seg(&j, 0xDA);
    let sof = seg(&j, 0xC0);
    let mut cases = Vec::new();
    // Huffman tables. Three 1-bit codes: over-subscribed.
    let mut counts = [0u8; 16];
    counts[0] = 3;
    cases.push(case(
        "jpeg DHT over-subscribed (three 1-bit codes): corrupt_data",
        before_sos(&j, &dht(0x00, &counts, &[0, 1, 2])),
        m,
        ok,
        CorruptData,
    ));
    let mut counts = [0u8; 16];
    counts[1] = 4;
    counts[2] = 1;
    cases.push(case(
        "jpeg DHT over-subscribed (four 2-bit codes + one 3-bit): corrupt_data",
        before_sos(&j, &dht(0x10, &counts, &[1, 2, 3, 4, 0])),
        m,
        ok,
        CorruptData,
    ));
    cases.push(case(
        "jpeg DHT with no codes: corrupt_data",
        before_sos(&j, &dht(0x00, &[0; 16], &[])),
        m,
        ok,
        CorruptData,
    ));
    let mut counts = [0u8; 16];
    counts[15] = 255;
    counts[14] = 255;
    cases.push(case(
        "jpeg DHT with 510 symbols: corrupt_data",
        before_sos(&j, &dht(0x10, &counts, &[0; 510])),
        m,
        ok,
        CorruptData,
    ));
    // Counts promise more symbols than the segment holds.
    let mut short =
        dht(0x00, &[0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0], &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    short.truncate(short.len() - 4);
    let l = (short.len() - 2) as u16;
    short[2..4].copy_from_slice(&l.to_be_bytes());
    cases.push(case(
        "jpeg DHT shorter than its counts: corrupt_data",
        before_sos(&j, &short),
        m,
        ok,
        CorruptData,
    ));
    // A valid but incomplete DC table (one 1-bit code "0"): the data soon has a code it lacks.
    let mut counts = [0u8; 16];
    counts[0] = 1;
    cases.push(case(
        "jpeg Huffman code not in the table: corrupt_data",
        before_sos(&j, &dht(0x00, &counts, &[5])),
        m,
        ok,
        CorruptData,
    ));
    // The scan uses DC table 3, never defined.
    cases.push(case(
        "jpeg scan uses an undefined Huffman table: corrupt_data",
        patched(&j, sos.start + 6, &[0x30]),
        m,
        ok,
        CorruptData,
    ));
    // Structure.
    cases.push(case(
        "jpeg missing SOS (EOI right after the tables): corrupt_data",
        [&j[..sos.start], &[0xFF, 0xD9][..]].concat(),
        m,
        ok,
        CorruptData,
    ));
    cases.push(case("jpeg missing SOS and EOI: truncated", j[..sos.start].to_vec(), m, ok, Truncated));
    cases.push(case("jpeg missing EOI: truncated", j[..j.len() - 2].to_vec(), m, ok, Truncated));
    cases.push(case("jpeg missing SOF: corrupt_data", without(&j, 0xC0), m, Fails(CorruptData), CorruptData));
    cases.push(case("jpeg missing DQT: corrupt_data", without(&j, 0xDB), m, ok, CorruptData));
    // Without DHT, tables 0 and 1 default to those of T.81 Annex K.3 (tests/jpeg_decoder.rs);
    // tables 2 and 3 have no default.
    cases.push(case(
        "jpeg missing DHT, scan on tables 2 (no default): corrupt_data",
        without(&patched(&j, sos.start + 6, &[0x22]), 0xC4),
        m,
        ok,
        CorruptData,
    ));
    let two_sof = [&j[..dht_seg.start], &j[sof.start..sof.end], &j[dht_seg.start..]].concat();
    cases.push(case("jpeg with two SOF: corrupt_data", two_sof, m, ok, CorruptData));
    // A segment length of 1 (less than its own two bytes), before the SOF (probe fails too)
    // and after it.
    let dqt = seg(&j, 0xDB).start;
    assert!(dqt < sof.start && dht_seg.start > sof.start);
    cases.push(case(
        "jpeg DQT segment length 1 (before SOF): corrupt_data",
        patched(&j, dqt + 2, &[0, 1]),
        m,
        Fails(CorruptData),
        CorruptData,
    ));
    cases.push(case(
        "jpeg DHT segment length 1 (after SOF): corrupt_data",
        patched(&j, dht_seg.start + 2, &[0, 1]),
        m,
        ok,
        CorruptData,
    ));
    // A segment length running past the end of the file.
    cases.push(case(
        "jpeg DQT segment length past the end (before SOF): truncated",
        patched(&j, dqt + 2, &[0xFF, 0xF0]),
        m,
        Fails(Truncated),
        Truncated,
    ));
    cases.push(case(
        "jpeg DHT segment length past the end (after SOF): truncated",
        patched(&j, dht_seg.start + 2, &[0xFF, 0xF0]),
        m,
        ok,
        Truncated,
    ));
    // The entropy-coded data replaced by stuffed FF 00 pairs: all ones, which no DC code is.
    let ones: Vec<u8> = (0..(j.len() - 2 - sos.end) / 2).flat_map(|_| [0xFF, 0x00]).collect();
    let garbage = [&j[..sos.end], &ones[..], &[0xFF, 0xD9][..]].concat();
    cases.push(case("jpeg entropy data all ones: corrupt_data", garbage, m, ok, CorruptData));
    // Frame coding processes we don't decode. Probe reads the SOF, so it fails the same way.
    for (marker, what) in [
        (0xC3, "lossless (SOF3)"),
        (0xC9, "arithmetic (SOF9)"),
        (0xCA, "progressive arithmetic (SOF10)"),
        (0xC5, "hierarchical (SOF5)"),
        (0xC7, "hierarchical lossless (SOF7)"),
    ] {
        cases.push(case(
            format!("jpeg {what}: unsupported_format"),
            patched(&j, sof.start + 1, &[marker]),
            m,
            Fails(UnsupportedFormat),
            UnsupportedFormat,
        ));
    }
    let mut twelve = patched(&j, sof.start + 1, &[0xC1]);
    twelve[sof.start + 4] = 12;
    cases.push(case(
        "jpeg 12-bit extended (SOF1, P=12): unsupported_format",
        twelve,
        m,
        Fails(UnsupportedFormat),
        UnsupportedFormat,
    ));
    let mut twelve_p = patched(&j, sof.start + 1, &[0xC2]);
    twelve_p[sof.start + 4] = 12;
    cases.push(case(
        "jpeg 12-bit progressive (SOF2, P=12): unsupported_format",
        twelve_p,
        m,
        Fails(UnsupportedFormat),
        UnsupportedFormat,
    ));
    cases
}

pub fn other_formats() -> Vec<Case> {
    let mut cases = Vec::new();
    let m = full(GIF_W, GIF_H);
    let gsize = Size(GIF_W, GIF_H);
    cases.push(case(
        "gif with no frames (header, palette, trailer): corrupt_data",
        gif_file(GIF_W as u16, GIF_H as u16, true, None, true),
        m,
        gsize,
        CorruptData,
    ));
    cases.push(case(
        "gif with no frames and no trailer: truncated",
        gif_file(GIF_W as u16, GIF_H as u16, true, None, false),
        m,
        gsize,
        Truncated,
    ));
    cases.push(case(
        "gif frame without any colour table: corrupt_data",
        gif_file(GIF_W as u16, GIF_H as u16, false, Some((0, 0, GIF_W as u16, GIF_H as u16, 2)), true),
        m,
        gsize,
        CorruptData,
    ));
    for code in [0u8, 12] {
        let g = gif_file(GIF_W as u16, GIF_H as u16, true, Some((0, 0, GIF_W as u16, GIF_H as u16, 2)), true);
        let at = 13 + 12 + 10;
        cases.push(case(
            format!("gif LZW minimum code size {code}: corrupt_data"),
            patched(&g, at, &[code]),
            m,
            gsize,
            CorruptData,
        ));
    }
    // First code after the clear is 6 (no string yet).
    let mut g = gif_header(GIF_W as u16, GIF_H as u16, true);
    g.push(0x2C);
    for v in [0u16, 0, GIF_W as u16, GIF_H as u16] {
        g.extend_from_slice(&v.to_le_bytes());
    }
    g.extend_from_slice(&[0, 2, 2, 0b0011_0100, 0b0000_0001, 0, 0x3B]);
    cases.push(case("gif LZW starting with a non-literal code: corrupt_data", g, m, gsize, CorruptData));
    let mut g = gif_header(GIF_W as u16, GIF_H as u16, true);
    g.extend_from_slice(&[0x99, 0x3B]);
    cases.push(case("gif unknown block 0x99: corrupt_data", g, m, gsize, CorruptData));

    let m = full(BMP_W, BMP_H);
    let bsize = Size(BMP_W, BMP_H);
    cases.push(case(
        "bmp RLE8: unsupported_format",
        bmp_file(BMP_W as i32, BMP_H as i32, 8, 1, true),
        m,
        Fails(UnsupportedFormat),
        UnsupportedFormat,
    ));
    cases.push(case(
        "bmp RLE4: unsupported_format",
        bmp_file(BMP_W as i32, BMP_H as i32, 4, 2, true),
        m,
        Fails(UnsupportedFormat),
        UnsupportedFormat,
    ));
    cases.push(case(
        "bmp 7 bits per pixel: unsupported_format",
        bmp_file(BMP_W as i32, BMP_H as i32, 7, 0, true),
        m,
        Fails(UnsupportedFormat),
        UnsupportedFormat,
    ));
    let mut b = bmp_base();
    b[10..14].copy_from_slice(&1_000_000u32.to_le_bytes());
    cases.push(case("bmp pixel data offset past the end: truncated", b, m, bsize, Truncated));
    let b = bmp_file(BMP_W as i32, BMP_H as i32, 8, 0, false);
    cases.push(case("bmp 8-bit without pixel data: truncated", b, m, bsize, Truncated));
    cases.push(case(
        "bmp top-down (negative height) without pixel data: truncated",
        bmp_file(BMP_W as i32, -(BMP_H as i32), 24, 0, false),
        m,
        bsize,
        Truncated,
    ));
    cases
}

/// NaN, Infinity, negative and otherwise invalid options and crop maps, on valid files.
pub fn options_and_maps() -> Vec<Case> {
    let p = png_base();
    let j = jpeg_base();
    let pm = full(PNG_W, PNG_H);
    let ok = Size(PNG_W, PNG_H);
    let mut cases = Vec::new();
    let o = Opts::bounded;
    let opt_cases: Vec<(&str, Opts)> = vec![
        ("quality NaN", Opts { quality: Some(f64::NAN), ..o() }),
        ("quality Infinity", Opts { quality: Some(f64::INFINITY), ..o() }),
        ("quality -Infinity", Opts { quality: Some(f64::NEG_INFINITY), ..o() }),
        ("quality -0.1", Opts { quality: Some(-0.1), ..o() }),
        ("quality 1.5", Opts { quality: Some(1.5), ..o() }),
        ("maxBytes 0", Opts { file_type: Some("jpg"), max_bytes: Some(0.0), ..o() }),
        ("maxBytes -100", Opts { file_type: Some("jpg"), max_bytes: Some(-100.0), ..o() }),
        ("maxBytes NaN", Opts { file_type: Some("jpg"), max_bytes: Some(f64::NAN), ..o() }),
        ("maxBytes Infinity", Opts { file_type: Some("jpg"), max_bytes: Some(f64::INFINITY), ..o() }),
        ("maxBytes 2.5", Opts { file_type: Some("jpg"), max_bytes: Some(2.5), ..o() }),
        ("maxPixels 0", Opts { max_pixels: Some(0.0), ..o() }),
        ("maxPixels -1", Opts { max_pixels: Some(-1.0), ..o() }),
        ("maxPixels Infinity", Opts { max_pixels: Some(f64::INFINITY), ..o() }),
        ("maxMemory NaN", Opts { max_memory: Some(f64::NAN), ..o() }),
        ("maxMemory -Infinity", Opts { max_memory: Some(f64::NEG_INFINITY), ..o() }),
        ("maxMemory 0", Opts { max_memory: Some(0.0), ..o() }),
        ("maxMemory 1e300", Opts { max_memory: Some(1e300), ..o() }),
        ("fileType gif", Opts { file_type: Some("gif"), ..o() }),
        ("fileType empty", Opts { file_type: Some(""), ..o() }),
        ("fillColor red", Opts { file_type: Some("jpg"), fill_color: Some("red"), ..o() }),
        ("fillColor #12345", Opts { file_type: Some("jpg"), fill_color: Some("#12345"), ..o() }),
        ("fillColor #gggggg", Opts { file_type: Some("jpg"), fill_color: Some("#gggggg"), ..o() }),
        ("shape star", Opts { shape: Some("star"), ..o() }),
    ];
    for (what, opts) in opt_cases {
        cases.push(with_opts(
            case(format!("option {what}: invalid_option"), p.clone(), pm, ok, InvalidOption),
            opts,
        ));
    }
    let map_cases: Vec<(&str, CropMap)> = vec![
        ("centerX NaN", CropMap { center_x: f64::NAN, ..pm }),
        ("centerY Infinity", CropMap { center_y: f64::INFINITY, ..pm }),
        ("centerX -Infinity", CropMap { center_x: f64::NEG_INFINITY, ..pm }),
        ("angle NaN", CropMap { angle: f64::NAN, ..pm }),
        ("angle Infinity", CropMap { angle: f64::INFINITY, ..pm }),
        ("scale 0", CropMap { scale: 0.0, ..pm }),
        ("scale -1", CropMap { scale: -1.0, ..pm }),
        ("scale NaN", CropMap { scale: f64::NAN, ..pm }),
        ("scale Infinity", CropMap { scale: f64::INFINITY, ..pm }),
        ("scale 1e-12", CropMap { scale: 1e-12, ..pm }),
        ("outWidth 0", CropMap { out_width: 0, ..pm }),
        ("outHeight 0", CropMap { out_height: 0, ..pm }),
    ];
    for (what, map) in map_cases {
        cases.push(case(format!("map {what}: invalid_option"), p.clone(), map, ok, InvalidOption));
    }
    let jpg = || Opts { file_type: Some("jpg"), ..o() };
    cases.push(with_opts(
        case(
            "map 70000x1 JPEG output (over 65535 px per side): invalid_option",
            p.clone(),
            CropMap { out_width: 70_000, out_height: 1, ..pm },
            ok,
            InvalidOption,
        ),
        jpg(),
    ));
    // 20000² = 400 M pixels > maxPixels (default 100 M).
    cases.push(with_opts(
        case(
            "map 20000x20000 output: too_large",
            p.clone(),
            CropMap { out_width: 20_000, out_height: 20_000, ..pm },
            ok,
            TooLarge,
        ),
        Opts::default(),
    ));
    // 3000² RGBA = 36 MB > maxMemory 16 MiB.
    cases.push(case(
        "map 3000x3000 output with maxMemory 16 MiB: too_large",
        p.clone(),
        CropMap { out_width: 3000, out_height: 3000, ..pm },
        ok,
        TooLarge,
    ));
    cases.push(with_opts(
        case("maxPixels 100 on a 40x24 image: too_large", p.clone(), pm, ok, TooLarge),
        Opts { max_pixels: Some(100.0), ..o() },
    ));
    // No JPEG quality fits 60 bytes (headers alone are larger).
    cases.push(with_opts(
        case(
            "maxBytes 60 for a JPEG: encode_failed",
            j.clone(),
            full(JPEG_W, JPEG_H),
            Size(JPEG_W, JPEG_H),
            EncodeFailed,
        ),
        Opts { file_type: Some("jpg"), max_bytes: Some(60.0), ..o() },
    ));
    // Options are checked before the bytes: a bad option on a bad file still says so.
    cases.push(with_opts(
        case(
            "quality NaN on a text file: invalid_option",
            b"not an image".to_vec(),
            pm,
            Fails(UnsupportedFormat),
            InvalidOption,
        ),
        Opts { quality: Some(f64::NAN), ..o() },
    ));
    cases
}

/// Every group, by name.
pub fn groups() -> Vec<(&'static str, Vec<Case>)> {
    vec![
        ("truncations", truncations()),
        ("bit_flips", bit_flips()),
        ("wrong_magic", wrong_magic()),
        ("dimensions", dimensions()),
        ("jpeg_structure", jpeg_structure()),
        ("other_formats", other_formats()),
        ("options_and_maps", options_and_maps()),
    ]
}

// ---------------------------------------------------------------------------------------------
// Peak heap tracking.

pub mod peak {
    //! A global allocator that counts the live heap bytes of the current thread and the peak
    //! since [`start`]. Deallocations of blocks allocated by another thread are counted on the
    //! freeing thread, which at worst lowers a peak (the cases allocate and free on one thread).
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::cell::Cell;

    pub struct Counting;

    thread_local! {
        static LIVE: Cell<i64> = const { Cell::new(0) };
        static PEAK: Cell<i64> = const { Cell::new(0) };
    }

    fn add(n: i64) {
        let _ = LIVE.try_with(|l| {
            let v = l.get() + n;
            l.set(v);
            let _ = PEAK.try_with(|p| {
                if v > p.get() {
                    p.set(v)
                }
            });
        });
    }

    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            let p = unsafe { System.alloc(layout) };
            if !p.is_null() {
                add(layout.size() as i64);
            }
            p
        }
        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            let p = unsafe { System.alloc_zeroed(layout) };
            if !p.is_null() {
                add(layout.size() as i64);
            }
            p
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            unsafe { System.dealloc(ptr, layout) };
            add(-(layout.size() as i64));
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            let p = unsafe { System.realloc(ptr, layout, new_size) };
            if !p.is_null() {
                // Old and new block coexist during a moving realloc.
                add(new_size as i64);
                add(-(layout.size() as i64));
            }
            p
        }
    }

    /// Runs `f` and returns its result with the peak live heap bytes above the live size at
    /// the start (allocations of this thread only).
    pub fn measure<T>(f: impl FnOnce() -> T) -> (T, u64) {
        let base = LIVE.with(|l| l.get());
        PEAK.with(|p| p.set(base));
        let r = f();
        let peak = PEAK.with(|p| p.get()) - base;
        (r, peak.max(0) as u64)
    }
}
