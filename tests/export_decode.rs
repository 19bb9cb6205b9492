//! Export input side: format sniffing, probe, PNG (every colour type, 16-bit, palette + tRNS,
//! Adam7), GIF, BMP, limits checked before allocating, typed errors for bad data.
// Native only: uses native dev-dependencies (wasm-pack test builds every test target).
#![cfg(not(target_arch = "wasm32"))]

mod export_common;

use std::io::Cursor;

use export_common::*;
use image_cropper_wasm::error::ErrorCode;
use image_cropper_wasm::export::{export, probe, ExportOptions, ImageFormat, ImageInfo, Limits};

/// Identity crop of the whole image, decoded back to RGBA.
fn roundtrip(bytes: &[u8], w: u32, h: u32) -> Vec<u8> {
    let m = map(w as f64 / 2.0, h as f64 / 2.0, 0.0, 1.0, w, h);
    let out = export(bytes, &m, &ExportOptions::default()).unwrap();
    decode_png_rgba(&out.bytes).2
}

#[test]
fn probe_reports_format_and_size() {
    let png = png_bytes(7, 5, png::ColorType::Rgb, png::BitDepth::Eight, &[9; 7 * 5 * 3], false);
    assert_eq!(
        probe(&png).unwrap(),
        ImageInfo { format: ImageFormat::Png, width: 7, height: 5, orientation: 1 }
    );
    let mut gif = Vec::new();
    image::codecs::gif::GifEncoder::new(&mut gif)
        .encode(&random_rgba(4, 3, 1), 4, 3, image::ExtendedColorType::Rgba8)
        .unwrap();
    assert_eq!(
        probe(&gif).unwrap(),
        ImageInfo { format: ImageFormat::Gif, width: 4, height: 3, orientation: 1 }
    );
}

#[test]
fn png_16_bit_is_reduced_to_its_high_byte() {
    let (w, h) = (9, 6);
    let mut rng = Rng(21);
    let px16: Vec<u8> = (0..w * h * 4 * 2).map(|_| rng.byte()).collect();
    let png = png_bytes(w, h, png::ColorType::Rgba, png::BitDepth::Sixteen, &px16, false);
    let expected: Vec<u8> = px16.chunks_exact(2).map(|s| s[0]).collect();
    assert_eq!(roundtrip(&png, w, h), expected);
}

#[test]
fn png_palette_with_trns_and_gray_depths_expand() {
    let (w, h) = (8, 3);
    let palette = vec![255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30];
    let trns = vec![255, 128, 0];
    let idx: Vec<u8> = (0..w * h).map(|i| (i % 4) as u8).collect();
    let png = png_bytes_with(
        w,
        h,
        png::ColorType::Indexed,
        png::BitDepth::Eight,
        &idx,
        false,
        Some(palette.clone()),
        Some(trns),
    );
    let out = roundtrip(&png, w, h);
    for (i, &k) in idx.iter().enumerate() {
        let k = k as usize;
        let alpha = [255, 128, 0, 255][k];
        let px = &out[i * 4..i * 4 + 4];
        assert_eq!(px[3], alpha);
        if alpha != 0 {
            assert_eq!(&px[..3], &palette[k * 3..k * 3 + 3]);
        }
    }
    // 2-bit gray: 0b00_01_10_11 per byte = levels 0, 85, 170, 255.
    let gray =
        png_bytes(4, 2, png::ColorType::Grayscale, png::BitDepth::Two, &[0b0001_1011, 0b1110_0100], false);
    let out = roundtrip(&gray, 4, 2);
    let levels: Vec<u8> = out.chunks_exact(4).map(|p| p[0]).collect();
    assert_eq!(levels, vec![0, 85, 170, 255, 255, 170, 85, 0]);
    assert!(out.chunks_exact(4).all(|p| p[0] == p[1] && p[1] == p[2] && p[3] == 255));
}

#[test]
fn interlaced_png_decodes_like_the_plain_one() {
    let (w, h) = (13, 11);
    let rgba = random_rgba(w, h, 99);
    let adam7 = raw_png(w, h, 6, 8, 4, &rgba, true);
    let plain = raw_png(w, h, 6, 8, 4, &rgba, false);
    assert_eq!(roundtrip(&adam7, w, h), rgba);
    assert_eq!(roundtrip(&plain, w, h), rgba);
    // A crop of the interlaced image (region path).
    let m = map(7.0, 6.0, 0.0, 1.0, 6, 4);
    let out = export(&adam7, &m, &ExportOptions::default()).unwrap();
    assert_eq!(decode_png_rgba(&out.bytes).2, crop_rgba(&rgba, w, 4, 4, 6, 4));
}

#[test]
fn gray_alpha_and_16_bit_gray_png() {
    let ga = raw_png(3, 1, 4, 8, 2, &[10, 255, 20, 128, 30, 0], false);
    let out = roundtrip(&ga, 3, 1);
    assert_eq!(&out[..8], &[10, 10, 10, 255, 20, 20, 20, 128]);
    assert_eq!(out[11], 0);
    let g16 = raw_png(2, 1, 0, 16, 2, &[0x12, 0x34, 0xAB, 0xCD], false);
    assert_eq!(roundtrip(&g16, 2, 1), vec![0x12, 0x12, 0x12, 255, 0xAB, 0xAB, 0xAB, 255]);
}

