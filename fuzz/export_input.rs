//! The input format and the checks of the `export` fuzz target (fuzz_targets/export.rs), shared
//! with tests/export_fuzz_regressions.rs (`#[path]`), so a crash file replays exactly.
//!
//! An input is [`CONTROL_LEN`] control bytes (missing ones read as 0) followed by the image
//! file. The control bytes choose the export options (type, quality, shape, fill, maxBytes,
//! small maxPixels / maxMemory) and the crop map (centre, angle, scale, flips, an output of at
//! most 64×64 so runs stay fast). Unless the "raw map" flag is set, centre and scale are
//! relative to the size `probe` reports, so most maps hit the image.
//!
//! Contract checked: `probe` and `export` never panic; a probed size is non-empty with an
//! orientation 1..=8; an export has the map's size, the requested type and its magic bytes,
//! fits `maxBytes`, and an error has a message.
#![allow(dead_code)]

use image_cropper_wasm::export::{
    export, probe, ExportOptions, ExportOutput, FileType, ImageInfo, Limits, Shape,
};
use image_cropper_wasm::geometry::CropMap;
use image_cropper_wasm::Result;

pub const CONTROL_LEN: usize = 16;

/// Flags of control byte 0.
pub const JPEG: u8 = 1;
pub const ELLIPSE: u8 = 2;
pub const FLIP_X: u8 = 4;
pub const FLIP_Y: u8 = 8;
pub const MAX_BYTES: u8 = 16;
pub const RAW_MAP: u8 = 32;
/// Bits 6–7: quality 0 (`0x40`), 1 (`0x80`), else control byte 1 / 255.
pub const QUALITY_ZERO: u8 = 0x40;
pub const QUALITY_ONE: u8 = 0x80;

pub fn split(data: &[u8]) -> ([u8; CONTROL_LEN], &[u8]) {
    let mut c = [0u8; CONTROL_LEN];
    let n = data.len().min(CONTROL_LEN);
    c[..n].copy_from_slice(&data[..n]);
    (c, &data[n..])
}

fn u16_at(c: &[u8; CONTROL_LEN], i: usize) -> u16 {
    u16::from_le_bytes([c[i], c[i + 1]])
}

pub fn options(c: &[u8; CONTROL_LEN]) -> ExportOptions {
    let flags = c[0];
    let quality = match flags & 0xC0 {
        QUALITY_ZERO => 0.0,
        QUALITY_ONE => 1.0,
        _ => c[1] as f32 / 255.0,
    };
    let fill = [c[14], c[14].rotate_left(3), !c[14], if c[14] & 1 == 0 { 255 } else { c[14] }];
    ExportOptions {
        file_type: if flags & JPEG != 0 { FileType::Jpeg } else { FileType::Png },
        quality,
        fill,
        shape: if flags & ELLIPSE != 0 { Shape::Ellipse } else { Shape::Rect },
        max_bytes: (flags & MAX_BYTES != 0).then(|| (u16_at(c, 2) as usize + 1) * 8),
        // 256 px .. 8 M px and 4 KiB .. 128 MiB: small enough for fast runs, large enough for
        // every seed.
        limits: Limits {
            max_pixels: 1 << (8 + (c[15] & 15)),
            max_memory: 1 << (12 + (c[15] >> 4)),
            reserved: 0,
        },
    }
}

pub fn crop_map(c: &[u8; CONTROL_LEN], info: Option<&ImageInfo>) -> CropMap {
    let flags = c[0];
    let (out_width, out_height) = (1 + c[4] as u32 % 64, 1 + c[5] as u32 % 64);
    let (cx, cy, angle, scale) = (u16_at(c, 6), u16_at(c, 8), u16_at(c, 10), u16_at(c, 12));
    let (center_x, center_y, angle, scale) = match info {
        Some(i) if flags & RAW_MAP == 0 => {
            let (w, h) = (i.width as f64, i.height as f64);
            // Centre from -25 % to 125 % of the image; scale within 16× of "output covers the image".
            let rel = |v: u16, size: f64| (v as f64 / 65535.0 * 1.5 - 0.25) * size;
            let cover = (out_width as f64 / w).max(out_height as f64 / h);
            (
                rel(cx, w),
                rel(cy, h),
                (angle % 1440) as f64 * 0.25,
                cover * ((scale as f64 - 32768.0) / 8192.0).exp2(),
            )
        }
        _ => (
            cx as i16 as f64,
            cy as i16 as f64,
            angle as i16 as f64 / 16.0,
            ((scale as f64 - 32768.0) / 2048.0).exp2(),
        ),
    };
    CropMap {
        center_x,
        center_y,
        angle,
        scale,
        flip_x: flags & FLIP_X != 0,
        flip_y: flags & FLIP_Y != 0,
        out_width,
        out_height,
    }
}

/// Panics if `r` breaks the export contract for `map` and `opts`.
pub fn check_export(r: &Result<ExportOutput>, map: &CropMap, opts: &ExportOptions) {
    match r {
        Ok(out) => {
            assert_eq!(
                (out.width, out.height),
                (map.out_width, map.out_height),
                "output size differs from the map's"
            );
            assert_eq!(out.file_type, opts.file_type);
            match opts.file_type {
                FileType::Png => {
                    assert!(out.bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "PNG output without its signature")
                }
                FileType::Jpeg => {
                    assert!(out.bytes.starts_with(&[0xFF, 0xD8, 0xFF]), "JPEG output without SOI")
                }
            }
            if let (FileType::Jpeg, Some(max)) = (opts.file_type, opts.max_bytes) {
                assert!(out.bytes.len() <= max, "JPEG of {} bytes over maxBytes {max}", out.bytes.len());
            }
        }
        Err(e) => assert!(!e.message.is_empty(), "error {:?} without a message", e.code),
    }
}

pub fn check_probe(r: &Result<ImageInfo>) {
    if let Ok(i) = r {
        assert!(i.width > 0 && i.height > 0, "probe: empty size {}x{}", i.width, i.height);
        assert!((1..=8).contains(&i.orientation), "probe: orientation {}", i.orientation);
    }
}

/// One fuzz input: probe, derive options and map, export, check.
pub fn run(data: &[u8]) -> Result<ExportOutput> {
    let (c, image) = split(data);
    let info = probe(image);
    check_probe(&info);
    let opts = options(&c);
    let map = crop_map(&c, info.as_ref().ok());
    let r = export(image, &map, &opts);
    check_export(&r, &map, &opts);
    r
}

/// Control bytes for a seed: output `w × h` covering the whole image at angle `angle_quarter`
/// × 0.25°, with `flags`; limits 8 M px / 64 MiB.
pub fn control(flags: u8, w: u8, h: u8, angle_quarter: u16) -> [u8; CONTROL_LEN] {
    let mut c = [0u8; CONTROL_LEN];
    c[0] = flags;
    c[1] = 230;
    c[2..4].copy_from_slice(&600u16.to_le_bytes());
    c[4] = w - 1;
    c[5] = h - 1;
    c[6..8].copy_from_slice(&0x8000u16.to_le_bytes());
    c[8..10].copy_from_slice(&0x8000u16.to_le_bytes());
    c[10..12].copy_from_slice(&angle_quarter.to_le_bytes());
    c[12..14].copy_from_slice(&0x8000u16.to_le_bytes());
    c[14] = 0x3C;
    c[15] = 0xEF;
    c
}
