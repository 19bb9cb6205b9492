//! Export geometry: exact crops, the 17° benchmark task within 0.25 output px of the CropMap
//! formula, flips and quarter turns, crops reaching outside the image.
// Native only: uses native dev-dependencies (wasm-pack test builds every test target).
#![cfg(not(target_arch = "wasm32"))]

mod export_common;

use export_common::*;
use image_cropper_wasm::export::{export, export_rgba, ExportOptions, FileType};
use image_cropper_wasm::geometry::Point;

#[test]
fn angle_0_scale_1_integer_crop_of_rgba_is_bit_identical() {
    let (w, h) = (50, 40);
    let src = random_rgba(w, h, 7);
    // Crop [10, 30) × [5, 25): centre (20, 15).
    let out = export_rgba(&src, w, h, &map(20.0, 15.0, 0.0, 1.0, 20, 20), &ExportOptions::default()).unwrap();
    assert_eq!((out.width, out.height, out.file_type), (20, 20, FileType::Png));
    let (ow, oh, px) = decode_png_rgba(&out.bytes);
    assert_eq!((ow, oh), (20, 20));
    assert_eq!(px, crop_rgba(&src, w, 10, 5, 20, 20));
}

#[test]
fn angle_0_scale_1_integer_crop_of_png_is_bit_identical() {
    let (w, h) = (64, 48);
    let src = random_rgba(w, h, 11);
    let png = png_bytes(w, h, png::ColorType::Rgba, png::BitDepth::Eight, &src, false);
    let out = export(&png, &map(33.0, 21.0, 0.0, 1.0, 30, 18), &ExportOptions::default()).unwrap();
    let (_, _, px) = decode_png_rgba(&out.bytes);
    assert_eq!(px, crop_rgba(&src, w, 18, 12, 30, 18));
}

#[test]
fn quarter_turns_and_flips_permute_pixels_exactly() {
    let (w, h) = (6, 4);
    let src = random_rgba(w, h, 3);
    let at = |x: u32, y: u32| src[((y * w + x) * 4) as usize..((y * w + x) * 4 + 4) as usize].to_vec();
    // 90° clockwise: output is h × w; output (ox, oy) shows source (oy, h - 1 - ox).
    let out = export_rgba(&src, w, h, &map(3.0, 2.0, 90.0, 1.0, h, w), &ExportOptions::default()).unwrap();
    let (_, _, px) = decode_png_rgba(&out.bytes);
    for oy in 0..w {
        for ox in 0..h {
            let i = ((oy * h + ox) * 4) as usize;
            assert_eq!(px[i..i + 4].to_vec(), at(oy, h - 1 - ox), "90° at ({ox}, {oy})");
        }
    }
    // Horizontal flip.
    let mut m = map(3.0, 2.0, 0.0, 1.0, w, h);
    m.flip_x = true;
    let out = export_rgba(&src, w, h, &m, &ExportOptions::default()).unwrap();
    let (_, _, px) = decode_png_rgba(&out.bytes);
    for oy in 0..h {
        for ox in 0..w {
            let i = ((oy * w + ox) * 4) as usize;
            assert_eq!(px[i..i + 4].to_vec(), at(w - 1 - ox, oy), "flip at ({ox}, {oy})");
        }
    }
}

/// Pixel values encode their coordinates: R = 2·(x mod 128), G = 2·(y mod 128). Bilinear
/// sampling of this locally linear image returns the sampled position, so the output shows where
/// each output pixel was taken from.
fn coordinate_image(w: u32, h: u32) -> Vec<u8> {
    let mut px = Vec::with_capacity((w * h * 4) as usize);
    for y in 0..h {
        for x in 0..w {
            px.extend_from_slice(&[(2 * (x % 128)) as u8, (2 * (y % 128)) as u8, 0, 255]);
        }
    }
    px
}

/// The source coordinate a value `v` of the coordinate image shows, resolved to the period
/// nearest `expected`; None where the formula's point is near a wrap-around (interpolation there
/// mixes both ends of the ramp).
fn decode_coordinate(v: u8, expected: f64) -> Option<f64> {
    decode_coordinate_within(v, expected, 3.0)
}

