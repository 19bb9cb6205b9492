//! The JPEG decoder's contract (src/codecs/jpeg): a region decode is exactly the same samples
//! as the full decode at that place (blocks are independent and nothing is upsampled), for
//! baseline, progressive and restart-interval files (where whole intervals outside the region
//! are skipped unparsed); N/8 scaled decoding keeps flat areas flat and smooth content close to
//! an area average; what is not decoded is still checked for the end of the file.
// Native only: uses native dev-dependencies (wasm-pack test builds every test target).
#![cfg(not(target_arch = "wasm32"))]

mod export_common;

use export_common::Rng;
use image_cropper_wasm::codecs::jpeg::{
    decode, idct_size, idct_size_for_output, read_info, DecodeRequest, Footprint,
};
use image_cropper_wasm::error::ErrorCode;
use image_cropper_wasm::export::Limits;
use image_cropper_wasm::raster::{Plane, PlaneColor, Planes};
use jpeg_encoder::{ColorType, Encoder, SamplingFactor};

fn photo(w: u32, h: u32, seed: u32) -> Vec<u8> {
    let mut rng = Rng(seed);
    let mut out = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h {
        for x in 0..w {
            let n = (rng.byte() % 32) as u32;
            out.extend_from_slice(&[
                ((x * 3 + n) % 256) as u8,
                ((y * 2 + n) % 256) as u8,
                ((x + y + n) % 256) as u8,
            ]);
        }
    }
    out
}

fn encode(rgb: &[u8], w: u32, h: u32, setup: impl FnOnce(&mut Encoder<&mut Vec<u8>>)) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = Encoder::new(&mut out, 88);
    setup(&mut enc);
    enc.encode(rgb, w as u16, h as u16, ColorType::Rgb).unwrap();
    out
}

fn full(file: &[u8], step: f64) -> Planes {
    let info = read_info(file).unwrap();
    decode(
        file,
        &DecodeRequest {
            region: (0, 0, info.width, info.height),
            luma_step: step,
            chroma_step: step,
            footprint: None,
            limits: Limits::default(),
        },
    )
    .unwrap()
}

fn region(file: &[u8], r: (u32, u32, u32, u32), step: f64) -> Planes {
    decode(
        file,
        &DecodeRequest {
            region: r,
            luma_step: step,
            chroma_step: step,
            footprint: None,
            limits: Limits::default(),
        },
    )
    .unwrap()
}

/// Sample (x, y) of the whole image's grid, from a plane that may hold only part of it.
fn at(p: &Plane, x: u32, y: u32) -> Option<u8> {
    let (bx, by) = (x.checked_sub(p.origin_x)?, y.checked_sub(p.origin_y)?);
    (bx < p.width && by < p.height).then(|| p.data[by as usize * p.stride + bx as usize])
}

/// Every sample the region decode holds equals the full decode's at the same place.
fn region_matches_full(name: &str, file: &[u8], r: (u32, u32, u32, u32), step: f64) {
    let whole = full(file, step);
    let part = region(file, r, step);
    assert_eq!(whole.color, part.color);
    for (c, (pw, pp)) in whole.planes.iter().zip(&part.planes).enumerate() {
        assert_eq!((pw.scale_x, pw.scale_y), (pp.scale_x, pp.scale_y));
        assert!(pp.width > 0 && pp.height > 0, "{name}: component {c} is empty");
        // The region's samples cover the requested pixels.
        assert!(
            pp.origin_x as f64 * pp.scale_x <= r.0 as f64 && pp.origin_y as f64 * pp.scale_y <= r.1 as f64,
            "{name}"
        );
        for y in pp.origin_y..pp.origin_y + pp.height {
            for x in pp.origin_x..pp.origin_x + pp.width {
                assert_eq!(at(pp, x, y), at(pw, x, y), "{name}: component {c} sample ({x}, {y})");
            }
        }
    }
    // And it decoded less than everything when the region is smaller.
    let samples = |p: &Planes| p.planes.iter().map(|q| q.width as u64 * q.height as u64).sum::<u64>();
    assert!(samples(&part) < samples(&whole), "{name}");
}

