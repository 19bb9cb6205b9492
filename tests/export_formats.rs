//! Our GIF and BMP decoders against independent decoders (the image crate's, dev-only) on files
//! written by independent encoders or by hand: interlaced and offset frames, transparency,
//! LZW table resets, palettes of 1/4/8 bits, 16/24/32-bit, bit fields, top-down rows.
// Native only: uses native dev-dependencies (wasm-pack test builds every test target).
#![cfg(not(target_arch = "wasm32"))]

mod export_common;

use std::io::Cursor;

use export_common::*;
use image::ImageDecoder;
use image_cropper_wasm::error::ErrorCode;
use image_cropper_wasm::export::{export, probe, ExportOptions, ImageFormat};

/// Our decode of the whole image as RGBA (identity crop, PNG out, read back).
fn ours(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let info = probe(bytes).unwrap();
    let m = map(info.width as f64 / 2.0, info.height as f64 / 2.0, 0.0, 1.0, info.width, info.height);
    decode_png_rgba(&export(bytes, &m, &ExportOptions::default()).unwrap().bytes)
}

fn reference<D: ImageDecoder>(dec: D) -> (u32, u32, Vec<u8>) {
    let (w, h) = dec.dimensions();
    let color = dec.color_type();
    let mut buf = vec![0; dec.total_bytes() as usize];
    dec.read_image(&mut buf).unwrap();
    let rgba = match color {
        image::ColorType::Rgba8 => buf,
        image::ColorType::Rgb8 => buf.chunks_exact(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect(),
        image::ColorType::L8 => buf.iter().flat_map(|&g| [g, g, g, 255]).collect(),
        other => panic!("{other:?}"),
    };
    (w, h, rgba)
}

/// Transparent pixels compare by alpha only.
fn same_image(a: &(u32, u32, Vec<u8>), b: &(u32, u32, Vec<u8>)) {
    assert_eq!((a.0, a.1), (b.0, b.1));
    for (i, (p, q)) in a.2.chunks_exact(4).zip(b.2.chunks_exact(4)).enumerate() {
        if p[3] == 0 && q[3] == 0 {
            continue;
        }
        assert_eq!(p, q, "pixel {i}");
    }
}

fn gif_file(sw: u16, sh: u16, frames: &[gif::Frame]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = gif::Encoder::new(&mut out, sw, sh, &[]).unwrap();
        for f in frames {
            enc.write_frame(f).unwrap();
        }
    }
    out
}

#[test]
fn gif_many_colours_match_the_reference_decoder() {
    // NeuQuant to 256 colours over noise: long LZW streams with table resets.
    let (w, h) = (211u16, 157u16);
    let mut rgba = random_rgba(w as u32, h as u32, 12)
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2], 255])
        .collect::<Vec<u8>>();
    let frame = gif::Frame::from_rgba_speed(w, h, &mut rgba, 10);
    let file = gif_file(w, h, &[frame]);
    let r = reference(image::codecs::gif::GifDecoder::new(Cursor::new(&file)).unwrap());
    same_image(&ours(&file), &r);
}

#[test]
fn gif_interlaced_offset_transparent_first_frame() {
    let (fw, fh) = (9u16, 13u16);
    let indices: Vec<u8> = (0..fw as usize * fh as usize).map(|i| ((i * 7 + i / 9) % 6) as u8).collect();
    let palette: Vec<u8> = (0..6).flat_map(|k| [k * 40, 255 - k * 40, k * 20]).collect();
    // Interlaced: the encoder writes rows as given, so give them in interlace order.
    let mut order = Vec::new();
    for (start, step) in [(0, 8), (4, 8), (2, 4), (1, 2)] {
        order.extend((start..fh as usize).step_by(step));
    }
    let interlaced: Vec<u8> =
        order.iter().flat_map(|&y| indices[y * fw as usize..(y + 1) * fw as usize].to_vec()).collect();
    let mut frame = gif::Frame::from_indexed_pixels(fw, fh, interlaced, Some(2));
    frame.interlaced = true;
    frame.left = 3;
    frame.top = 2;
    frame.palette = Some(palette.clone());
    let second = gif::Frame::from_indexed_pixels(4, 4, vec![1; 16], None);
    let mut second = second;
    second.palette = Some(palette.clone());
    let file = gif_file(16, 20, &[frame, second]);
    let (w, h, px) = ours(&file);
    assert_eq!((w, h), (16, 20));
    for y in 0..20usize {
        for x in 0..16usize {
            let p = &px[(y * 16 + x) * 4..(y * 16 + x) * 4 + 4];
            let inside = (3..12).contains(&x) && (2..15).contains(&y);
            let index = if inside { indices[(y - 2) * 9 + (x - 3)] } else { 2 };
            if !inside || index == 2 {
                assert_eq!(p[3], 0, "transparent at ({x},{y})");
            } else {
                let k = index as usize;
                assert_eq!(p, &[palette[k * 3], palette[k * 3 + 1], palette[k * 3 + 2], 255], "at ({x},{y})");
            }
        }
    }
    assert_eq!(probe(&file).unwrap().format, ImageFormat::Gif);
}