/// As `decode_coordinate`, for filters reaching `reach` source px from the sample point.
fn decode_coordinate_within(v: u8, expected: f64, reach: f64) -> Option<f64> {
    if !(reach..=128.0 - reach).contains(&expected.rem_euclid(128.0)) {
        return None;
    }
    let local = v as f64 / 2.0 + 0.5; // pixel x has its centre x + 0.5 and value 2x
    let k = ((expected - local) / 128.0).round();
    Some(k * 128.0 + local)
}

#[test]
fn task_a_geometry_at_17_degrees_is_within_a_quarter_output_pixel() {
    let (w, h) = (4032, 3024);
    let src = coordinate_image(w, h);
    let m = map(2016.0, 1512.0, 17.0, 1080.0 / 2000.0, 1080, 1080);
    let out = export_rgba(&src, w, h, &m, &ExportOptions::default()).unwrap();
    let (_, _, px) = decode_png_rgba(&out.bytes);
    let mut checked = 0;
    let mut worst: f64 = 0.0;
    for oy in (0..1080).step_by(7) {
        for ox in (0..1080).step_by(5) {
            let expected = m.output_to_source(Point::new(ox as f64 + 0.5, oy as f64 + 0.5));
            let i = ((oy * 1080 + ox) * 4) as usize;
            let (Some(sx), Some(sy)) =
                (decode_coordinate(px[i], expected.x), decode_coordinate(px[i + 1], expected.y))
            else {
                continue;
            };
            // Source px → output px: multiply by scale.
            let err = (sx - expected.x).abs().max((sy - expected.y).abs()) * m.scale;
            worst = worst.max(err);
            checked += 1;
        }
    }
    assert!(checked > 20_000, "checked {checked}");
    assert!(worst <= 0.25, "worst error {worst} output px");
}

#[test]
fn small_rotation_and_enlargement_follow_the_formula() {
    let (w, h) = (128, 128);
    let src = coordinate_image(w, h);
    for (angle, scale) in [(17.0, 0.54), (-33.0, 1.0), (5.0, 2.5), (180.0, 0.8)] {
        let m = map(64.0, 64.0, angle, scale, 40, 40);
        let out = export_rgba(&src, w, h, &m, &ExportOptions::default()).unwrap();
        let (_, _, px) = decode_png_rgba(&out.bytes);
        for oy in 0..40 {
            for ox in 0..40 {
                let e = m.output_to_source(Point::new(ox as f64 + 0.5, oy as f64 + 0.5));
                let i = ((oy * 40 + ox) * 4) as usize;
                let (Some(sx), Some(sy)) = (decode_coordinate(px[i], e.x), decode_coordinate(px[i + 1], e.y))
                else {
                    continue;
                };
                // Per axis: 8-bit values at 2 per px quantise to 0.25 source px, plus the 8-bit weights.
                let err = (sx - e.x).abs().max((sy - e.y).abs()) * scale;
                assert!(
                    err <= 0.25 * scale.max(1.0) + 0.02,
                    "angle {angle} scale {scale} at ({ox},{oy}): {err}"
                );
            }
        }
    }
}

#[test]
fn crop_reaching_outside_is_transparent_in_png_and_fill_in_jpeg() {
    let (w, h) = (20, 20);
    let src: Vec<u8> = (0..w * h).flat_map(|_| [10u8, 200, 30, 255]).collect();
    // Output 20×20 centred on the image's right edge: left half image, right half outside.
    let m = map(20.0, 10.0, 0.0, 1.0, 20, 20);
    let out = export_rgba(&src, w, h, &m, &ExportOptions::default()).unwrap();
    let (_, _, px) = decode_png_rgba(&out.bytes);
    for y in 0..20usize {
        for x in 0..20usize {
            let p = &px[(y * 20 + x) * 4..(y * 20 + x) * 4 + 4];
            if x < 10 {
                assert_eq!(p, [10, 200, 30, 255]);
            } else {
                assert_eq!(p[3], 0, "transparent outside at ({x},{y})");
            }
        }
    }
    let opts = ExportOptions {
        file_type: FileType::Jpeg,
        quality: 1.0,
        fill: [0, 0, 255, 255],
        ..Default::default()
    };
    let out = export_rgba(&src, w, h, &m, &opts).unwrap();
    assert_eq!(out.file_type, FileType::Jpeg);
    let (ow, oh, rgb) = decode_jpeg_rgb(&out.bytes);
    assert_eq!((ow, oh), (20, 20));
    // Away from the edge (JPEG blocks blur it), inside is the image colour, outside the fill.
    let near = |a: &[u8], b: [u8; 3]| a.iter().zip(b).all(|(&x, y)| (x as i32 - y as i32).abs() <= 12);
    assert!(near(&rgb[(10 * 20 + 2) * 3..(10 * 20 + 2) * 3 + 3], [10, 200, 30]));
    assert!(near(&rgb[(10 * 20 + 18) * 3..(10 * 20 + 18) * 3 + 3], [0, 0, 255]));
}

