//! Export output side: options parsing and validation, circle/ellipse mask, fill colour, JPEG
//! quality and maxBytes.
// Native only: uses native dev-dependencies (wasm-pack test builds every test target).
#![cfg(not(target_arch = "wasm32"))]

mod export_common;

use export_common::*;
use image_cropper_wasm::error::ErrorCode;
use image_cropper_wasm::export::encode::encode_jpeg;
use image_cropper_wasm::export::options::parse_color;
use image_cropper_wasm::export::{export_rgba, ExportOptions, ExportOptionsInput, FileType, Limits, Shape};

fn input() -> ExportOptionsInput {
    ExportOptionsInput::default()
}

#[test]
fn options_parse_with_defaults() {
    let o = input().parse().unwrap();
    assert_eq!(o, ExportOptions::default());
    assert_eq!((o.file_type, o.shape, o.fill, o.max_bytes), (FileType::Png, Shape::Rect, [255; 4], None));
    assert_eq!(o.limits, Limits { max_pixels: 16_383 * 16_383, max_memory: 512 * 1024 * 1024, reserved: 0 });
    let o = ExportOptionsInput {
        file_type: Some("jpeg".into()),
        quality: Some(0.5),
        fill_color: Some("#102030".into()),
        shape: Some("circle".into()),
        max_bytes: Some(5000.0),
        max_pixels: Some(1e6),
        max_memory: Some(1e7),
    }
    .parse()
    .unwrap();
    assert_eq!(o.file_type, FileType::Jpeg);
    assert_eq!(o.jpeg_quality(), 50);
    assert_eq!(o.fill, [0x10, 0x20, 0x30, 255]);
    assert_eq!(o.shape, Shape::Ellipse);
    assert_eq!(o.max_bytes, Some(5000));
    assert_eq!(o.limits, Limits { max_pixels: 1_000_000, max_memory: 10_000_000, reserved: 0 });
    assert_eq!(
        ExportOptionsInput { file_type: Some("jpg".into()), ..input() }.parse().unwrap().file_type,
        FileType::Jpeg
    );
    assert_eq!(
        ExportOptionsInput { shape: Some("ellipse".into()), ..input() }.parse().unwrap().shape,
        Shape::Ellipse
    );
    assert_eq!(ExportOptionsInput { quality: Some(0.0), ..input() }.parse().unwrap().jpeg_quality(), 1);
    assert_eq!(ExportOptionsInput { quality: Some(1.0), ..input() }.parse().unwrap().jpeg_quality(), 100);
}

#[test]
fn colours_parse_in_every_css_hex_form() {
    assert_eq!(parse_color("#fff").unwrap(), [255, 255, 255, 255]);
    assert_eq!(parse_color("#a1b").unwrap(), [0xAA, 0x11, 0xBB, 255]);
    assert_eq!(parse_color("#a1b8").unwrap(), [0xAA, 0x11, 0xBB, 0x88]);
    assert_eq!(parse_color("#0A0b0C").unwrap(), [10, 11, 12, 255]);
    assert_eq!(parse_color("#0a0b0c80").unwrap(), [10, 11, 12, 128]);
    for bad in ["", "#", "fff", "#ff", "#fffff", "#ggg", "red", "#1234567", "#12345678a", "#ÿÿÿ"] {
        assert_eq!(parse_color(bad).unwrap_err().code, ErrorCode::InvalidOption, "{bad:?}");
    }
}

#[test]
fn bad_options_are_invalid_option() {
    let cases = [
        ExportOptionsInput { quality: Some(f64::NAN), ..input() },
        ExportOptionsInput { quality: Some(-0.1), ..input() },
        ExportOptionsInput { quality: Some(1.5), ..input() },
        ExportOptionsInput { quality: Some(f64::INFINITY), ..input() },
        ExportOptionsInput { file_type: Some("webp".into()), ..input() },
        ExportOptionsInput { shape: Some("star".into()), ..input() },
        ExportOptionsInput { fill_color: Some("white".into()), ..input() },
        ExportOptionsInput { max_bytes: Some(-5.0), ..input() },
        ExportOptionsInput { max_bytes: Some(0.0), ..input() },
        ExportOptionsInput { max_bytes: Some(10.5), ..input() },
        ExportOptionsInput { max_bytes: Some(f64::NAN), ..input() },
        ExportOptionsInput { max_pixels: Some(-1.0), ..input() },
        ExportOptionsInput { max_memory: Some(f64::INFINITY), ..input() },
    ];
    for c in cases {
        assert_eq!(c.parse().unwrap_err().code, ErrorCode::InvalidOption, "{c:?}");
    }
}

