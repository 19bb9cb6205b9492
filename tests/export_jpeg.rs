//! JPEG input through the export: EXIF orientation (all 8, both TIFF byte orders) crops the
//! displayed image; progressive, grayscale, 4:4:4/4:2:0 and restart-marker files match an
//! independent decoder; region + DCT-scaled decoding matches a full decode + area averaging.
// Native only: uses native dev-dependencies (wasm-pack test builds every test target).
#![cfg(not(target_arch = "wasm32"))]

mod export_common;

use export_common::*;
use image_cropper_wasm::error::ErrorCode;
use image_cropper_wasm::export::{export, export_rgba, probe, ExportOptions, ImageFormat, ImageInfo};

/// RGB in flat 8×8 blocks of distinct colours: survives JPEG q100 almost exactly.
fn blocky(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    for y in 0..h {
        for x in 0..w {
            let (bx, by) = (x / 8, y / 8);
            out.extend_from_slice(&[
                (bx * 40 % 256) as u8,
                (by * 50 % 256) as u8,
                ((bx + by) * 30 % 256) as u8,
            ]);
        }
    }
    out
}

/// Our decode of the whole displayed image as RGBA.
fn ours(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let info = probe(bytes).unwrap();
    let m = map(info.width as f64 / 2.0, info.height as f64 / 2.0, 0.0, 1.0, info.width, info.height);
    decode_png_rgba(&export(bytes, &m, &ExportOptions::default()).unwrap().bytes)
}

fn max_diff(a: &[u8], b: &[u8]) -> i32 {
    assert_eq!(a.len(), b.len());
    a.iter().zip(b).map(|(&x, &y)| (x as i32 - y as i32).abs()).max().unwrap_or(0)
}

/// The displayed image (RGB) of stored RGB `s` under EXIF `orientation`.
fn displayed_rgb(s: &[u8], w: u32, h: u32, orientation: u16) -> (u32, u32, Vec<u8>) {
    let (dw, dh) = if orientation >= 5 { (h, w) } else { (w, h) };
    let mut d = Vec::new();
    for y in 0..dh {
        for x in 0..dw {
            let (sx, sy) = match orientation {
                1 => (x, y),
                2 => (w - 1 - x, y),
                3 => (w - 1 - x, h - 1 - y),
                4 => (x, h - 1 - y),
                5 => (y, x),
                6 => (y, h - 1 - x),
                7 => (w - 1 - y, h - 1 - x),
                8 => (w - 1 - y, x),
                _ => unreachable!(),
            };
            let i = ((sy * w + sx) * 3) as usize;
            d.extend_from_slice(&s[i..i + 3]);
        }
    }
    (dw, dh, d)
}

#[test]
fn all_eight_orientations_crop_the_displayed_image() {
    let (w, h) = (48, 32);
    let rgb = blocky(w, h);
    for orientation in 1..=8u16 {
        for big_endian in [false, true] {
            let file = jpeg_bytes(&rgb, w, h, 100, Some((orientation, big_endian)));
            let info = probe(&file).unwrap();
            let (dw, dh, disp) = displayed_rgb(&rgb, w, h, orientation);
            assert_eq!(
                info,
                ImageInfo {
                    format: ImageFormat::Jpeg,
                    width: dw,
                    height: dh,
                    orientation: orientation as u8
                }
            );
            let (ow, oh, px) = ours(&file);
            assert_eq!((ow, oh), (dw, dh));
            let got: Vec<u8> = px.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
            assert!(
                max_diff(&got, &disp) <= 8,
                "orientation {orientation} BE {big_endian}: {}",
                max_diff(&got, &disp)
            );
            // A crop of the displayed top-left quarter is the displayed top-left quarter.
            let m = map(dw as f64 / 4.0, dh as f64 / 4.0, 0.0, 1.0, dw / 2, dh / 2);
            let q = decode_png_rgba(&export(&file, &m, &ExportOptions::default()).unwrap().bytes).2;
            let q: Vec<u8> = q.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
            let mut want = Vec::new();
            for y in 0..dh / 2 {
                let i = (y * dw * 3) as usize;
                want.extend_from_slice(&disp[i..i + (dw / 2 * 3) as usize]);
            }
            assert!(max_diff(&q, &want) <= 8, "orientation {orientation} quarter");
        }
    }
}