#[test]
fn crop_entirely_outside_the_image_is_all_transparent() {
    let src = random_rgba(10, 10, 5);
    let png = png_bytes(10, 10, png::ColorType::Rgba, png::BitDepth::Eight, &src, false);
    let out = export(&png, &map(500.0, 500.0, 30.0, 1.0, 8, 8), &ExportOptions::default()).unwrap();
    let (_, _, px) = decode_png_rgba(&out.bytes);
    assert!(px.chunks_exact(4).all(|p| p[3] == 0));
}

#[test]
fn image_edge_is_antialiased_under_rotation() {
    let (w, h) = (40, 40);
    let src: Vec<u8> = (0..w * h).flat_map(|_| [255u8, 255, 255, 255]).collect();
    let m = map(20.0, 20.0, 30.0, 1.0, 60, 60);
    let out = export_rgba(&src, w, h, &m, &ExportOptions::default()).unwrap();
    let (_, _, px) = decode_png_rgba(&out.bytes);
    let partial = px.chunks_exact(4).filter(|p| p[3] > 0 && p[3] < 255).count();
    let opaque = px.chunks_exact(4).filter(|p| p[3] == 255).count();
    // Area of the rotated 40×40 square is 1600 px; its edge (perimeter 160) is partly covered.
    assert!(partial >= 100, "partial {partial}");
    let coverage: f64 = px.chunks_exact(4).map(|p| p[3] as f64 / 255.0).sum();
    assert!((coverage - 1600.0).abs() < 16.0, "coverage {coverage}, opaque {opaque}");
}

#[test]
fn strong_shrink_keeps_the_geometry() {
    // Box averaging by 5 then the tent: still centred on the formula's point.
    let (w, h) = (1000, 800);
    let src = coordinate_image(w, h);
    let m = map(500.0, 400.0, 12.0, 0.2, 120, 100);
    let out = export_rgba(&src, w, h, &m, &ExportOptions::default()).unwrap();
    let (_, _, px) = decode_png_rgba(&out.bytes);
    let mut checked = 0;
    for oy in 0..100 {
        for ox in 0..120 {
            let e = m.output_to_source(Point::new(ox as f64 + 0.5, oy as f64 + 0.5));
            let i = ((oy * 120 + ox) * 4) as usize;
            let (Some(sx), Some(sy)) =
                (decode_coordinate_within(px[i], e.x, 12.0), decode_coordinate_within(px[i + 1], e.y, 12.0))
            else {
                continue;
            };
            let err = (sx - e.x).abs().max((sy - e.y).abs()) * m.scale;
            assert!(err <= 0.25, "at ({ox},{oy}): {err} output px");
            checked += 1;
        }
    }
    assert!(checked > 3000, "checked {checked}");
}

#[test]
fn strong_shrink_of_a_fine_checkerboard_does_not_alias() {
    let (w, h) = (400, 400);
    let src: Vec<u8> = (0..w * h)
        .flat_map(|i| {
            let v = if (i % w + i / w) % 2 == 0 { 0u8 } else { 255 };
            [v, v, v, 255]
        })
        .collect();
    for (scale, angle) in [(0.125, 0.0), (0.2, 17.0), (0.25, 45.0), (0.1, 3.0)] {
        let n = (300.0 * scale) as u32;
        let out = export_rgba(&src, w, h, &map(200.0, 200.0, angle, scale, n, n), &ExportOptions::default())
            .unwrap();
        let (_, _, px) = decode_png_rgba(&out.bytes);
        let worst =
            px.chunks_exact(4).filter(|p| p[3] == 255).map(|p| (p[0] as i32 - 128).abs()).max().unwrap();
        // Plain point sampling would give 0 or 255 (aliasing); area averaging gives grey. An odd
        // box (5×5 at 0.2) holds 13 of one colour and 12 of the other: ±5.
        let limit = 6;
        assert!(worst <= limit, "scale {scale} angle {angle}: worst deviation from grey {worst}");
    }
}

