//! Images smaller than an MCU, and a few MCUs: every size from 1 to 17 px in each direction,
//! in each chroma subsampling jpeg-encoder writes (4:4:4, 4:2:2, 4:2:0, 4:4:0), baseline and
//! progressive, decode within 45 dB PSNR of the jpeg-decoder crate, both through the export at
//! scale 1 and as the decoder's own planes (chroma upsampled here by the triangle filter
//! jpeg-decoder uses: linear interpolation between sample centres, edges held; then JFIF
//! YCbCr → RGB).
//!
//! libjpeg is not the reference here: when a chroma plane is at most 2 samples wide (images up
//! to 4 px wide in 4:2:0 or 4:2:2) it replicates chroma samples instead of interpolating them,
//! which puts it 20-35 dB away from any interpolating decoder on such images (ours and
//! jpeg-decoder agree with each other there, and with libjpeg once the plane is wider).
// Native only: uses native dev-dependencies (wasm-pack test builds every test target).
#![cfg(not(target_arch = "wasm32"))]

mod export_common;

use export_common::*;
use image_cropper_wasm::codecs::jpeg::{decode, DecodeRequest};
use image_cropper_wasm::export::{export, ExportOptions, Limits};
use image_cropper_wasm::raster::Plane;
use jpeg_encoder::{ColorType, Encoder, SamplingFactor};

const SUBSAMPLINGS: [(&str, SamplingFactor); 4] = [
    ("4:4:4", SamplingFactor::F_1_1),
    ("4:2:2", SamplingFactor::F_2_1),
    ("4:2:0", SamplingFactor::F_2_2),
    ("4:4:0", SamplingFactor::F_1_2),
];
const MIN_PSNR: f64 = 45.0;

/// Random pixels: the most chroma detail an image can have, so any misplaced or misweighted
/// chroma sample shows.
fn random_rgb(w: u32, h: u32, seed: u32) -> Vec<u8> {
    let mut rng = Rng(seed);
    (0..w * h * 3).map(|_| rng.byte()).collect()
}

fn jpeg(rgb: &[u8], w: u32, h: u32, sampling: SamplingFactor, progressive: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = Encoder::new(&mut out, 90);
    enc.set_sampling_factor(sampling);
    enc.set_progressive(progressive);
    enc.encode(rgb, w as u16, h as u16, ColorType::Rgb).unwrap();
    out
}

fn psnr(a: &[u8], b: &[u8]) -> f64 {
    assert_eq!(a.len(), b.len());
    let se: f64 = a.iter().zip(b).map(|(&x, &y)| (x as f64 - y as f64).powi(2)).sum();
    if se == 0.0 {
        return f64::INFINITY;
    }
    10.0 * (255.0f64.powi(2) / (se / a.len() as f64)).log10()
}

/// Plane sample at full-resolution pixel (x, y): linear between sample centres, edges held.
fn upsampled(p: &Plane, x: u32, y: u32) -> f64 {
    let coord = |v: u32, scale: f64, n: u32| ((v as f64 + 0.5) / scale - 0.5).clamp(0.0, (n - 1) as f64);
    let (fx, fy) = (coord(x, p.scale_x, p.width), coord(y, p.scale_y, p.height));
    let (x0, y0) = (fx.floor() as usize, fy.floor() as usize);
    let (x1, y1) = ((x0 + 1).min(p.width as usize - 1), (y0 + 1).min(p.height as usize - 1));
    let (tx, ty) = (fx - x0 as f64, fy - y0 as f64);
    let s = |x: usize, y: usize| p.data[y * p.stride + x] as f64;
    let top = s(x0, y0) * (1.0 - tx) + s(x1, y0) * tx;
    let bottom = s(x0, y1) * (1.0 - tx) + s(x1, y1) * tx;
    top * (1.0 - ty) + bottom * ty
}

/// Our decoder's planes at full resolution, converted to RGB.
fn decoder_rgb(file: &[u8], w: u32, h: u32) -> Vec<u8> {
    let planes = decode(file, &DecodeRequest::full((0, 0, w, h), Limits::default())).unwrap();
    for p in &planes.planes {
        assert_eq!(p.origin_x, 0);
        assert!(p.width as f64 * p.scale_x >= w as f64 && p.height as f64 * p.scale_y >= h as f64);
    }
    let mut out = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h {
        for x in 0..w {
            let [luma, cb, cr] = [0, 1, 2].map(|c| upsampled(&planes.planes[c], x, y));
            let (cb, cr) = (cb - 128.0, cr - 128.0);
            let rgb = [luma + 1.402 * cr, luma - 0.344136 * cb - 0.714136 * cr, luma + 1.772 * cb];
            out.extend(rgb.map(|v| v.round().clamp(0.0, 255.0) as u8));
        }
    }
    out
}

/// The export at scale 1 over the whole image, as RGB.
fn export_rgb(file: &[u8], w: u32, h: u32) -> Vec<u8> {
    let m = map(w as f64 / 2.0, h as f64 / 2.0, 0.0, 1.0, w, h);
    let (ow, oh, rgba) = decode_png_rgba(&export(file, &m, &ExportOptions::default()).unwrap().bytes);
    assert_eq!((ow, oh), (w, h));
    rgba.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect()
}

#[test]
fn every_size_up_to_17_px_matches_the_reference_decoder() {
    let mut failures = Vec::new();
    for progressive in [false, true] {
        for (name, sampling) in SUBSAMPLINGS {
            let (mut min_export, mut min_decoder) = ((f64::INFINITY, 0, 0), (f64::INFINITY, 0, 0));
            for h in 1..=17u32 {
                for w in 1..=17u32 {
                    let file = jpeg(&random_rgb(w, h, w * 131 + h), w, h, sampling, progressive);
                    let (_, _, reference_rgb) = decode_jpeg_rgb(&file);
                    let e = psnr(&export_rgb(&file, w, h), &reference_rgb);
                    let d = psnr(&decoder_rgb(&file, w, h), &reference_rgb);
                    if e < min_export.0 {
                        min_export = (e, w, h);
                    }
                    if d < min_decoder.0 {
                        min_decoder = (d, w, h);
                    }
                    if e < MIN_PSNR || d < MIN_PSNR {
                        failures.push(format!("{name} {w}x{h}: export {e:.1} dB, decoder {d:.1} dB"));
                    }
                }
            }
            let kind = if progressive { "progressive" } else { "baseline" };
            println!(
                "{kind} {name}: min PSNR export {:.1} dB ({}x{}), decoder {:.1} dB ({}x{})",
                min_export.0, min_export.1, min_export.2, min_decoder.0, min_decoder.1, min_decoder.2
            );
        }
    }
    assert!(failures.is_empty(), "below {MIN_PSNR} dB:\n{}", failures.join("\n"));
}