#[test]
fn bad_maps_and_pixels_are_invalid_option() {
    let src = random_rgba(4, 4, 1);
    let o = ExportOptions::default();
    for m in [
        map(f64::NAN, 2.0, 0.0, 1.0, 4, 4),
        map(2.0, 2.0, f64::INFINITY, 1.0, 4, 4),
        map(2.0, 2.0, 0.0, 0.0, 4, 4),
        map(2.0, 2.0, 0.0, -1.0, 4, 4),
        map(2.0, 2.0, 0.0, f64::NAN, 4, 4),
        map(2.0, 2.0, 0.0, 1.0, 0, 4),
    ] {
        assert_eq!(export_rgba(&src, 4, 4, &m, &o).unwrap_err().code, ErrorCode::InvalidOption, "{m:?}");
    }
    let m = map(2.0, 2.0, 0.0, 1.0, 4, 4);
    assert_eq!(export_rgba(&src[..60], 4, 4, &m, &o).unwrap_err().code, ErrorCode::InvalidOption);
    assert_eq!(export_rgba(&src, 0, 4, &m, &o).unwrap_err().code, ErrorCode::InvalidOption);
    let bad_quality = ExportOptions { quality: f32::NAN, ..Default::default() };
    assert_eq!(export_rgba(&src, 4, 4, &m, &bad_quality).unwrap_err().code, ErrorCode::InvalidOption);
    // Output larger than the pixel budget.
    let huge = map(2.0, 2.0, 0.0, 1.0, 20_000, 20_000);
    assert_eq!(export_rgba(&src, 4, 4, &huge, &o).unwrap_err().code, ErrorCode::TooLarge);
}

#[test]
fn circle_mask_is_transparent_outside_with_an_antialiased_edge() {
    let (w, h) = (64, 64);
    let src: Vec<u8> = (0..w * h).flat_map(|_| [50u8, 100, 150, 255]).collect();
    let opts = ExportOptions { shape: Shape::Ellipse, ..Default::default() };
    let out = export_rgba(&src, w, h, &map(32.0, 32.0, 0.0, 1.0, 64, 64), &opts).unwrap();
    let (_, _, px) = decode_png_rgba(&out.bytes);
    let alpha = |x: usize, y: usize| px[(y * 64 + x) * 4 + 3];
    assert_eq!(alpha(0, 0), 0);
    assert_eq!(alpha(63, 63), 0);
    assert_eq!(alpha(32, 32), 255);
    assert_eq!(alpha(32, 1), 255);
    // Colour untouched where visible (fully transparent pixels are cleared whole), only alpha
    // shaped; symmetric; area ≈ π r².
    assert!(px.chunks_exact(4).all(|p| p[3] == 0 || p[..3] == [50, 100, 150]));
    assert!(px.chunks_exact(4).all(|p| p[3] != 0 || p == [0, 0, 0, 0]));
    for y in 0..64 {
        for x in 0..64 {
            assert_eq!(alpha(x, y), alpha(63 - x, y));
            assert_eq!(alpha(x, y), alpha(y, x));
        }
    }
    let area: f64 = px.chunks_exact(4).map(|p| p[3] as f64 / 255.0).sum();
    let expected = std::f64::consts::PI * 32.0 * 32.0;
    assert!((area - expected).abs() < 4.0, "area {area} vs {expected}");
    let partial = px.chunks_exact(4).filter(|p| p[3] > 0 && p[3] < 255).count();
    assert!(partial > 100, "antialiased edge pixels: {partial}");
    // An ellipse in a non-square output.
    let out = export_rgba(&src, w, h, &map(32.0, 32.0, 0.0, 1.0, 60, 20), &opts).unwrap();
    let (_, _, px) = decode_png_rgba(&out.bytes);
    let alpha = |x: usize, y: usize| px[(y * 60 + x) * 4 + 3];
    assert_eq!(alpha(30, 10), 255);
    assert_eq!(alpha(1, 10), 255);
    assert_eq!(alpha(5, 1), 0);
}

#[test]
fn jpeg_circle_is_filled_outside_the_mask() {
    let src: Vec<u8> = (0..32 * 32).flat_map(|_| [0u8, 0, 0, 255]).collect();
    let opts = ExportOptions {
        shape: Shape::Ellipse,
        file_type: FileType::Jpeg,
        fill: [255, 0, 0, 255],
        quality: 1.0,
        ..Default::default()
    };
    let out = export_rgba(&src, 32, 32, &map(16.0, 16.0, 0.0, 1.0, 32, 32), &opts).unwrap();
    let (_, _, rgb) = decode_jpeg_rgb(&out.bytes);
    let at = |x: usize, y: usize| &rgb[(y * 32 + x) * 3..(y * 32 + x) * 3 + 3];
    assert!(at(0, 0)[0] > 230 && at(0, 0)[1] < 30, "{:?}", at(0, 0));
    assert!(at(16, 16).iter().all(|&v| v < 20), "{:?}", at(16, 16));
}

#[test]
fn fill_colour_default_is_white_for_jpeg() {
    let src = random_rgba(8, 8, 4);
    let transparent: Vec<u8> = src.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2], 0]).collect();
    let opts = ExportOptions { file_type: FileType::Jpeg, quality: 1.0, ..Default::default() };
    let out = export_rgba(&transparent, 8, 8, &map(4.0, 4.0, 0.0, 1.0, 8, 8), &opts).unwrap();
    let (_, _, rgb) = decode_jpeg_rgb(&out.bytes);
    assert!(rgb.iter().all(|&v| v >= 250), "white fill");
}

