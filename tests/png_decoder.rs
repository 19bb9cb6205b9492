//! The PNG decoder's contract (src/codecs/png): for every colour type and bit depth, with and
//! without tRNS, every row filter, every zlib encoder setting (stored, fixed and dynamic
//! blocks), Adam7 and image data split over many IDAT chunks, it gives exactly the pixels the
//! png crate gives with EXPAND | STRIP_16, and a region decode is the same pixels cut out.
// Native only: uses native dev-dependencies (wasm-pack test builds every test target).
#![cfg(not(target_arch = "wasm32"))]

mod export_common;

use export_common::Rng;
use image_cropper_wasm::codecs::png::{decode, read_info};
use image_cropper_wasm::error::ErrorCode;
use image_cropper_wasm::export::Limits;

/// An image as samples (`w × h × samples`, each below 2^depth).
struct Image {
    w: u32,
    h: u32,
    color: u8,
    depth: u8,
    samples: Vec<u16>,
    palette: Option<Vec<u8>>,
    trns: Option<Vec<u8>>,
}

fn samples_per_pixel(color: u8) -> usize {
    match color {
        0 | 3 => 1,
        4 => 2,
        2 => 3,
        _ => 4,
    }
}

fn image(rng: &mut Rng, w: u32, h: u32, color: u8, depth: u8, with_trns: bool) -> Image {
    let spp = samples_per_pixel(color);
    let max = if color == 3 { 1u32 << depth.min(8) } else { 1u32 << depth };
    // Smooth-ish content (compresses, so matches happen) with noise.
    let samples: Vec<u16> = (0..w * h)
        .flat_map(|i| {
            let (x, y) = (i % w, i / w);
            let base = (x * 7 + y * 3) % max;
            (0..spp)
                .map(|s| ((base + s as u32 * 5 + if rng.byte() < 40 { rng.next() } else { 0 }) % max) as u16)
                .collect::<Vec<_>>()
        })
        .collect();
    let palette = (color == 3).then(|| (0..max * 3).map(|_| rng.byte()).collect::<Vec<u8>>());
    let trns = with_trns.then(|| match color {
        // The first pixel's value is the transparent one, so it occurs.
        0 => samples[0].to_be_bytes().to_vec(),
        2 => samples[..3].iter().flat_map(|v| v.to_be_bytes()).collect(),
        // Fewer alphas than palette entries: the rest are opaque.
        _ => (0..max.div_ceil(2)).map(|_| rng.byte()).collect(),
    });
    Image { w, h, color, depth, samples, palette, trns }
}

/// Packed stored bytes of pixels `x0, x0 + dx, …` of row `y`.
fn pack(img: &Image, y: u32, x0: u32, dx: u32) -> Vec<u8> {
    let spp = samples_per_pixel(img.color);
    let mut out = Vec::new();
    let (mut acc, mut nbits) = (0u32, 0u32);
    for x in (x0..img.w).step_by(dx as usize) {
        for s in 0..spp {
            let v = img.samples[(y * img.w + x) as usize * spp + s] as u32;
            if img.depth == 16 {
                out.extend_from_slice(&(v as u16).to_be_bytes());
            } else {
                acc = acc << img.depth | v;
                nbits += img.depth as u32;
                if nbits == 8 {
                    out.push(acc as u8);
                    (acc, nbits) = (0, 0);
                }
            }
        }
    }
    if nbits > 0 {
        out.push((acc << (8 - nbits)) as u8);
    }
    out
}

fn png_crate_file(img: &Image, compression: png::Compression, filter: png::Filter) -> Vec<u8> {
    let color = match img.color {
        0 => png::ColorType::Grayscale,
        2 => png::ColorType::Rgb,
        3 => png::ColorType::Indexed,
        4 => png::ColorType::GrayscaleAlpha,
        _ => png::ColorType::Rgba,
    };
    let depth = match img.depth {
        1 => png::BitDepth::One,
        2 => png::BitDepth::Two,
        4 => png::BitDepth::Four,
        8 => png::BitDepth::Eight,
        _ => png::BitDepth::Sixteen,
    };
    let data: Vec<u8> = (0..img.h).flat_map(|y| pack(img, y, 0, 1)).collect();
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, img.w, img.h);
        enc.set_color(color);
        enc.set_depth(depth);
        enc.set_compression(compression);
        enc.set_filter(filter);
        if let Some(p) = &img.palette {
            enc.set_palette(p.clone());
        }
        if let Some(t) = &img.trns {
            enc.set_trns(t.clone());
        }
        let mut w = enc.write_header().unwrap();
        w.write_image_data(&data).unwrap();
        w.finish().unwrap();
    }
    out
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    out.extend_from_slice(&image_cropper_wasm::codecs::png::crc32(&[kind, data]).to_be_bytes());
}

