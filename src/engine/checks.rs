//! Input checks shared by every engine entry point. Every number that enters the engine passes
//! through one of these, so the arithmetic inside stays finite and bounded (no NaN, no Infinity,
//! no overflow) whatever a caller or a fuzzer sends.

use crate::error::{CropError, Result};

/// Largest length accepted (viewport, crop box, displayed and source image sizes), in px.
pub const MAX_LENGTH: f64 = 1.0e6;
/// Smallest viewport side, image side and `max_width` / `max_height` accepted, px: a window, an
/// image and a crop box have at least one pixel (sub-pixel sizes such as 1e-308 overflow the
/// screen-to-source zoom and the export scale to Infinity).
pub const MIN_SIDE: f64 = 1.0;
/// Largest absolute coordinate or offset accepted (touches, positions, translations), in px.
pub const MAX_COORD: f64 = 1.0e7;
/// Scale bounds for `scale`, `min_scale`, `max_scale`, `setScale` and crop data.
pub const MIN_SCALE_VALUE: f64 = 1.0e-6;
pub const MAX_SCALE_VALUE: f64 = 1.0e6;
/// Largest absolute angle accepted, in degrees (larger inputs are almost surely bugs).
pub const MAX_ANGLE: f64 = 1.0e6;
/// `export_scale` bounds (output px per box px). The lower one keeps the export map's scale
/// (screen-to-source zoom × `export_scale`) above 0 in floating point; at 0.001 a 1000 px box
/// still gives a 1 px output.
pub const MIN_EXPORT_SCALE: f64 = 1.0e-3;
pub const MAX_EXPORT_SCALE: f64 = 100.0;

pub fn finite(v: f64, what: &str) -> Result<f64> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(CropError::invalid(format!("{what} must be a finite number, got {v}")))
    }
}

/// A viewport or image side, or a box maximum, in `[MIN_SIDE, MAX_LENGTH]`.
pub fn side(v: f64, what: &str) -> Result<f64> {
    let v = finite(v, what)?;
    if (MIN_SIDE..=MAX_LENGTH).contains(&v) {
        Ok(v)
    } else {
        Err(CropError::invalid(format!("{what} must be in [{MIN_SIDE}, {MAX_LENGTH}], got {v}")))
    }
}

/// A length in `[0, MAX_LENGTH]`.
pub fn length(v: f64, what: &str) -> Result<f64> {
    let v = finite(v, what)?;
    if (0.0..=MAX_LENGTH).contains(&v) {
        Ok(v)
    } else {
        Err(CropError::invalid(format!("{what} must be in [0, {MAX_LENGTH}], got {v}")))
    }
}

/// A coordinate or offset with `|v| <= MAX_COORD`.
pub fn coord(v: f64, what: &str) -> Result<f64> {
    let v = finite(v, what)?;
    if v.abs() <= MAX_COORD {
        Ok(v)
    } else {
        Err(CropError::invalid(format!("{what} must be within ±{MAX_COORD}, got {v}")))
    }
}

/// A scale factor in `[MIN_SCALE_VALUE, MAX_SCALE_VALUE]`.
pub fn scale(v: f64, what: &str) -> Result<f64> {
    let v = finite(v, what)?;
    if (MIN_SCALE_VALUE..=MAX_SCALE_VALUE).contains(&v) {
        Ok(v)
    } else {
        Err(CropError::invalid(format!("{what} must be in [{MIN_SCALE_VALUE}, {MAX_SCALE_VALUE}], got {v}")))
    }
}

/// An angle in degrees with `|v| <= MAX_ANGLE`.
pub fn angle(v: f64, what: &str) -> Result<f64> {
    let v = finite(v, what)?;
    if v.abs() <= MAX_ANGLE {
        Ok(v)
    } else {
        Err(CropError::invalid(format!("{what} must be within ±{MAX_ANGLE} degrees, got {v}")))
    }
}

/// Keeps accumulated angles (gestures, `rotate`) bounded without changing what is shown.
/// Angles are not normalised to (-180, 180] in general so CSS transitions turn the short way.
pub fn wrap_angle(deg: f64) -> f64 {
    if deg.abs() > 36_000.0 {
        deg % 360.0
    } else {
        deg
    }
}

/// The multiple of 90° nearest `deg`, halves rounded up (the original's
/// `Math.round(angle / 90) * 90`: 45 → 90, -45 → 0); never -0.
pub fn snap_quarter(deg: f64) -> f64 {
    let q = (deg / 90.0 + 0.5).floor() * 90.0;
    if q == 0.0 {
        0.0
    } else {
        q
    }
}

/// `v` clamped to `[lo, hi]`; when the interval is empty (rounding), its midpoint.
pub fn clamp_to(v: f64, lo: f64, hi: f64) -> f64 {
    if lo > hi {
        (lo + hi) / 2.0
    } else {
        v.max(lo).min(hi)
    }
}
