//! EXIF orientation without a rotated copy: cropping the stored pixels through the composed map
//! equals cropping the displayed image (built here pixel by pixel from the EXIF definitions).
// Native only: uses native dev-dependencies (wasm-pack test builds every test target).
#![cfg(not(target_arch = "wasm32"))]

mod export_common;

use export_common::*;
use image_cropper_wasm::export::orient::displayed_size;
use image_cropper_wasm::export::plan::plan;
use image_cropper_wasm::export::resample::{resample_antialiased, SourceView};
use image_cropper_wasm::geometry::CropMap;
use image_cropper_wasm::limits::Limits;

/// The displayed image of stored `s` (`w × h`) under EXIF `orientation`, from the EXIF
/// definitions ("0th row / 0th column" of the stored image is shown at ...).
fn displayed(s: &[u8], w: u32, h: u32, orientation: u8) -> (u32, u32, Vec<u8>) {
    let (dw, dh) = displayed_size(orientation, w, h);
    let mut d = Vec::with_capacity(s.len());
    for y in 0..dh {
        for x in 0..dw {
            let (sx, sy) = match orientation {
                1 => (x, y),
                2 => (w - 1 - x, y),         // 0th row top, 0th column right
                3 => (w - 1 - x, h - 1 - y), // bottom, right
                4 => (x, h - 1 - y),         // bottom, left
                5 => (y, x),                 // 0th row left, 0th column top
                6 => (y, h - 1 - x),         // 0th row right, 0th column top
                7 => (w - 1 - y, h - 1 - x), // 0th row right, 0th column bottom
                8 => (w - 1 - y, x),         // 0th row left, 0th column bottom
                _ => unreachable!(),
            };
            let i = ((sy * w + sx) * 4) as usize;
            d.extend_from_slice(&s[i..i + 4]);
        }
    }
    (dw, dh, d)
}

fn run(src: &[u8], w: u32, h: u32, orientation: u8, m: &CropMap) -> Vec<u8> {
    let p = plan(m, orientation, w, h);
    let view = SourceView {
        data: src,
        width: w,
        height: h,
        stride: w as usize * 4,
        channels: 4,
        origin_x: 0,
        origin_y: 0,
        scale_x: 1.0,
        scale_y: 1.0,
    };
    resample_antialiased(&view, &p.to_stored, m.out_width, m.out_height, &Limits::default()).unwrap()
}

#[test]
fn every_orientation_crops_the_displayed_image() {
    // Even sizes, so the 2×2 area-averaging blocks of the 0.45 case line up in both frames.
    let (w, h) = (36, 24);
    // Opaque, so colours compare directly.
    let src: Vec<u8> = random_rgba(w, h, 17).chunks_exact(4).flat_map(|p| [p[0], p[1], p[2], 255]).collect();
    for orientation in 1..=8u8 {
        let (dw, dh, disp) = displayed(&src, w, h, orientation);
        // Exact integer crop (copy path): bit-identical.
        let m = map(dw as f64 / 2.0 + 1.0, dh as f64 / 2.0 - 2.0, 0.0, 1.0, 10, 8);
        assert_eq!(
            run(&src, w, h, orientation, &m),
            run(&disp, dw, dh, 1, &m),
            "orientation {orientation} exact"
        );
        // Rotated, scaled, flipped crops: the same samples up to fixed-point rounding.
        for (angle, scale, flip) in [(17.0, 0.7, false), (-40.0, 1.6, true), (90.0, 0.45, false)] {
            let mut m = map(dw as f64 / 2.0, dh as f64 / 2.0, angle, scale, 14, 12);
            m.flip_x = flip;
            let a = run(&src, w, h, orientation, &m);
            let b = run(&disp, dw, dh, 1, &m);
            let worst = a.iter().zip(&b).map(|(&x, &y)| (x as i32 - y as i32).abs()).max().unwrap();
            assert!(worst <= 2, "orientation {orientation} angle {angle} scale {scale}: worst {worst}");
        }
    }
}

#[test]
fn displayed_size_swaps_for_5_to_8() {
    for o in 1..=4 {
        assert_eq!(displayed_size(o, 40, 30), (40, 30));
    }
    for o in 5..=8 {
        assert_eq!(displayed_size(o, 40, 30), (30, 40));
    }
    assert_eq!(displayed_size(0, 40, 30), (40, 30));
    assert_eq!(displayed_size(9, 40, 30), (40, 30));
}
