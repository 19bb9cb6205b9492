//! The `export` fuzz target's (fuzz/fuzz_targets/export.rs) committed files, natively:
//! - every crash input it found (tests/fixtures/fuzz-regressions/, a file per crash; none so
//!   far) and every seed replays exactly as the fuzzer ran it and, with its image bytes,
//!   through a few more maps and options, without a panic: a typed error or an output of the
//!   map's size;
//! - the seed corpus (fuzz/corpus/export/seed-*) is the list below and every seed exports.
//!   `FUZZ_WRITE_SEEDS=1 cargo test --test export_fuzz_regressions` rewrites the seeds.
// Native only: uses native dev-dependencies (jpeg-encoder, gif) for the seeds.
#![cfg(not(target_arch = "wasm32"))]

mod bad_inputs;
mod export_common;
#[path = "../fuzz/export_input.rs"]
mod export_input;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use export_common::{exif_orientation, png_bytes_with, raw_png};
use export_input::{control, CONTROL_LEN, ELLIPSE, FLIP_X, FLIP_Y, JPEG, MAX_BYTES};
use image_cropper_wasm::export::{export, probe, ExportOptions, FileType, Limits, Shape};
use image_cropper_wasm::geometry::CropMap;

fn repo(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
}

fn files(dir: &Path, prefix: &str) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    out.sort();
    out
}

/// More maps and options for a crash file's image bytes: whole image small, rotated and
/// flipped, a corner, outside the image, a huge source area; PNG / JPEG with mask and maxBytes
/// / tight limits.
fn variations(image: &[u8]) -> Vec<(CropMap, ExportOptions)> {
    let (w, h) = probe(image).map(|i| (i.width as f64, i.height as f64)).unwrap_or((64.0, 64.0));
    let m = |cx: f64, cy: f64, angle: f64, scale: f64, ow: u32, oh: u32, flip: bool| CropMap {
        center_x: cx,
        center_y: cy,
        angle,
        scale,
        flip_x: flip,
        flip_y: false,
        out_width: ow,
        out_height: oh,
    };
    let cover = 48.0 / w.min(h);
    let maps = [
        m(w / 2.0, h / 2.0, 0.0, 48.0 / w.max(h), 48, 48, false),
        m(w / 2.0, h / 2.0, 33.0, cover, 40, 24, true),
        m(1.0, h - 1.0, 90.0, 1.0, 16, 16, false),
        m(-100.0, -100.0, 0.0, 1.0, 8, 8, false),
        m(w / 2.0, h / 2.0, 200.0, 1e-4, 32, 32, false),
    ];
    let small = Limits { max_pixels: 1 << 20, max_memory: 8 << 20, reserved: 0 };
    let opts = [
        ExportOptions { limits: small, ..Default::default() },
        ExportOptions {
            file_type: FileType::Jpeg,
            shape: Shape::Ellipse,
            max_bytes: Some(2000),
            limits: small,
            ..Default::default()
        },
        ExportOptions { file_type: FileType::Jpeg, quality: 0.0, ..Default::default() },
    ];
    maps.iter().flat_map(|m| opts.iter().map(move |o| (*m, o.clone()))).collect()
}

