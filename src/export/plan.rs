//! From the CropMap to what must be decoded: the stored-frame source region the output needs,
//! and how many source pixels one output pixel spans (`source_step`), from which the JPEG
//! decoder picks its N/8 DCT scale per component (see `codecs::jpeg::DecodeRequest`): never
//! coarser than a sample per output pixel, so the output is never an enlargement of a reduced
//! decode, and for luma somewhat finer, for the bilinear resampling after it, unless 1/8 is
//! still too big (then it box-averages first). libvips' shrink-on-load, in finer steps.

use crate::error::{CropError, Result};
use crate::export::options::{FileType, Limits};
use crate::export::orient::{output_to_stored, Affine};
use crate::geometry::{CropMap, Point};
pub use crate::raster::Region;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Plan {
    /// Output pixel coordinates → stored full-resolution coordinates.
    pub to_stored: Affine,
    /// The source pixels the output reads; `None` when the crop misses the image entirely.
    pub region: Option<Region>,
    /// Source pixels per output pixel (the larger of the two axes).
    pub source_step: f64,
    /// The output rectangle's corners in the stored frame (a rotated crop's footprint) and the
    /// filters' reach around them.
    pub corners: [Point; 4],
    pub margin: f64,
}

/// Rejects maps that would make no sense or no output (NaN, zero scale, empty or huge output);
/// returns the budget left to decode the input beside what the output will hold.
pub fn validate_map(map: &CropMap, file_type: FileType, limits: &Limits) -> Result<Limits> {
    let finite = [map.center_x, map.center_y, map.angle, map.scale].iter().all(|v| v.is_finite());
    if !finite {
        return Err(CropError::invalid("crop map: centerX, centerY, angle and scale must be finite numbers"));
    }
    if map.scale <= 0.0 || map.scale > 1e6 || map.scale < 1e-6 {
        return Err(CropError::invalid(format!("crop map: scale must be positive, got {}", map.scale)));
    }
    if map.out_width == 0 || map.out_height == 0 {
        return Err(CropError::invalid(format!(
            "crop map: output size must be at least 1x1, got {}x{}",
            map.out_width, map.out_height
        )));
    }
    if file_type == FileType::Jpeg && (map.out_width > 65_535 || map.out_height > 65_535) {
        return Err(CropError::invalid("crop map: JPEG output is limited to 65535 px per side"));
    }
    let (w, h) = (map.out_width, map.out_height);
    let pixels = w as u64 * h as u64;
    if pixels > limits.max_pixels {
        return Err(CropError::too_large(format!(
            "output is {w}x{h} = {pixels} pixels, more than maxPixels = {}",
            limits.max_pixels
        )));
    }
    limits.beside(output_bytes(pixels, file_type), &format!("the {w}x{h} output (pixels and encoded file)"))
}

/// The most an output of `pixels` holds at once, buffers and encoded file: for PNG, five
/// planes (Y, Cb, Cr at full resolution and two coverages) or RGBA, then the compressor's
/// buffer and the file, each up to 4 bytes a pixel when the pixels do not compress; for JPEG,
/// RGBA and its 4:2:0 planes (or the planes and their coverages), then the file (at most about
/// 1.5 bytes a pixel at quality 100).
pub fn output_bytes(pixels: u64, file_type: FileType) -> u64 {
    match file_type {
        FileType::Png => pixels.saturating_mul(13),
        FileType::Jpeg => pixels.saturating_mul(7),
    }
}

/// Plans an export of a stored `width × height` image with EXIF `orientation`.
pub fn plan(map: &CropMap, orientation: u8, width: u32, height: u32) -> Plan {
    let to_stored = output_to_stored(map, orientation, width, height);
    let step_x = to_stored.a.hypot(to_stored.c);
    let step_y = to_stored.b.hypot(to_stored.d);
    let source_step = step_x.max(step_y);
    let (w, h) = (map.out_width as f64, map.out_height as f64);
    // In order around the rectangle (a convex quadrilateral in any frame).
    let corners = [Point::new(0.0, 0.0), Point::new(w, 0.0), Point::new(w, h), Point::new(0.0, h)]
        .map(|p| to_stored.apply(p));
    let margin = reach(source_step);
    let region = source_region(&corners, margin, width, height);
    Plan { to_stored, region, source_step, corners, margin }
}

/// How far outside the output's footprint the filters read: a tent or box of about a step,
/// plus two samples of the coarsest plane (4:2:0 chroma for a JPEG written at half
/// resolution: two steps a sample).
fn reach(source_step: f64) -> f64 {
    6.0 * source_step.max(1.0) + 6.0
}

/// Bounding box of the output rectangle in the stored frame, widened by the filters' reach,
/// clamped to the image.
fn source_region(corners: &[Point; 4], margin: f64, width: u32, height: u32) -> Option<Region> {
    let min_x = corners.iter().map(|p| p.x).fold(f64::INFINITY, f64::min) - margin;
    let max_x = corners.iter().map(|p| p.x).fold(f64::NEG_INFINITY, f64::max) + margin;
    let min_y = corners.iter().map(|p| p.y).fold(f64::INFINITY, f64::min) - margin;
    let max_y = corners.iter().map(|p| p.y).fold(f64::NEG_INFINITY, f64::max) + margin;
    let clamp = |v: f64, hi: u32| -> u32 { v.clamp(0.0, hi as f64) as u32 };
    let region = Region {
        x0: clamp(min_x.floor(), width),
        y0: clamp(min_y.floor(), height),
        x1: clamp(max_x.ceil(), width),
        y1: clamp(max_y.ceil(), height),
    };
    (region.x0 < region.x1 && region.y0 < region.y1).then_some(region)
}
