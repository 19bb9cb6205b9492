//! From the CropMap to what must be decoded: the stored-frame source region the output needs,
//! and the JPEG DCT scale.
//!
//! DCT scale choice: `scale_denom` is the largest of 1, 2, 4, 8 such that the reduced image still
//! has at least one pixel per output pixel (`source_step / scale_denom >= 1`). So reduced decoding
//! starts when the output is at most half the source scale (issue 4), the output is never an
//! enlargement of a reduced decode (no blur from upsampling), and what is left to the resampler
//! is a shrink by less than 2 (bilinear is enough) unless 1/8 is still too big (then the
//! resampler box-averages first). This is libvips' shrink-on-load rule.

use crate::error::{CropError, Result};
use crate::export::options::{FileType, Limits};
use crate::export::orient::{output_to_stored, Affine};
use crate::geometry::{CropMap, Point};

/// Stored-frame rectangle in full-resolution pixels, half-open: `[x0, x1) × [y0, y1)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Region {
    pub x0: u32,
    pub y0: u32,
    pub x1: u32,
    pub y1: u32,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Plan {
    /// Output pixel coordinates → stored full-resolution coordinates.
    pub to_stored: Affine,
    /// The source pixels the output reads; `None` when the crop misses the image entirely.
    pub region: Option<Region>,
    /// Source pixels per output pixel (the larger of the two axes).
    pub source_step: f64,
    /// DCT scale for JPEG decoding (1 for other formats).
    pub scale_denom: u32,
}

/// Rejects maps that would make no sense or no output (NaN, zero scale, empty or huge output).
pub fn validate_map(map: &CropMap, file_type: FileType, limits: &Limits) -> Result<()> {
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
    let pixels = map.out_width as u64 * map.out_height as u64;
    if pixels > limits.max_pixels {
        return Err(CropError::too_large(format!("output of {pixels} pixels exceeds maxPixels")));
    }
    limits.check_alloc(pixels * 4, "the output image")?;
    Ok(())
}

/// Plans an export of a stored `width × height` image with EXIF `orientation`.
/// `dct_scaling`: whether the decoder can decode at 1/2, 1/4, 1/8 (JPEG).
pub fn plan(map: &CropMap, orientation: u8, width: u32, height: u32, dct_scaling: bool) -> Plan {
    let to_stored = output_to_stored(map, orientation, width, height);
    let step_x = to_stored.a.hypot(to_stored.c);
    let step_y = to_stored.b.hypot(to_stored.d);
    let source_step = step_x.max(step_y);
    let mut scale_denom = 1;
    if dct_scaling {
        for d in [2u32, 4, 8] {
            if source_step >= d as f64 * (1.0 - 1e-9) {
                scale_denom = d;
            }
        }
    }
    let region = source_region(&to_stored, map.out_width, map.out_height, source_step, scale_denom, width, height);
    Plan { to_stored, region, source_step, scale_denom }
}

/// Bounding box of the output rectangle in the stored frame, widened by the filters' reach
/// (bilinear neighbours and box averaging, in reduced pixels), clamped to the image.
fn source_region(
    to_stored: &Affine,
    out_w: u32,
    out_h: u32,
    source_step: f64,
    scale_denom: u32,
    width: u32,
    height: u32,
) -> Option<Region> {
    let (w, h) = (out_w as f64, out_h as f64);
    let corners = [Point::new(0.0, 0.0), Point::new(w, 0.0), Point::new(0.0, h), Point::new(w, h)]
        .map(|p| to_stored.apply(p));
    let margin = source_step + 2.0 * scale_denom as f64 + 2.0;
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
