//! WebP input behind the cargo feature `webp` (`./build.sh test` runs these with
//! `cargo test --features webp --test export_webp`): lossless WebP crops exactly, a cut file is
//! a typed error. Without the feature, the shipped build's answer is tested in the bad-input
//! corpus (unsupported_format).
#![cfg(all(feature = "webp", not(target_arch = "wasm32")))]

mod export_common;

use export_common::*;
use image_cropper_wasm::error::ErrorCode;
use image_cropper_wasm::export::{export, probe, ExportOptions, ImageFormat};

fn lossless_webp(rgba: &[u8], w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    image_webp::WebPEncoder::new(&mut out).encode(rgba, w, h, image_webp::ColorType::Rgba8).unwrap();
    out
}

#[test]
fn lossless_webp_crops_exactly() {
    let (w, h) = (48, 36);
    let src = random_rgba(w, h, 21);
    let webp = lossless_webp(&src, w, h);
    let info = probe(&webp).unwrap();
    assert_eq!((info.format, info.width, info.height), (ImageFormat::Webp, w, h));
    let out = export(&webp, &map(25.0, 20.0, 0.0, 1.0, 20, 16), &ExportOptions::default()).unwrap();
    let (ow, oh, px) = decode_png_rgba(&out.bytes);
    assert_eq!((ow, oh), (20, 16));
    assert_eq!(px, crop_rgba(&src, w, 15, 12, 20, 16));
}

#[test]
fn cut_or_damaged_webp_is_a_typed_error() {
    let (w, h) = (32, 32);
    let webp = lossless_webp(&random_rgba(w, h, 5), w, h);
    let m = map(16.0, 16.0, 0.0, 1.0, 32, 32);
    for cut in [12, 20, 30, webp.len() / 2, webp.len() - 1] {
        let err = export(&webp[..cut], &m, &ExportOptions::default()).unwrap_err();
        assert!(
            matches!(err.code, ErrorCode::Truncated | ErrorCode::CorruptData),
            "cut {cut}: {:?} {}",
            err.code,
            err.message
        );
    }
}