/// Our full decode vs jpeg-decoder's of the same file.
fn matches_reference(file: &[u8], tolerance: i32) {
    let (rw, rh, reference) = decode_jpeg_rgb(file);
    let (ow, oh, px) = ours(file);
    assert_eq!((ow, oh), (rw, rh));
    let got: Vec<u8> = px.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
    let d = max_diff(&got, &reference);
    assert!(d <= tolerance, "max difference {d}");
}

fn photo(w: u32, h: u32) -> Vec<u8> {
    let mut rng = Rng(9);
    let mut out = Vec::new();
    for y in 0..h {
        for x in 0..w {
            let n = (rng.byte() % 24) as u32;
            out.extend_from_slice(&[
                ((x * 2 + n) % 256) as u8,
                ((y * 3 + n) % 256) as u8,
                ((x + 2 * y) % 256) as u8,
            ]);
        }
    }
    out
}

fn encode_with(
    rgb: &[u8],
    w: u32,
    h: u32,
    setup: impl FnOnce(&mut jpeg_encoder::Encoder<&mut Vec<u8>>),
    color: jpeg_encoder::ColorType,
) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = jpeg_encoder::Encoder::new(&mut out, 85);
    setup(&mut enc);
    enc.encode(rgb, w as u16, h as u16, color).unwrap();
    out
}

#[test]
fn baseline_progressive_gray_restart_and_subsampling_match_a_reference_decoder() {
    let (w, h) = (77, 45);
    let rgb = photo(w, h);
    use jpeg_encoder::{ColorType, SamplingFactor};
    matches_reference(
        &encode_with(&rgb, w, h, |e| e.set_sampling_factor(SamplingFactor::F_2_2), ColorType::Rgb),
        3,
    );
    matches_reference(
        &encode_with(&rgb, w, h, |e| e.set_sampling_factor(SamplingFactor::F_1_1), ColorType::Rgb),
        3,
    );
    matches_reference(
        &encode_with(&rgb, w, h, |e| e.set_sampling_factor(SamplingFactor::F_2_1), ColorType::Rgb),
        3,
    );
    matches_reference(&encode_with(&rgb, w, h, |e| e.set_progressive(true), ColorType::Rgb), 3);
    matches_reference(&encode_with(&rgb, w, h, |e| e.set_restart_interval(3), ColorType::Rgb), 3);
    let gray: Vec<u8> = rgb.chunks_exact(3).map(|p| p[1]).collect();
    let file = encode_with(&gray, w, h, |_| {}, ColorType::Luma);
    let (_, _, reference) = {
        let mut dec = jpeg_decoder::Decoder::new(&file[..]);
        let px = dec.decode().unwrap();
        (w, h, px)
    };
    let (_, _, px) = ours(&file);
    let got: Vec<u8> = px.chunks_exact(4).map(|p| p[0]).collect();
    assert!(max_diff(&got, &reference) <= 3);
    assert!(px.chunks_exact(4).all(|p| p[0] == p[1] && p[1] == p[2] && p[3] == 255));
}