fn photo_like(w: u32, h: u32) -> Vec<u8> {
    let mut rng = Rng(77);
    let mut px = Vec::new();
    for y in 0..h {
        for x in 0..w {
            let n = (rng.byte() % 32) as u32;
            px.extend_from_slice(&[
                ((x * 3 + n) % 256) as u8,
                ((y * 2 + n) % 256) as u8,
                ((x + y + n) % 256) as u8,
                255,
            ]);
        }
    }
    px
}

/// The JPEG the export should write for opaque RGBA `src` at quality `q`.
fn jpeg_of(src: &[u8], w: u32, h: u32, q: u8) -> Result<Vec<u8>, image_cropper_wasm::CropError> {
    let (y, cb, cr) = image_cropper_wasm::export::planar::rgba_to_ycc420(src, w, h);
    encode_jpeg(
        &image_cropper_wasm::export::encode::YccPlanes { y: &y, cb: &cb, cr: &cr, width: w, height: h },
        q,
    )
}

#[test]
fn jpeg_quality_is_honoured() {
    let (w, h) = (96, 64);
    let src = photo_like(w, h);
    let m = map(48.0, 32.0, 0.0, 1.0, w, h);
    let size = |q: f32| {
        let o = ExportOptions { file_type: FileType::Jpeg, quality: q, ..Default::default() };
        let out = export_rgba(&src, w, h, &m, &o).unwrap();
        assert_eq!(out.bytes, jpeg_of(&src, w, h, (q * 100.0).round() as u8).unwrap());
        out.bytes.len()
    };
    let (low, mid, high) = (size(0.1), size(0.6), size(0.95));
    assert!(low < mid && mid < high, "{low} {mid} {high}");
}

#[test]
fn max_bytes_picks_the_highest_quality_that_fits() {
    let (w, h) = (96, 64);
    let src = photo_like(w, h);
    let m = map(48.0, 32.0, 0.0, 1.0, w, h);
    let sizes: Vec<usize> = (1..=90).map(|q| jpeg_of(&src, w, h, q).unwrap().len()).collect();
    for max_bytes in [sizes[89] + 10, sizes[60], sizes[30] + 1, sizes[5], sizes[0]] {
        let o = ExportOptions {
            file_type: FileType::Jpeg,
            quality: 0.9,
            max_bytes: Some(max_bytes),
            ..Default::default()
        };
        let out = export_rgba(&src, w, h, &m, &o).unwrap();
        assert!(out.bytes.len() <= max_bytes);
        // The highest q (≤ 90) whose size fits; sizes are monotonic enough for binary search
        // on this image, and the test checks that first.
        let best_q = (1..=90u8).rev().find(|&q| sizes[q as usize - 1] <= max_bytes).unwrap();
        assert!((1..best_q as usize).all(|q| sizes[q - 1] <= max_bytes), "monotonic below {best_q}");
        assert_eq!(out.bytes, jpeg_of(&src, w, h, best_q).unwrap(), "maxBytes {max_bytes}");
    }
    let o = ExportOptions {
        file_type: FileType::Jpeg,
        quality: 0.9,
        max_bytes: Some(sizes[0] - 1),
        ..Default::default()
    };
    assert_eq!(export_rgba(&src, w, h, &m, &o).unwrap_err().code, ErrorCode::EncodeFailed);
}

#[test]
fn option_keys_are_checked() {
    for key in ExportOptionsInput::KEYS {
        assert!(ExportOptionsInput::check_key(key).is_ok());
    }
    assert_eq!(ExportOptionsInput::check_key("fileTyp").unwrap_err().code, ErrorCode::InvalidOption);
}

#[test]
fn ellipse_band_skipping_matches_the_per_pixel_formula() {
    use image_cropper_wasm::export::mask::apply_ellipse;
    for (w, h) in [(64u32, 64u32), (60, 20), (7, 3), (1, 1), (300, 17), (2, 90)] {
        let mut px = vec![200u8; (w * h * 4) as usize];
        apply_ellipse(&mut px, w, h);
        let (rx, ry) = (w as f64 / 2.0, h as f64 / 2.0);
        for y in 0..h {
            for x in 0..w {
                let (dx, dy) = (x as f64 + 0.5 - rx, y as f64 + 0.5 - ry);
                let f = (dx / rx).powi(2) + (dy / ry).powi(2);
                let grad = 2.0 * ((dx / (rx * rx)).powi(2) + (dy / (ry * ry)).powi(2)).sqrt();
                let dist = if grad > 0.0 { (f - 1.0) / grad } else { -rx.min(ry) };
                let cov = (0.5 - dist).clamp(0.0, 1.0);
                let expected = if cov >= 1.0 { 200 } else { (200.0 * cov + 0.5) as u8 };
                let a = px[((y * w + x) * 4 + 3) as usize];
                assert!((a as i32 - expected as i32).abs() <= 1, "{w}x{h} at ({x},{y}): {a} vs {expected}");
            }
        }
    }
}
