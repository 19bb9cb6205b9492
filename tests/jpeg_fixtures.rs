//! JPEGs written by libjpeg-family encoders (sharp: libvips + mozjpeg; regenerate with
//! `node tests/fixtures/jpeg/make.js`): progressive scan scripts with successive approximation,
//! mozjpeg's optimised scans, grayscale. Our decode matches an independent decoder.
// Native only: uses native dev-dependencies (wasm-pack test builds every test target).
#![cfg(not(target_arch = "wasm32"))]

mod export_common;

use export_common::*;
use image_cropper_wasm::export::{export, probe, ExportOptions};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/jpeg/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// Largest and mean absolute difference of our full decode (through the export, PNG out, an
/// identity map) against jpeg-decoder's.
fn compare(name: &str) -> (i32, f64) {
    let file = fixture(name);
    let info = probe(&file).unwrap();
    let m = map(info.width as f64 / 2.0, info.height as f64 / 2.0, 0.0, 1.0, info.width, info.height);
    let (w, h, ours) = decode_png_rgba(&export(&file, &m, &ExportOptions::default()).unwrap().bytes);
    let (rw, rh, reference) = decode_jpeg_rgb(&file);
    assert_eq!((w, h), (rw, rh), "{name}");
    let ours: Vec<u8> = ours.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
    let diffs: Vec<i32> = ours.iter().zip(&reference).map(|(&a, &b)| (a as i32 - b as i32).abs()).collect();
    let max = diffs.iter().copied().max().unwrap_or(0);
    let mean = diffs.iter().map(|&d| d as f64).sum::<f64>() / diffs.len() as f64;
    (max, mean)
}

#[test]
fn libjpeg_family_files_match_an_independent_decoder() {
    for name in [
        "baseline-optimised-420.jpg",
        "progressive-420.jpg",
        "progressive-444.jpg",
        "mozjpeg-420.jpg",
        "progressive-gray.jpg",
    ] {
        let (max, mean) = compare(name);
        // Rounding of the IDCT and of chroma upsampling differ between decoders by a level or two.
        eprintln!("{name}: max {max}, mean {mean:.3}");
        assert!(max <= 6 && mean < 0.6, "{name}: max {max}, mean {mean:.3}");
    }
}
