//! The output properties: `file_type`, `quality`, `fill_color`, `shape`, `max_bytes`,
//! `export_mode`, `export_width`, `export_height`. They are validated when set, as the geometry
//! properties are (a value that makes no sense is an `invalid_option` error then, not a silent
//! substitute at export time), and become the export's options ([`Cropper::export_options`]) and
//! output size ([`Cropper::output_size`]).
//!
//! The values are kept as the page gave them (lower-cased names), so they read back unchanged.

use super::checks;
use super::crop_data::{OutputSize, MAX_OUTPUT_SIDE};
use super::props::PropsPatch;
use super::Cropper;
use crate::error::{CropError, Result};
use crate::export::options::{parse_color, ExportOptions, FileType, Shape};

/// Largest `max_bytes` (2^53 - 1: JS numbers are exact up to there).
const MAX_BYTES_LIMIT: f64 = 9_007_199_254_740_991.0;

#[derive(Clone, Debug, PartialEq)]
pub struct OutputProps {
    /// "png" | "jpg" | "jpeg".
    pub file_type: String,
    /// 0..=1: JPEG quality, and the starting point of the `max_bytes` search.
    pub quality: f64,
    /// A CSS hex colour for the pixels a JPEG cannot leave transparent; "" = white.
    pub fill_color: String,
    /// "rect" | "circle" | "ellipse" (the ellipse inscribed in the output).
    pub shape: String,
    /// `shape` parsed (kept, as every render reports it).
    pub mask: Shape,
    /// Upper bound of the file size (JPEG quality is lowered to fit); 0 = none.
    pub max_bytes: f64,
    /// "scale" (box × `export_scale`) | "source" (the source's resolution) | "size"
    /// (`export_width` × `export_height`).
    pub export_mode: String,
    pub export_width: f64,
    pub export_height: f64,
}

impl Default for OutputProps {
    fn default() -> Self {
        OutputProps {
            file_type: FileType::default().as_str().to_string(),
            // The original's default (its canvas ignored it; our JPEG writer uses it).
            quality: 1.0,
            fill_color: String::new(),
            shape: "rect".to_string(),
            mask: Shape::Rect,
            max_bytes: 0.0,
            export_mode: "scale".to_string(),
            export_width: 0.0,
            export_height: 0.0,
        }
    }
}

impl OutputProps {
    /// The output properties after `patch`, or the first invalid value as an error.
    pub fn patched(&self, patch: &PropsPatch) -> Result<OutputProps> {
        let mut o = self.clone();
        if let Some(t) = &patch.file_type {
            FileType::parse(t).map_err(|e| named("file_type", e))?;
            o.file_type = t.to_ascii_lowercase();
        }
        if let Some(q) = patch.quality {
            if !(q.is_finite() && (0.0..=1.0).contains(&q)) {
                return Err(CropError::invalid(format!("quality must be within 0..1, got {q}")));
            }
            o.quality = q;
        }
        if let Some(c) = &patch.fill_color {
            if !c.is_empty() {
                parse_color(c).map_err(|e| named("fill_color", e))?;
            }
            o.fill_color = c.clone();
        }
        if let Some(s) = &patch.shape {
            o.mask = Shape::parse(s).map_err(|e| named("shape", e))?;
            o.shape = s.to_ascii_lowercase();
        }
        if let Some(b) = patch.max_bytes {
            if !(b.is_finite() && b >= 0.0 && b.fract() == 0.0 && b <= MAX_BYTES_LIMIT) {
                return Err(CropError::invalid(format!(
                    "max_bytes must be 0 (none) or a positive integer, got {b}"
                )));
            }
            o.max_bytes = b;
        }
        if let Some(m) = &patch.export_mode {
            let m = m.to_ascii_lowercase();
            check_mode(&m).map_err(|e| named("export_mode", e))?;
            o.export_mode = m;
        }
        if let Some(w) = patch.export_width {
            o.export_width = checks::length(w, "export_width")?;
        }
        if let Some(h) = patch.export_height {
            o.export_height = checks::length(h, "export_height")?;
        }
        Ok(o)
    }
}

fn check_mode(mode: &str) -> Result<()> {
    if matches!(mode, "scale" | "source" | "size") {
        Ok(())
    } else {
        Err(CropError::invalid(format!("mode must be 'scale', 'source' or 'size', got {mode:?}")))
    }
}

/// A parser's error with the property's name in front (its message names the JS option).
fn named(what: &str, e: CropError) -> CropError {
    CropError::invalid(format!("{what}: {}", e.message))
}

impl OutputSize {
    /// The output size from a mode and, for `"size"`, a width and height in px (rounded; each
    /// at least 1, at most `MAX_OUTPUT_SIDE` or the export would be `too_large`).
    pub fn from_mode(mode: &str, width: Option<f64>, height: Option<f64>) -> Result<OutputSize> {
        check_mode(mode)?;
        match mode {
            "source" => Ok(OutputSize::Source),
            "size" => {
                let side = |v: Option<f64>, what: &str| -> Result<u32> {
                    let v = v.ok_or_else(|| CropError::invalid(format!("mode 'size' needs {what}")))?;
                    if !(v.is_finite() && v >= 1.0) {
                        return Err(CropError::invalid(format!("mode 'size' needs {what} >= 1, got {v}")));
                    }
                    let r = v.round();
                    if r > f64::from(MAX_OUTPUT_SIDE) {
                        return Err(CropError::too_large(format!("output {what} {r} is too large")));
                    }
                    Ok(r as u32)
                };
                Ok(OutputSize::Size { width: side(width, "width")?, height: side(height, "height")? })
            }
            _ => Ok(OutputSize::Scale),
        }
    }
}

impl Cropper {
    /// The export options the output properties give (`fill_color` "" is the export's white).
    pub fn export_options(&self) -> Result<ExportOptions> {
        let o = &self.props().output;
        let mut opts = ExportOptions {
            file_type: FileType::parse(&o.file_type)?,
            quality: o.quality as f32,
            shape: o.mask,
            ..ExportOptions::default()
        };
        if !o.fill_color.is_empty() {
            opts.fill = parse_color(&o.fill_color)?;
        }
        if o.max_bytes > 0.0 {
            // Saturating on wasm32 (usize is 32 bits): a limit above 4 GiB is no limit.
            opts.max_bytes = Some(usize::try_from(o.max_bytes as u64).unwrap_or(usize::MAX));
        }
        Ok(opts)
    }

    /// The output size `export_mode`, `export_width` and `export_height` ask for
    /// (`invalid_option` for mode "size" without both sides >= 1).
    pub fn output_size(&self) -> Result<OutputSize> {
        let o = &self.props().output;
        OutputSize::from_mode(&o.export_mode, Some(o.export_width), Some(o.export_height))
            .map_err(|e| CropError { message: format!("export_mode: {}", e.message), ..e })
    }
}