/// Crash inputs (tests/fixtures/fuzz-regressions/, none yet: the first 10-minute runs found no
/// crash) and the seeds: each replays exactly as the fuzzer ran it, then its image bytes go
/// through `variations` and the whole file through a plain export. No panic anywhere; every
/// result keeps the export contract (export_input::check_export).
#[test]
fn fuzz_inputs_replay_without_panic() {
    let dir = repo("tests/fixtures/fuzz-regressions");
    let mut inputs = if dir.is_dir() { files(&dir, "") } else { Vec::new() };
    let seeds = files(&repo("fuzz/corpus/export"), "seed-");
    assert!(!seeds.is_empty());
    inputs.extend(seeds);
    let mut failures = Vec::new();
    let mut runs = 0;
    for (name, data) in &inputs {
        // Exactly what the fuzzer ran.
        if let Err(p) = catch_unwind(|| export_input::run(data)) {
            failures.push(format!("{name} (fuzz replay): {}", panic_message(&p)));
        }
        let image = &data[data.len().min(CONTROL_LEN)..];
        for (map, opts) in variations(image) {
            runs += 1;
            let r = catch_unwind(AssertUnwindSafe(|| {
                export_input::check_probe(&probe(image));
                let r = export(image, &map, &opts);
                export_input::check_export(&r, &map, &opts);
            }));
            if let Err(p) = r {
                failures.push(format!("{name} with {map:?} {opts:?}: {}", panic_message(&p)));
            }
        }
        // The bytes as a whole file too (control bytes and all).
        let plain = CropMap {
            center_x: 8.0,
            center_y: 8.0,
            angle: 0.0,
            scale: 1.0,
            flip_x: false,
            flip_y: false,
            out_width: 16,
            out_height: 16,
        };
        if let Err(p) = catch_unwind(|| {
            export_input::check_probe(&probe(data));
            export_input::check_export(
                &export(data, &plain, &ExportOptions::default()),
                &plain,
                &ExportOptions::default(),
            );
        }) {
            failures.push(format!("{name} (whole file): {}", panic_message(&p)));
        }
    }
    assert!(runs >= 15 * inputs.len());
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

fn panic_message(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Seeds.

fn pixels(w: u32, h: u32) -> Vec<u8> {
    bad_inputs::rgb_pixels(w, h)
}

fn jpeg(
    w: u32,
    h: u32,
    color: jpeg_encoder::ColorType,
    configure: impl FnOnce(&mut jpeg_encoder::Encoder<&mut Vec<u8>>),
) -> Vec<u8> {
    let rgb = pixels(w, h);
    let data: Vec<u8> = match color {
        jpeg_encoder::ColorType::Luma => rgb.chunks_exact(3).map(|p| p[1]).collect(),
        jpeg_encoder::ColorType::Cmyk => {
            rgb.chunks_exact(3).flat_map(|p| [p[0], p[1], p[2], p[0] / 2]).collect()
        }
        _ => rgb,
    };
    let mut out = Vec::new();
    let mut enc = jpeg_encoder::Encoder::new(&mut out, 75);
    configure(&mut enc);
    enc.encode(&data, w as u16, h as u16, color).unwrap();
    out
}

fn png(
    w: u32,
    h: u32,
    color: png::ColorType,
    depth: png::BitDepth,
    data: &[u8],
    palette: Option<Vec<u8>>,
    trns: Option<Vec<u8>>,
) -> Vec<u8> {
    png_bytes_with(w, h, color, depth, data, false, palette, trns)
}

fn gif_crate(w: u16, h: u16, interlaced: bool) -> Vec<u8> {
    let rgb = pixels(w as u32, h as u32);
    let mut rgba: Vec<u8> = rgb
        .chunks_exact(3)
        .enumerate()
        .flat_map(|(i, p)| [p[0] & 0xE0, p[1] & 0xE0, p[2] & 0xC0, if i % 7 == 0 { 0 } else { 255 }])
        .collect();
    let mut frame = gif::Frame::from_rgba_speed(w, h, &mut rgba, 30);
    frame.interlaced = interlaced;
    let mut out = Vec::new();
    {
        // A screen larger than the frame, the frame offset in it.
        let (sw, sh) = if interlaced { (w + 5, h + 3) } else { (w, h) };
        if interlaced {
            frame.left = 3;
            frame.top = 2;
        }
        let mut enc = gif::Encoder::new(&mut out, sw, sh, &[]).unwrap();
        enc.write_frame(&frame).unwrap();
    }
    out
}

fn bmp_image_crate(w: u32, h: u32) -> Vec<u8> {
    let rgba = bad_inputs::rgba_pixels(w, h);
    let mut c = std::io::Cursor::new(Vec::new());
    image::codecs::bmp::BmpEncoder::new(&mut c).encode(&rgba, w, h, image::ExtendedColorType::Rgba8).unwrap();
    c.into_inner()
}

/// (name, image file). Small images (≤ 40 px a side) so each seed stays under ~4 KB.
fn seed_images() -> Vec<(&'static str, Vec<u8>)> {
    use jpeg_encoder::{ColorType as C, SamplingFactor as S};
    let fixture = |f: &str| std::fs::read(repo(&format!("tests/fixtures/jpeg/{f}"))).unwrap();
    let (w, h) = (32u32, 24u32);
    let rgba = bad_inputs::rgba_pixels(w, h);
    let rgb16: Vec<u8> = pixels(16, 12).iter().flat_map(|&v| [v, v ^ 0x5A]).collect();
    let ga16: Vec<u8> =
        pixels(16, 12).chunks_exact(3).flat_map(|p| [p[0], p[1], p[2], 0xFF - p[0]]).collect();
    let indices: Vec<u8> = (0..w * h).map(|i| (i % w / 2 + i / w) as u8 % 16).collect();
    let palette: Vec<u8> = (0..16u8).flat_map(|k| [k * 16, 255 - k * 16, k * 7]).collect();
    let two_bit: Vec<u8> =
        (0..h).flat_map(|y| (0..w / 4).map(move |x| ((x + y) as u8).wrapping_mul(0x1B))).collect();
    let one_bit: Vec<u8> =
        (0..h).flat_map(|y| (0..w / 8).map(move |x| if (x + y) % 2 == 0 { 0xAA } else { 0x3C })).collect();
    vec![
        ("jpeg-baseline-420", jpeg(w, h, C::Rgb, |e| e.set_sampling_factor(S::F_2_2))),
        ("jpeg-baseline-444", jpeg(w, h, C::Rgb, |e| e.set_sampling_factor(S::F_1_1))),
        ("jpeg-baseline-422", jpeg(w, h, C::Rgb, |e| e.set_sampling_factor(S::F_2_1))),
        (
            "jpeg-progressive-420",
            jpeg(w, h, C::Rgb, |e| {
                e.set_sampling_factor(S::F_2_2);
                e.set_progressive(true);
            }),
        ),
        ("jpeg-gray", jpeg(w, h, C::Luma, |_| {})),
        (
            "jpeg-restart-420",
            jpeg(w, h, C::Rgb, |e| {
                e.set_sampling_factor(S::F_2_2);
                e.set_restart_interval(1);
            }),
        ),
        (
            "jpeg-progressive-restart-444",
            jpeg(w, h, C::Rgb, |e| {
                e.set_sampling_factor(S::F_1_1);
                e.set_progressive(true);
                e.set_restart_interval(2);
            }),
        ),
        (
            "jpeg-exif-orientation-6",
            jpeg(40, 24, C::Rgb, |e| e.add_app_segment(1, exif_orientation(6, false)).unwrap()),
        ),
        (
            "jpeg-exif-orientation-3-big-endian",
            jpeg(24, 16, C::Rgb, |e| e.add_app_segment(1, exif_orientation(3, true)).unwrap()),
        ),
        (
            "jpeg-exif-orientation-7-gray",
            jpeg(24, 16, C::Luma, |e| e.add_app_segment(1, exif_orientation(7, false)).unwrap()),
        ),
        ("jpeg-cmyk-adobe", jpeg(16, 16, C::Cmyk, |_| {})),
        ("jpeg-libjpeg-progressive-420", fixture("progressive-420.jpg")),
        ("jpeg-mozjpeg-420", fixture("mozjpeg-420.jpg")),
        ("jpeg-libjpeg-progressive-gray", fixture("progressive-gray.jpg")),
        ("png-rgba", png(w, h, png::ColorType::Rgba, png::BitDepth::Eight, &rgba, None, None)),
        (
            "png-palette-trns",
            png(
                w,
                h,
                png::ColorType::Indexed,
                png::BitDepth::Eight,
                &indices,
                Some(palette.clone()),
                Some((0..16).map(|k| k * 17).collect()),
            ),
        ),
        (
            "png-palette-2bit",
            png(
                w,
                h,
                png::ColorType::Indexed,
                png::BitDepth::Two,
                &two_bit,
                Some(palette[..12].to_vec()),
                None,
            ),
        ),
        ("png-rgb-16bit", png(16, 12, png::ColorType::Rgb, png::BitDepth::Sixteen, &rgb16, None, None)),
        (
            "png-gray-alpha-16bit",
            png(16, 12, png::ColorType::GrayscaleAlpha, png::BitDepth::Sixteen, &ga16, None, None),
        ),
        ("png-gray-1bit", png(w, h, png::ColorType::Grayscale, png::BitDepth::One, &one_bit, None, None)),
        ("png-interlaced-rgba", raw_png(17, 13, 6, 8, 4, &bad_inputs::rgba_pixels(17, 13), true)),
        ("png-interlaced-gray", raw_png(23, 9, 0, 8, 1, &pixels(23, 3), true)),
        ("gif-quantized", gif_crate(24, 16, false)),
        ("gif-interlaced-offset-transparent", gif_crate(20, 14, true)),
        ("gif-handwritten-lzw", bad_inputs::gif_base()),
        ("bmp-24", bad_inputs::bmp_base()),
        ("bmp-8-palette", bad_inputs::bmp_file(20, 12, 8, 0, true)),
        ("bmp-32-top-down", bad_inputs::bmp_file(20, -12, 32, 0, true)),
        ("bmp-bitfields-rgba", bmp_image_crate(16, 12)),
    ]
}

/// Seed files: control bytes (varied: PNG / JPEG, mask, maxBytes, flips, angles, sizes) + image.
fn seeds() -> Vec<(String, Vec<u8>)> {
    let flags = [0, JPEG, JPEG | ELLIPSE | MAX_BYTES, FLIP_X | ELLIPSE, FLIP_Y | JPEG, 0];
    let angles = [0u16, 360, 120, 720, 1000];
    let sizes = [(48u8, 32u8), (32, 48), (64, 64), (17, 9)];
    seed_images()
        .into_iter()
        .enumerate()
        .map(|(i, (name, image))| {
            let (w, h) = sizes[i % sizes.len()];
            let mut data = control(flags[i % flags.len()], w, h, angles[i % angles.len()]).to_vec();
            data.extend_from_slice(&image);
            (format!("seed-{name}"), data)
        })
        .collect()
}

#[test]
fn seed_corpus_is_current_and_every_seed_exports() {
    let dir = repo("fuzz/corpus/export");
    let seeds = seeds();
    if std::env::var_os("FUZZ_WRITE_SEEDS").is_some() {
        std::fs::create_dir_all(&dir).unwrap();
        for (name, data) in &seeds {
            std::fs::write(dir.join(name), data).unwrap();
        }
    }
    let committed = files(&dir, "seed-");
    let names: Vec<&str> = committed.iter().map(|(n, _)| n.as_str()).collect();
    let expected: Vec<&str> = {
        let mut v: Vec<&str> = seeds.iter().map(|(n, _)| n.as_str()).collect();
        v.sort();
        v
    };
    assert_eq!(
        names, expected,
        "fuzz/corpus/export differs from the seed list (FUZZ_WRITE_SEEDS=1 rewrites it)"
    );
    for (name, data) in &committed {
        assert!(data.len() <= 4600, "{name}: {} bytes", data.len());
        let (_, image) = export_input::split(data);
        let info = probe(image).unwrap_or_else(|e| panic!("{name}: probe: {e}"));
        let out = export_input::run(data).unwrap_or_else(|e| panic!("{name}: export: {e}"));
        assert!(out.width >= 9 && out.height >= 9, "{name}: {info:?}");
    }
}