#[test]
fn region_decodes_are_the_full_decode_there() {
    let (w, h) = (203, 157);
    let rgb = photo(w, h, 3);
    let files = [
        ("baseline 4:2:0", encode(&rgb, w, h, |e| e.set_sampling_factor(SamplingFactor::F_2_2))),
        ("baseline 4:4:4", encode(&rgb, w, h, |e| e.set_sampling_factor(SamplingFactor::F_1_1))),
        ("baseline 4:2:2", encode(&rgb, w, h, |e| e.set_sampling_factor(SamplingFactor::F_2_1))),
        ("progressive 4:2:0", encode(&rgb, w, h, |e| e.set_progressive(true))),
        ("restart every 2 MCUs", encode(&rgb, w, h, |e| e.set_restart_interval(2))),
        ("restart every 7 MCUs", encode(&rgb, w, h, |e| e.set_restart_interval(7))),
        // jpeg-encoder writes one scan per component when it optimizes its tables.
        (
            "one scan per component",
            encode(&rgb, w, h, |e| {
                e.set_sampling_factor(SamplingFactor::F_2_2);
                e.set_optimized_huffman_tables(true)
            }),
        ),
    ];
    // The same coefficients as the interleaved baseline file, buffered (per component, or
    // refined over several scans) instead of streamed: the same samples at every scale.
    let scans = |f: &[u8]| f.windows(2).filter(|m| *m == [0xFF, 0xDA]).count();
    assert_eq!((scans(&files[0].1), scans(&files[6].1)), (1, 3));
    assert!(scans(&files[3].1) > 3);
    // Steps 5 and 9 reduce luma, then chroma, to 2×2 a block (the streamed path's small.rs).
    for step in [1.0, 1.85, 3.0, 5.0, 9.0, 20.0] {
        assert_eq!(full(&files[6].1, step), full(&files[0].1, step), "one scan per component, step {step}");
        assert_eq!(full(&files[3].1, step), full(&files[0].1, step), "progressive, step {step}");
    }
    for (name, file) in &files {
        for r in [(40, 30, 120, 90), (0, 0, 17, 9), (150, 100, 203, 157), (97, 0, 98, 157)] {
            for step in [1.0, 1.85, 3.0, 5.0, 9.0, 20.0] {
                region_matches_full(&format!("{name} {r:?} step {step}"), file, r, step);
            }
        }
    }
    // libjpeg-family progressive scans (successive approximation), mozjpeg's.
    for name in ["progressive-420.jpg", "mozjpeg-420.jpg", "progressive-gray.jpg"] {
        let file =
            std::fs::read(format!("{}/tests/fixtures/jpeg/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        region_matches_full(name, &file, (20, 10, 60, 40), 1.0);
        region_matches_full(name, &file, (20, 10, 60, 40), 2.5);
    }
}

#[test]
fn scaled_decode_picks_n_over_8_and_keeps_flat_areas() {
    let (w, h) = (64, 48);
    let flat: Vec<u8> = (0..w * h).flat_map(|_| [200u8, 90, 40]).collect();
    let file = encode(&flat, w, h, |e| e.set_sampling_factor(SamplingFactor::F_2_2));
    let reference = full(&file, 1.0);
    // (step, the coarsest N with a sample per output sample, the N luma is decoded at: 1.2×
    // finer than the output when the resampler is then left a shrink of at most 1.5).
    for (step, n, luma_n) in [
        (1.0, 8, 8),
        (1.3, 7, 8),
        (1.5, 6, 7),
        (1.85, 5, 6),
        (2.0, 4, 5),
        (2.5, 4, 4),
        (3.0, 3, 4),
        (4.0, 2, 3),
        (7.9, 2, 2),
        (8.0, 1, 1),
        (50.0, 1, 1),
    ] {
        assert_eq!(idct_size(8.0, step), n, "step {step}");
        assert_eq!(idct_size_for_output(8.0, step), luma_n, "step {step}");
        let p = full(&file, step);
        let luma = &p.planes[0];
        assert!((luma.scale_x - 8.0 / luma_n as f64).abs() < 1e-12, "step {step}: scale {}", luma.scale_x);
        assert_eq!(luma.width, (w as f64 / luma.scale_x - 1e-9).ceil() as u32);
        // 4:2:0 chroma blocks span 16 px: they pick their own N for the same step; once reduced
        // at all, allowed samples up to 15% coarser than it (colour the eye does not resolve).
        let chroma_n = if idct_size(16.0, step) < 8 { idct_size(16.0, step * 1.15) } else { 8 };
        assert!((p.planes[1].scale_x - 16.0 / chroma_n as f64).abs() < 1e-12, "step {step}");
        for (c, plane) in p.planes.iter().enumerate() {
            let level = reference.planes[c].data[0] as i32;
            for y in 0..plane.height as usize {
                for &v in &plane.data[y * plane.stride..y * plane.stride + plane.width as usize] {
                    assert!((v as i32 - level).abs() <= 1, "step {step} component {c}: {v} vs {level}");
                }
            }
        }
    }
}

#[test]
fn scaled_decode_is_close_to_an_area_average_of_the_full_decode() {
    // Smooth content (what a reduced decode is for): the N-point IDCT's low-pass and a box
    // average agree closely.
    let (w, h) = (320, 240);
    let rgb: Vec<u8> = (0..w * h)
        .flat_map(|i| {
            let (x, y) = ((i % w) as f64, (i / w) as f64);
            [
                (128.0 + 90.0 * (x / 29.0).sin()) as u8,
                (128.0 + 90.0 * (y / 17.0).cos()) as u8,
                ((x + y) * 0.3) as u8,
            ]
        })
        .collect();
    let file = encode(&rgb, w, h, |e| e.set_sampling_factor(SamplingFactor::F_1_1));
    let fine = full(&file, 1.0);
    // Output spacings whose luma grid is 1/2, 1/4 and 1/8 of full resolution.
    for step in [2.5, 5.0, 10.0] {
        let coarse = full(&file, step);
        let (f, c) = (&fine.planes[0], &coarse.planes[0]);
        let k = c.scale_x as usize;
        assert_eq!(k as f64, c.scale_x, "step {step}");
        let mut se = 0.0;
        let mut n = 0.0;
        for y in 0..c.height as usize {
            for x in 0..c.width as usize {
                let mut sum = 0u32;
                for dy in 0..k {
                    for dx in 0..k {
                        sum += f.data[(y * k + dy) * f.stride + x * k + dx] as u32;
                    }
                }
                let mean = sum as f64 / (k * k) as f64;
                se += (c.data[y * c.stride + x] as f64 - mean).powi(2);
                n += 1.0;
            }
        }
        let psnr = 10.0 * (255.0f64.powi(2) / (se / n)).log10();
        assert!(psnr > 35.0, "step {step}: PSNR {psnr:.1} dB");
    }
}

#[test]
fn data_past_the_region_is_still_checked_for_the_end() {
    let (w, h) = (128, 96);
    let file = encode(&photo(w, h, 8), w, h, |e| e.set_restart_interval(3));
    // The region is the top left: the rest is skipped, but a cut file is still truncated.
    let top = (0, 0, 16, 16);
    assert!(decode(&file, &DecodeRequest::full(top, Limits::default())).is_ok());
    for cut in [file.len() - 2, file.len() * 3 / 4, file.len() / 2 + 7] {
        let err = decode(&file[..cut], &DecodeRequest::full(top, Limits::default())).unwrap_err();
        assert_eq!(err.code, ErrorCode::Truncated, "cut at {cut}: {err}");
    }
    // A gray file is one plane, marked gray.
    let gray: Vec<u8> = photo(w, h, 2).chunks_exact(3).map(|p| p[1]).collect();
    let mut g = Vec::new();
    Encoder::new(&mut g, 90).encode(&gray, w as u16, h as u16, ColorType::Luma).unwrap();
    let p = full(&g, 1.0);
    assert_eq!((p.color, p.planes.len()), (PlaneColor::Gray, 1));
}

#[test]
fn region_memory_follows_the_region_and_the_scale() {
    let (w, h) = (512, 512);
    let file = encode(&photo(w, h, 5), w, h, |e| e.set_sampling_factor(SamplingFactor::F_2_2));
    let bytes = |p: &Planes| p.planes.iter().map(|q| q.data.len()).sum::<usize>();
    let all = bytes(&full(&file, 1.0));
    let quarter = bytes(&region(&file, (128, 128, 384, 384), 1.0));
    // Whole MCUs around the region: a quarter of the area, plus at most a ring of MCUs.
    assert!(quarter <= all / 4 + all / 10, "{quarter} of {all}");
    // At a step of 4, luma blocks give 3×3 samples (a grid finer than the output, for the
    // resampler); 4:2:0 chroma blocks, which span 16 pixels, 4×4 (a quarter of their
    // full-resolution plane).
    let (fine, reduced) = (full(&file, 1.0), full(&file, 4.0));
    assert_eq!(reduced.planes[0].data.len() * 64, fine.planes[0].data.len() * 9);
    assert_eq!(reduced.planes[1].data.len() * 4, fine.planes[1].data.len());
    // A budget below what the region needs is refused before decoding.
    let tight = Limits { max_memory: 1000, ..Limits::default() };
    let err = decode(&file, &DecodeRequest::full((0, 0, w, h), tight)).unwrap_err();
    assert_eq!(err.code, ErrorCode::TooLarge);
}

#[test]
fn a_rotated_footprint_transforms_only_the_blocks_near_it() {
    let (w, h) = (256, 192);
    let file = encode(&photo(w, h, 4), w, h, |e| e.set_sampling_factor(SamplingFactor::F_2_2));
    let whole = full(&file, 1.0);
    // A square turned 45° in the middle: its bounding box is the region, its corners the
    // bounding box's edge midpoints.
    let (cx, cy, r) = (128.0, 96.0, 70.0);
    let corners = [(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)];
    let margin = 6.0;
    let req = DecodeRequest {
        region: ((cx - r) as u32, (cy - r) as u32, (cx + r) as u32, (cy + r) as u32),
        luma_step: 1.0,
        chroma_step: 1.0,
        footprint: Some(Footprint { corners, margin }),
        limits: Limits::default(),
    };
    let part = decode(&file, &req).unwrap();
    let (mut kept, mut zeroed) = (0, 0);
    for (c, (pw, pp)) in whole.planes.iter().zip(&part.planes).enumerate() {
        for y in pp.origin_y..pp.origin_y + pp.height {
            for x in pp.origin_x..pp.origin_x + pp.width {
                // The sample's centre in full-resolution pixels, and its distance to the diamond.
                let (px, py) = ((x as f64 + 0.5) * pp.scale_x, (y as f64 + 0.5) * pp.scale_y);
                let outside = (px - cx).abs() + (py - cy).abs() - r;
                if outside <= margin * std::f64::consts::SQRT_2 {
                    assert_eq!(at(pp, x, y), at(pw, x, y), "component {c} ({x}, {y}) near the footprint");
                    kept += 1;
                } else if at(pp, x, y) == Some(0) && at(pw, x, y) != Some(0) {
                    zeroed += 1;
                }
            }
        }
    }
    // The corners of the bounding box were skipped: about half its area is a diamond's outside.
    assert!(kept > 0 && zeroed > kept / 4, "kept {kept}, zeroed {zeroed}");
}

/// The file without its DHT segments (all of them, wherever they are).
fn without_dht(j: &[u8]) -> Vec<u8> {
    let mut out = j[..2].to_vec();
    let mut i = 2;
    loop {
        let (marker, len) = (j[i + 1], u16::from_be_bytes([j[i + 2], j[i + 3]]) as usize);
        if marker != 0xC4 {
            out.extend_from_slice(&j[i..i + 2 + len]);
        }
        i += 2 + len;
        if marker == 0xDA {
            out.extend_from_slice(&j[i..]);
            return out;
        }
    }
}

#[test]
fn scans_without_huffman_tables_use_the_standard_ones() {
    // jpeg-encoder writes the example tables of T.81 Annex K.3 (luminance as tables 0,
    // chrominance as 1): without its DHT segments the file is what a Motion-JPEG frame is, and
    // must decode to the very same samples.
    let (w, h) = (75, 53);
    let rgb = photo(w, h, 9);
    let gray: Vec<u8> = rgb.chunks_exact(3).map(|p| p[1]).collect();
    let mut gray_file = Vec::new();
    Encoder::new(&mut gray_file, 85).encode(&gray, w as u16, h as u16, ColorType::Luma).unwrap();
    let files = [
        ("4:2:0", encode(&rgb, w, h, |e| e.set_sampling_factor(SamplingFactor::F_2_2))),
        ("4:4:4", encode(&rgb, w, h, |e| e.set_sampling_factor(SamplingFactor::F_1_1))),
        ("restart every 3 MCUs", encode(&rgb, w, h, |e| e.set_restart_interval(3))),
        ("gray", gray_file),
    ];
    for (name, file) in &files {
        let stripped = without_dht(file);
        assert!(stripped.len() < file.len() && !stripped.windows(2).any(|m| m == [0xFF, 0xC4]), "{name}");
        for step in [1.0, 2.5] {
            assert_eq!(full(&stripped, step), full(file, step), "{name} step {step}");
        }
        assert_eq!(region(&stripped, (10, 20, 40, 50), 1.0), region(file, (10, 20, 40, 50), 1.0), "{name}");
    }
    // A scan on table 2 or 3 (which have no default) still fails, as a corrupt file.
    let mut on_table_2 = without_dht(&files[0].1);
    let sos = on_table_2.windows(2).position(|m| m == [0xFF, 0xDA]).unwrap();
    on_table_2[sos + 6] = 0x22;
    let err = decode(&on_table_2, &DecodeRequest::full((0, 0, w, h), Limits::default())).unwrap_err();
    assert_eq!(err.code, ErrorCode::CorruptData, "{err}");
}
