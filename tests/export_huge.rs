//! 108 MP (12000×9000) and 200 MP (16320×12240) photos, as phones' high-resolution modes
//! write them: probe gives their size, and the original component's default export (a 600²
//! PNG of the central square) and a full-frame 1080² JPEG hold a few MB beside the file
//! (region + N/8 decoding), baseline and progressive alike. The files are generated in the
//! test (tests/huge_jpeg: flat blocks in a gradient, a few MB each).
//!
//! `cargo test --test export_huge -- --nocapture` prints the heap peaks.
// Native only: uses native dev-dependencies (wasm-pack test builds every test target).
#![cfg(not(target_arch = "wasm32"))]

mod bad_inputs;
mod export_common;
mod huge_jpeg;

use bad_inputs::peak;
use export_common::{decode_jpeg_rgb, decode_png_rgba, map};
use huge_jpeg::{expected_rgb, flat_blocks_jpeg};
use image_cropper_wasm::export::{export, probe, ExportOptions, FileType, ImageFormat};
use image_cropper_wasm::geometry::CropMap;

#[global_allocator]
static ALLOC: peak::Counting = peak::Counting;

const MIB: u64 = 1 << 20;
/// What an export of these photos may hold beside the file (the 96 MB of wasm memory
/// include the file and the module's own data).
const BUDGET: u64 = 64 * MIB;

/// The original component's default export: a 200² box × export_scale 3 over the central
/// square of the image's shorter side, PNG.
fn default_crop(w: u32, h: u32) -> (CropMap, ExportOptions) {
    let side = w.min(h) as f64;
    (map(w as f64 / 2.0, h as f64 / 2.0, 0.0, 600.0 / side, 600, 600), ExportOptions::default())
}

/// The whole frame inside a 1080² JPEG (fill above and below).
fn full_frame(w: u32, h: u32) -> (CropMap, ExportOptions) {
    let opts = ExportOptions { file_type: FileType::Jpeg, quality: 0.9, ..Default::default() };
    (map(w as f64 / 2.0, h as f64 / 2.0, 0.0, 1080.0 / w.max(h) as f64, 1080, 1080), opts)
}

/// Output pixels (RGB) against the gradient the file holds, where the output shows the image.
fn check_pixels(name: &str, rgb: &[u8], m: &CropMap, w: u32, h: u32) {
    let mut worst = 0.0f64;
    for oy in (5..m.out_height).step_by(37) {
        for ox in (5..m.out_width).step_by(37) {
            let sx = m.center_x + (ox as f64 + 0.5 - m.out_width as f64 / 2.0) / m.scale;
            let sy = m.center_y + (oy as f64 + 0.5 - m.out_height as f64 / 2.0) / m.scale;
            // Away from the image's edges (antialiased there, filled beyond).
            if sx < 64.0 || sy < 64.0 || sx > w as f64 - 64.0 || sy > h as f64 - 64.0 {
                continue;
            }
            let want = expected_rgb(sx, sy, w, h);
            let i = (oy * m.out_width + ox) as usize * 3;
            for c in 0..3 {
                worst = worst.max((rgb[i + c] as f64 - want[c].clamp(0.0, 255.0)).abs());
            }
        }
    }
    assert!(worst <= 6.0, "{name}: a pixel is {worst} levels off the gradient");
}

#[test]
fn photos_of_108_and_200_mp_export_in_a_few_mb() {
    for (w, h) in [(12000u32, 9000u32), (16320, 12240)] {
        for progressive in [false, true] {
            let kind = if progressive { "progressive" } else { "baseline" };
            let file = flat_blocks_jpeg(w, h, progressive);
            let info = probe(&file).unwrap();
            assert_eq!((info.format, info.width, info.height), (ImageFormat::Jpeg, w, h));
            for (task, (m, opts)) in
                [("default 600² PNG", default_crop(w, h)), ("full frame 1080² JPEG", full_frame(w, h))]
            {
                let name = format!("{w}x{h} {kind}, {task}");
                let (out, peak) = peak::measure(|| export(&file, &m, &opts));
                let out = out.unwrap_or_else(|e| panic!("{name}: {e}"));
                println!(
                    "{name}: file {:.1} MB, heap peak {:.1} MB",
                    file.len() as f64 / MIB as f64,
                    peak as f64 / MIB as f64
                );
                assert!(peak <= BUDGET, "{name}: {peak} bytes");
                let rgb = match opts.file_type {
                    FileType::Png => {
                        let (_, _, rgba) = decode_png_rgba(&out.bytes);
                        rgba.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect()
                    }
                    FileType::Jpeg => decode_jpeg_rgb(&out.bytes).2,
                };
                check_pixels(&name, &rgb, &m, w, h);
            }
        }
    }
}