#[test]
fn gif_truncated_and_corrupt() {
    let (w, h) = (40u16, 30u16);
    let mut rgba = random_rgba(w as u32, h as u32, 5);
    let file = gif_file(w, h, &[gif::Frame::from_rgba_speed(w, h, &mut rgba, 10)]);
    let m = map(20.0, 15.0, 0.0, 1.0, 40, 30);
    for cut in [8, 13, 100, file.len() / 2, file.len() - 3] {
        let err = export(&file[..cut], &m, &ExportOptions::default()).unwrap_err();
        assert_eq!(err.code, ErrorCode::Truncated, "cut {cut}: {err}");
    }
    // Hand-made 2×2 GIF: global palette of 2, one image; then broken variants.
    let gif = |min_code: u8, lzw: &[u8]| {
        let mut f = b"GIF89a\x02\x00\x02\x00\x80\x00\x00".to_vec();
        f.extend_from_slice(&[0, 0, 0, 255, 255, 255]);
        f.extend_from_slice(&[0x2C, 0, 0, 0, 0, 2, 0, 2, 0, 0, min_code, lzw.len() as u8]);
        f.extend_from_slice(lzw);
        f.extend_from_slice(&[0, 0x3B]);
        f
    };
    let m = map(1.0, 1.0, 0.0, 1.0, 2, 2);
    // Codes: clear 4, 1, 0, 1 in 3 bits; the table then reaches 8 entries, so 0 and end (5)
    // follow in 4 bits → white, black / white, black.
    let codes: [(u32, u32); 6] = [(4, 0), (1, 3), (0, 6), (1, 9), (0, 12), (5, 16)];
    let bits: u32 = codes.iter().fold(0, |acc, &(code, shift)| acc | code << shift);
    let good = gif(2, &bits.to_le_bytes()[..3]);
    let px = decode_png_rgba(&export(&good, &m, &ExportOptions::default()).unwrap().bytes).2;
    assert_eq!(px, vec![255, 255, 255, 255, 0, 0, 0, 255, 255, 255, 255, 255, 0, 0, 0, 255]);
    assert_eq!(
        export(&gif(0, &[0]), &m, &ExportOptions::default()).unwrap_err().code,
        ErrorCode::CorruptData
    );
    // Code 7 before the table has grown to it.
    let bad: u32 = 4 | (7 << 3);
    assert_eq!(
        export(&gif(2, &bad.to_le_bytes()[..2]), &m, &ExportOptions::default()).unwrap_err().code,
        ErrorCode::CorruptData
    );
}

fn bmp_with(dib: &[u8], palette: &[u8], extra: &[u8], rows: &[u8]) -> Vec<u8> {
    let offset = 14 + dib.len() + extra.len() + palette.len();
    let mut f = b"BM".to_vec();
    f.extend_from_slice(&((offset + rows.len()) as u32).to_le_bytes());
    f.extend_from_slice(&[0; 4]);
    f.extend_from_slice(&(offset as u32).to_le_bytes());
    f.extend_from_slice(dib);
    f.extend_from_slice(extra);
    f.extend_from_slice(palette);
    f.extend_from_slice(rows);
    f
}

fn info_header(w: i32, h: i32, bpp: u16, compression: u32, colors: u32) -> Vec<u8> {
    let mut d = Vec::new();
    d.extend_from_slice(&40u32.to_le_bytes());
    d.extend_from_slice(&w.to_le_bytes());
    d.extend_from_slice(&h.to_le_bytes());
    d.extend_from_slice(&1u16.to_le_bytes());
    d.extend_from_slice(&bpp.to_le_bytes());
    d.extend_from_slice(&compression.to_le_bytes());
    d.extend_from_slice(&[0; 12]);
    d.extend_from_slice(&colors.to_le_bytes());
    d.extend_from_slice(&[0; 4]);
    d
}

/// Rows of `bits`-per-pixel values, padded to 4 bytes, bottom-up unless `top_down`.
fn pack_rows(values: &[u32], w: usize, h: usize, bits: usize, top_down: bool) -> Vec<u8> {
    let stride = (w * bits).div_ceil(32) * 4;
    let mut out = vec![0u8; stride * h];
    for y in 0..h {
        let fy = if top_down { y } else { h - 1 - y };
        for x in 0..w {
            let v = values[y * w + x];
            if bits >= 8 {
                for b in 0..bits / 8 {
                    out[fy * stride + x * bits / 8 + b] = (v >> (8 * b)) as u8;
                }
            } else {
                let bit = x * bits;
                out[fy * stride + bit / 8] |= (v as u8) << (8 - bits - bit % 8);
            }
        }
    }
    out
}