/// Forward filter `kind` of one row.
fn filter_row(kind: u8, cur: &[u8], prev: &[u8], bpp: usize) -> Vec<u8> {
    let mut out = vec![kind];
    for i in 0..cur.len() {
        let a = if i >= bpp { cur[i - bpp] } else { 0 };
        let c = if i >= bpp { prev[i - bpp] } else { 0 };
        let b = prev[i];
        let pred = match kind {
            0 => 0,
            1 => a,
            2 => b,
            3 => ((a as u16 + b as u16) / 2) as u8,
            _ => image_cropper_wasm::codecs::png::paeth_predictor(a, b, c),
        };
        out.push(cur[i].wrapping_sub(pred));
    }
    out
}

/// Our own writer for what the png crate does not write: Adam7, random filters per row, the
/// image data in IDAT chunks of `split` bytes.
fn handmade_file(img: &Image, interlaced: bool, rng: &mut Rng, split: usize) -> Vec<u8> {
    let spp = samples_per_pixel(img.color);
    let bpp = (spp * img.depth as usize / 8).max(1);
    let passes: &[(u32, u32, u32, u32)] = if interlaced {
        &[(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
    } else {
        &[(0, 0, 1, 1)]
    };
    let mut raw = Vec::new();
    for &(x0, y0, dx, dy) in passes {
        if x0 >= img.w || y0 >= img.h {
            continue;
        }
        let mut prev: Vec<u8> = Vec::new();
        for y in (y0..img.h).step_by(dy as usize) {
            let cur = pack(img, y, x0, dx);
            if prev.is_empty() {
                prev = vec![0; cur.len()];
            }
            raw.extend(filter_row(rng.byte() % 5, &cur, &prev, bpp));
            prev = cur;
        }
    }
    let z = fdeflate::compress_to_vec(&raw);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&img.w.to_be_bytes());
    ihdr.extend_from_slice(&img.h.to_be_bytes());
    ihdr.extend_from_slice(&[img.depth, img.color, 0, 0, interlaced as u8]);
    chunk(&mut out, b"IHDR", &ihdr);
    if let Some(p) = &img.palette {
        chunk(&mut out, b"PLTE", p);
    }
    if let Some(t) = &img.trns {
        chunk(&mut out, b"tRNS", t);
    }
    chunk(&mut out, b"tEXt", b"Comment\0between chunks");
    for part in z.chunks(split) {
        chunk(&mut out, b"IDAT", part);
    }
    chunk(&mut out, b"IEND", &[]);
    out
}

/// The png crate's decode: (channels, pixels).
fn reference(file: &[u8]) -> (u8, Vec<u8>) {
    let mut dec = png::Decoder::new(std::io::Cursor::new(file));
    dec.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = dec.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut buf).unwrap();
    buf.truncate(frame.buffer_size());
    (frame.color_type.samples() as u8, buf)
}

/// Full decode equals the reference, and so do a few random regions.
fn check(file: &[u8], w: u32, h: u32, rng: &mut Rng, what: &str) {
    let (channels, expected) = reference(file);
    let info = read_info(file, &Limits::default()).unwrap();
    assert_eq!((info.width, info.height), (w, h), "{what}");
    let full = decode(file, (0, 0, w, h), &Limits::default()).unwrap();
    assert_eq!(full.channels, channels, "{what}: channels");
    assert!(full.data == expected, "{what}: full decode differs");
    for _ in 0..3 {
        let (x0, y0) = (rng.next() % w, rng.next() % h);
        let (x1, y1) = (x0 + 1 + rng.next() % (w - x0), y0 + 1 + rng.next() % (h - y0));
        let part = decode(file, (x0, y0, x1, y1), &Limits::default()).unwrap();
        let c = channels as usize;
        let cut: Vec<u8> = (y0..y1)
            .flat_map(|y| expected[(y * w + x0) as usize * c..(y * w + x1) as usize * c].to_vec())
            .collect();
        assert_eq!((part.width, part.height), (x1 - x0, y1 - y0), "{what}");
        assert!(part.data == cut, "{what}: region {x0},{y0}..{x1},{y1} differs");
    }
}

const KINDS: &[(u8, &[u8])] =
    &[(0, &[1, 2, 4, 8, 16]), (2, &[8, 16]), (3, &[1, 2, 4, 8]), (4, &[8, 16]), (6, &[8, 16])];

#[test]
fn every_colour_type_depth_filter_and_compression_matches_the_png_crate() {
    let mut rng = Rng(0x5EED_0001);
    let mut files = 0;
    for &(color, depths) in KINDS {
        for &depth in depths {
            for with_trns in [false, true] {
                if with_trns && matches!(color, 4 | 6) {
                    continue;
                }
                for compression in [
                    png::Compression::NoCompression,
                    png::Compression::Fastest,
                    png::Compression::Fast,
                    png::Compression::Balanced,
                    png::Compression::High,
                ] {
                    for filter in [
                        png::Filter::NoFilter,
                        png::Filter::Sub,
                        png::Filter::Up,
                        png::Filter::Avg,
                        png::Filter::Paeth,
                        png::Filter::Adaptive,
                    ] {
                        let (w, h) = (1 + rng.next() % 37, 1 + rng.next() % 23);
                        let img = image(&mut rng, w, h, color, depth, with_trns);
                        let file = png_crate_file(&img, compression, filter);
                        check(&file, w, h, &mut rng, &format!("type {color} depth {depth} tRNS {with_trns} {compression:?} {filter:?} {w}x{h}"));
                        files += 1;
                    }
                }
            }
        }
    }
    assert_eq!(files, 15 * 5 * 6 + 11 * 5 * 6);
}