#[test]
fn dct_scaled_region_decode_matches_full_decode_and_area_averaging() {
    // Smooth content: DCT scaling and box averaging are different low-pass filters, which only
    // agree where the image has little energy near the new Nyquist frequency.
    let (w, h) = (640, 480);
    let rgb: Vec<u8> = (0..w * h)
        .flat_map(|i| {
            let (x, y) = ((i % w) as f64, (i / w) as f64);
            [
                (128.0 + 100.0 * (x / 37.0).sin()) as u8,
                (128.0 + 100.0 * (y / 23.0).cos()) as u8,
                ((x + y) * 0.2) as u8,
            ]
        })
        .collect();
    let file = encode_with(&rgb, w, h, |_| {}, jpeg_encoder::ColorType::Rgb);
    let (_, _, full) = decode_jpeg_rgb(&file);
    let rgba: Vec<u8> = full.chunks_exact(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect();
    // Scale 1/4 (DCT 1/4 in our decoder) and a rotated 0.3 crop of a corner region.
    for m in [map(320.0, 240.0, 0.0, 0.25, 160, 120), map(200.0, 150.0, 17.0, 0.3, 60, 50)] {
        let a = decode_png_rgba(&export(&file, &m, &ExportOptions::default()).unwrap().bytes).2;
        let b = decode_png_rgba(&export_rgba(&rgba, w, h, &m, &ExportOptions::default()).unwrap().bytes).2;
        let se: f64 = a.iter().zip(&b).map(|(&x, &y)| (x as f64 - y as f64).powi(2)).sum();
        let psnr = 10.0 * (255.0f64 * 255.0 / (se / a.len() as f64)).log10();
        assert!(psnr > 30.0, "{m:?}: PSNR {psnr}");
    }
}

#[test]
fn broken_jpegs_give_typed_errors() {
    let rgb = photo(40, 24);
    let file = jpeg_bytes(&rgb, 40, 24, 90, Some((6, false)));
    let m = map(12.0, 20.0, 0.0, 1.0, 24, 40);
    for cut in [3, 20, file.len() / 2, file.len() - 2] {
        let err = export(&file[..cut], &m, &ExportOptions::default()).unwrap_err();
        assert!(matches!(err.code, ErrorCode::Truncated | ErrorCode::CorruptData), "cut {cut}: {err}");
    }
    let mut bad = file.clone();
    let n = bad.len();
    for b in &mut bad[n / 2..n / 2 + 40] {
        *b = 0xFF;
    }
    // Garbage in the entropy-coded data: an error or a picture, never a panic.
    let _ = export(&bad, &m, &ExportOptions::default());
}

#[test]
fn exif_orientation_parsing_is_defensive() {
    use image_cropper_wasm::codecs::exif::orientation;
    for o in 1..=8u16 {
        for be in [false, true] {
            assert_eq!(orientation(&exif_orientation(o, be)[6..]), o as u8);
        }
    }
    let good = exif_orientation(6, false);
    assert_eq!(orientation(&exif_orientation(9, false)[6..]), 1);
    assert_eq!(orientation(&exif_orientation(0, true)[6..]), 1);
    assert_eq!(orientation(&[]), 1);
    assert_eq!(orientation(b"XX\x2a\x00"), 1);
    for cut in 0..good.len() - 6 {
        let o = orientation(&good[6..6 + cut]);
        assert!(o == 1 || o == 6, "prefix {cut}");
    }
    // An IFD offset pointing far outside.
    let mut far = good[6..].to_vec();
    far[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
    assert_eq!(orientation(&far), 1);
}

#[test]
fn shrunk_png_keeps_its_colour_up_to_the_image_edge_and_the_mask() {
    // A shrink by 3 writes PNG chroma at half resolution and interpolates it back; at the
    // image's edge (the crop reaches past it) and under the ellipse, a pixel that shows the
    // image shows its colour: no fringe from the chroma samples the image does not reach.
    let (w, h) = (96, 64);
    let red: Vec<u8> = (0..w * h).flat_map(|_| [200u8, 30, 40]).collect();
    let file = jpeg_bytes(&red, w, h, 95, None);
    for shape in ["rect", "circle"] {
        let opts = ExportOptions {
            shape: image_cropper_wasm::export::Shape::parse(shape).unwrap(),
            ..ExportOptions::default()
        };
        for m in [map(10.0, 20.0, 0.0, 1.0 / 3.0, 31, 27), map(80.0, 50.0, 23.0, 0.3, 29, 33)] {
            let (_, _, px) = decode_png_rgba(&export(&file, &m, &opts).unwrap().bytes);
            assert!(px.chunks_exact(4).any(|p| p[3] == 0), "{m:?}: the crop reaches past the image");
            for p in px.chunks_exact(4).filter(|p| p[3] > 0) {
                let d = max_diff(&p[..3], &[200, 30, 40]);
                assert!(d <= 6, "{shape} {m:?}: {p:?}");
            }
        }
    }
}