#[test]
fn bmp_variants_match_the_reference_decoder() {
    let (w, h) = (13usize, 7usize);
    let mut rng = Rng(31);
    let mut cases: Vec<Vec<u8>> = Vec::new();
    for bits in [1usize, 4, 8] {
        let n = 1u32 << bits;
        let values: Vec<u32> = (0..w * h).map(|_| rng.next() % n).collect();
        let palette: Vec<u8> =
            (0..n).flat_map(|k| [(k * 37) as u8, (k * 91) as u8, (k * 13) as u8, 0]).collect();
        let rows = pack_rows(&values, w, h, bits, false);
        cases.push(bmp_with(&info_header(w as i32, h as i32, bits as u16, 0, n), &palette, &[], &rows));
    }
    let rgb: Vec<u32> = (0..w * h).map(|_| rng.next() & 0xFF_FFFF).collect();
    cases.push(bmp_with(
        &info_header(w as i32, h as i32, 24, 0, 0),
        &[],
        &[],
        &pack_rows(&rgb, w, h, 24, false),
    ));
    cases.push(bmp_with(
        &info_header(w as i32, -(h as i32), 24, 0, 0),
        &[],
        &[],
        &pack_rows(&rgb, w, h, 24, true),
    ));
    cases.push(bmp_with(
        &info_header(w as i32, h as i32, 32, 0, 0),
        &[],
        &[],
        &pack_rows(&rgb, w, h, 32, false),
    ));
    let v16: Vec<u32> = (0..w * h).map(|_| rng.next() & 0x7FFF).collect();
    cases.push(bmp_with(
        &info_header(w as i32, h as i32, 16, 0, 0),
        &[],
        &[],
        &pack_rows(&v16, w, h, 16, false),
    ));
    // 16-bit 5-6-5 bit fields.
    let masks: Vec<u8> = [0xF800u32, 0x07E0, 0x001F].iter().flat_map(|m| m.to_le_bytes()).collect();
    let v565: Vec<u32> = (0..w * h).map(|_| rng.next() & 0xFFFF).collect();
    cases.push(bmp_with(
        &info_header(w as i32, h as i32, 16, 3, 0),
        &[],
        &masks,
        &pack_rows(&v565, w, h, 16, false),
    ));
    // image's own encoder: RGBA (32-bit with alpha mask) and gray (8-bit palette).
    for (data, color) in [
        (random_rgba(w as u32, h as u32, 8), image::ExtendedColorType::Rgba8),
        ((0..w * h).map(|i| (i * 3) as u8).collect(), image::ExtendedColorType::L8),
    ] {
        let mut f = Cursor::new(Vec::new());
        image::codecs::bmp::BmpEncoder::new(&mut f).encode(&data, w as u32, h as u32, color).unwrap();
        cases.push(f.into_inner());
    }
    for (k, file) in cases.iter().enumerate() {
        let r = reference(image::codecs::bmp::BmpDecoder::new(Cursor::new(file)).unwrap());
        let o = ours(file);
        assert_eq!((o.0, o.1), (r.0, r.1), "case {k}");
        assert_eq!(o.2, r.2, "case {k}");
        assert_eq!(probe(file).unwrap().format, ImageFormat::Bmp);
    }
    // A region of the bottom-up 24-bit file.
    let file = &cases[3];
    let out = export(file, &map(6.0, 4.0, 0.0, 1.0, 4, 2), &ExportOptions::default()).unwrap();
    let full = ours(file).2;
    assert_eq!(decode_png_rgba(&out.bytes).2, crop_rgba(&full, w as u32, 4, 3, 4, 2));
}

#[test]
fn bmp_rle_is_unsupported_and_truncation_is_typed() {
    let rle = bmp_with(&info_header(4, 4, 8, 1, 2), &[0; 8], &[], &[0, 0, 0, 1]);
    assert_eq!(probe(&rle).unwrap_err().code, ErrorCode::UnsupportedFormat);
    let rgb: Vec<u32> = (0..16).collect();
    let file = bmp_with(&info_header(4, 4, 24, 0, 0), &[], &[], &pack_rows(&rgb, 4, 4, 24, false));
    let m = map(2.0, 2.0, 0.0, 1.0, 4, 4);
    for cut in [2, 16, 30, file.len() - 1] {
        let err = export(&file[..cut], &m, &ExportOptions::default()).unwrap_err();
        assert!(matches!(err.code, ErrorCode::Truncated | ErrorCode::UnsupportedFormat), "cut {cut}: {err}");
    }
    assert_eq!(
        export(&file[..file.len() - 1], &m, &ExportOptions::default()).unwrap_err().code,
        ErrorCode::Truncated
    );
}