#[test]
fn adam7_and_split_image_data_match_the_png_crate() {
    let mut rng = Rng(0x5EED_0002);
    for &(color, depths) in KINDS {
        for &depth in depths {
            for (interlaced, split) in [(true, 1 << 20), (true, 7), (false, 1), (false, 100)] {
                // Sizes below 8 leave some Adam7 passes empty.
                for (w, h) in [(1, 1), (3, 2), (9, 5), (1 + rng.next() % 40, 1 + rng.next() % 30)] {
                    let with_trns = color != 4 && color != 6 && rng.byte() < 128;
                    let img = image(&mut rng, w, h, color, depth, with_trns);
                    let file = handmade_file(&img, interlaced, &mut rng, split);
                    check(
                        &file,
                        w,
                        h,
                        &mut rng,
                        &format!("type {color} depth {depth} Adam7 {interlaced} IDAT split {split} {w}x{h}"),
                    );
                }
            }
        }
    }
}

#[test]
fn large_images_slide_the_inflate_window() {
    // 700 × 500 RGBA inflates to 1.4 MB: the output buffer slides many times, with matches
    // reaching back across slides; High compression uses long distances.
    let mut rng = Rng(0x5EED_0003);
    for (color, depth, compression) in
        [(6, 8, png::Compression::High), (2, 16, png::Compression::Balanced), (0, 1, png::Compression::Fast)]
    {
        let img = image(&mut rng, 700, 500, color, depth, false);
        let file = png_crate_file(&img, compression, png::Filter::Adaptive);
        check(&file, 700, 500, &mut rng, &format!("700x500 type {color} depth {depth}"));
    }
    let img = image(&mut rng, 600, 400, 6, 8, false);
    check(&handmade_file(&img, true, &mut rng, 8192), 600, 400, &mut rng, "600x400 Adam7");
}

#[test]
fn damaged_files_are_typed_errors() {
    let mut rng = Rng(0x5EED_0004);
    let img = image(&mut rng, 30, 20, 6, 8, false);
    let file = handmade_file(&img, false, &mut rng, 50);
    let limits = Limits::default();
    let region = (0, 0, 30, 20);
    // Every cut: truncated (the file no longer reaches IEND).
    for cut in (0..file.len() - 1).step_by(7) {
        let err = decode(&file[..cut], region, &limits).err().unwrap();
        let expected = if cut < 8 { ErrorCode::UnsupportedFormat } else { ErrorCode::Truncated };
        assert_eq!(err.code, expected, "cut at {cut}: {}", err.message);
    }
    // A flipped bit anywhere after the signature: the chunk's CRC (or its length or type) fails.
    for at in (8..file.len()).step_by(5) {
        let mut bad = file.clone();
        bad[at] ^= 0x10;
        match decode(&bad, region, &limits) {
            Err(e) => assert!(
                matches!(e.code, ErrorCode::CorruptData | ErrorCode::Truncated),
                "flip at {at}: {:?}",
                e.code
            ),
            Ok(out) => panic!("flip at {at} decoded {} bytes", out.data.len()),
        }
    }
    // Valid chunks whose zlib data lies: a stream that ends before the last row; a distance
    // before the start; an unknown critical chunk.
    let short = {
        let mut f = file[..33].to_vec();
        chunk(&mut f, b"IDAT", &fdeflate::compress_to_vec(&[0u8; 100]));
        chunk(&mut f, b"IEND", &[]);
        f
    };
    assert_eq!(decode(&short, region, &limits).err().unwrap().code, ErrorCode::CorruptData);
    let far = {
        let mut f = file[..33].to_vec();
        // Fixed block: length code 257 (3 bytes), distance code 0 (1 back) with nothing before.
        chunk(&mut f, b"IDAT", &[0x78, 0x01, 0x03, 0x02, 0x00]);
        chunk(&mut f, b"IEND", &[]);
        f
    };
    assert_eq!(decode(&far, region, &limits).err().unwrap().code, ErrorCode::CorruptData);
    let mut unknown = file[..33].to_vec();
    chunk(&mut unknown, b"ABCD", &[1, 2, 3]);
    unknown.extend_from_slice(&file[33..]);
    assert_eq!(decode(&unknown, region, &limits).err().unwrap().code, ErrorCode::UnsupportedFormat);
}