#[test]
fn gif_first_frame_and_bmp_decode() {
    let (w, h) = (6, 4);
    // Few colours, so GIF's palette keeps them exactly.
    let colors = [[200u8, 10, 10, 255], [10, 200, 10, 255], [10, 10, 200, 255]];
    let rgba: Vec<u8> = (0..w * h).flat_map(|i| colors[(i % 3) as usize]).collect();
    let mut gif = Vec::new();
    image::codecs::gif::GifEncoder::new(&mut gif)
        .encode(&rgba, w, h, image::ExtendedColorType::Rgba8)
        .unwrap();
    assert_eq!(roundtrip(&gif, w, h), rgba);

    let rgb: Vec<u8> = random_rgba(w, h, 4).chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
    let mut bmp = Cursor::new(Vec::new());
    image::codecs::bmp::BmpEncoder::new(&mut bmp).encode(&rgb, w, h, image::ExtendedColorType::Rgb8).unwrap();
    let bmp = bmp.into_inner();
    assert_eq!(probe(&bmp).unwrap().format, ImageFormat::Bmp);
    let expected: Vec<u8> = rgb.chunks_exact(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect();
    assert_eq!(roundtrip(&bmp, w, h), expected);
}

#[test]
fn huge_header_is_refused_before_decoding() {
    // 100000 × 100000 announced, no pixel data: too_large, not an allocation failure.
    let png = png_header_only(100_000, 100_000);
    assert_eq!(probe(&png).unwrap_err().code, ErrorCode::TooLarge);
    let m = map(10.0, 10.0, 0.0, 1.0, 20, 20);
    assert_eq!(export(&png, &m, &ExportOptions::default()).unwrap_err().code, ErrorCode::TooLarge);
    // A configurable budget. maxPixels caps images held whole: an interlaced PNG (decoded
    // whole) and the output, not a PNG whose rows are decoded as the crop needs them.
    let rgba = random_rgba(64, 64, 2);
    let small = png_bytes(64, 64, png::ColorType::Rgba, png::BitDepth::Eight, &rgba, false);
    let opts =
        ExportOptions { limits: Limits { max_pixels: 4000, ..Limits::default() }, ..Default::default() };
    assert!(export(&small, &m, &opts).is_ok());
    let interlaced = raw_png(64, 64, 6, 8, 4, &rgba, true);
    assert_eq!(export(&interlaced, &m, &opts).unwrap_err().code, ErrorCode::TooLarge);
    let big_output = map(32.0, 32.0, 0.0, 1.0, 64, 64);
    assert_eq!(export(&small, &big_output, &opts).unwrap_err().code, ErrorCode::TooLarge);
    let opts =
        ExportOptions { limits: Limits { max_memory: 1000, ..Limits::default() }, ..Default::default() };
    assert_eq!(export(&small, &m, &opts).unwrap_err().code, ErrorCode::TooLarge);
}

#[test]
fn bad_data_gives_typed_errors() {
    let opts = ExportOptions::default();
    assert_eq!(probe(&[]).unwrap_err().code, ErrorCode::Truncated);
    assert_eq!(probe(b"hello world, not an image").unwrap_err().code, ErrorCode::UnsupportedFormat);
    assert_eq!(probe(b"RIFF\0\0\0\0WEBPVP8 ").unwrap_err().code, ErrorCode::UnsupportedFormat);
    let png = png_bytes(16, 16, png::ColorType::Rgba, png::BitDepth::Eight, &random_rgba(16, 16, 8), false);
    // The whole image is needed (a crop of the top rows may legitimately not read the end).
    let m = map(8.0, 8.0, 0.0, 1.0, 16, 16);
    for cut in [10, 30, 60, png.len() / 2] {
        let err = export(&png[..cut], &m, &opts).unwrap_err();
        assert!(matches!(err.code, ErrorCode::Truncated | ErrorCode::CorruptData), "cut {cut}: {err}");
    }
    assert_eq!(export(&png[..png.len() / 2], &m, &opts).unwrap_err().code, ErrorCode::Truncated);
    let mut corrupt = png.clone();
    corrupt[20] ^= 0xFF; // IHDR CRC no longer matches
    assert_eq!(export(&corrupt, &m, &opts).unwrap_err().code, ErrorCode::CorruptData);
}

#[test]
fn every_prefix_of_a_png_fails_cleanly() {
    let png = raw_png(5, 4, 6, 8, 4, &random_rgba(5, 4, 3), true);
    let m = map(2.5, 2.0, 10.0, 1.0, 5, 4);
    for cut in 0..png.len() - 12 {
        assert!(export(&png[..cut], &m, &ExportOptions::default()).is_err(), "prefix {cut}");
    }
}