#[test]
fn plan_picks_the_dct_scale_and_region() {
    use image_cropper_wasm::codecs::jpeg::{idct_size, idct_size_for_output};
    use image_cropper_wasm::export::plan::{plan, Region};
    // Task A: one output pixel spans 1/0.54 = 1.85 source pixels.
    let a = plan(&map(2016.0, 1512.0, 17.0, 0.54, 1080, 1080), 1, 4032, 3024);
    assert!((a.source_step - 1.0 / 0.54).abs() < 1e-9);
    let r = a.region.unwrap();
    // The rotated 2000² square spans 2000·(cos 17° + sin 17°) ≈ 2497 px, plus the filter margin.
    assert!(r.x1 - r.x0 >= 2497 && r.x1 - r.x0 <= 2540, "{r:?}");
    assert!(r.y1 - r.y0 >= 2497 && r.y1 - r.y0 <= 2540, "{r:?}");
    // So luma blocks need 5/8 (5 samples per 8 pixels: 1.6 px a sample, finer than 1.85) and
    // decode at 6/8, 1.2× finer still, for the bilinear resampling after; 4:2:0 chroma for a
    // half-resolution JPEG (16 px per block, 3.7 px per output sample, the decoder allowing
    // chroma 15% coarser) at 4/8.
    assert_eq!(idct_size(8.0, a.source_step), 5);
    assert_eq!(idct_size_for_output(8.0, a.source_step), 6);
    assert_eq!(idct_size(16.0, 2.0 * a.source_step * 1.15), 4);
    // PNG output keeps chroma at full resolution: 16 px over 1.85 would want 9, so 8.
    assert_eq!(idct_size(16.0, a.source_step), 8);
    // The original's default export: 3024² → 600² is a shrink by 5.04: 2 samples per block.
    let d = plan(&map(2016.0, 1512.0, 0.0, 600.0 / 3024.0, 600, 600), 1, 4032, 3024);
    assert_eq!(idct_size(8.0, d.source_step), 2);
    assert_eq!(idct_size_for_output(8.0, d.source_step), 2);
    assert_eq!(d.region.unwrap().y0, 0);
    assert_eq!(d.region.unwrap().y1, 3024);
    // Exactly half: 4. Just above half: 5. Enlarging: 8. Tiny output: 1 (DC only).
    assert_eq!(idct_size(8.0, 2.0), 4);
    assert_eq!(idct_size(8.0, 1.99), 5);
    assert_eq!(idct_size(8.0, 0.3), 8);
    assert_eq!(idct_size(8.0, 100.0), 1);
    assert_eq!(idct_size(8.0, f64::NAN), 8);
    // Orientation 6 (displayed 3024 × 4032): displayed (dx, dy) comes from stored (dy, h - dx),
    // so the displayed top-left 100² is the stored bottom-left corner.
    let o = plan(&map(50.0, 50.0, 0.0, 1.0, 100, 100), 6, 4032, 3024);
    let r = o.region.unwrap();
    assert_eq!((r.x0, r.y1), (0, 3024));
    assert!(r.x1 <= 120 && r.y0 >= 3024 - 120, "{r:?}");
    assert_eq!(o.region.map(|r: Region| r.x0), Some(0));
    // A crop beside the image needs no decoding.
    assert_eq!(plan(&map(-500.0, 50.0, 0.0, 1.0, 100, 100), 1, 1000, 1000).region, None);
}

#[test]
fn area_averaging_weights_colour_by_alpha() {
    // 4×4: half transparent red, half opaque blue; shrunk to 1×1 the colour is blue, alpha half.
    let src: Vec<u8> =
        (0..16).flat_map(|i| if i % 2 == 0 { [255u8, 0, 0, 0] } else { [0, 0, 255, 255] }).collect();
    let out = export_rgba(&src, 4, 4, &map(2.0, 2.0, 0.0, 0.25, 1, 1), &ExportOptions::default()).unwrap();
    let (_, _, px) = decode_png_rgba(&out.bytes);
    assert_eq!(px, vec![0, 0, 255, 128]);
}
