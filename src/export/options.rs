//! Export options: output type, quality, fill colour, mask shape, size limits. Parsed from the
//! loosely typed JS object (`ExportOptionsInput`) and validated once, so the pipeline only sees
//! values that make sense.

use serde::{Deserialize, Serialize};

use crate::error::{CropError, Result};
pub use crate::limits::Limits;

/// Output file type. The original component's default is PNG.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FileType {
    #[default]
    Png,
    Jpeg,
}

impl FileType {
    /// The `type` string JS sees ('png' | 'jpg', as the original's `fileType`).
    pub fn as_str(self) -> &'static str {
        match self {
            FileType::Png => "png",
            FileType::Jpeg => "jpg",
        }
    }

    pub fn parse(s: &str) -> Result<FileType> {
        match s.to_ascii_lowercase().as_str() {
            "png" => Ok(FileType::Png),
            "jpg" | "jpeg" => Ok(FileType::Jpeg),
            _ => Err(CropError::invalid(format!("fileType must be 'png' or 'jpg', got {s:?}"))),
        }
    }
}

impl Serialize for FileType {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Mask applied to the output: none, or the ellipse inscribed in the output (a circle when the
/// output is square: avatars).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Shape {
    #[default]
    Rect,
    Ellipse,
}

impl Shape {
    pub fn parse(s: &str) -> Result<Shape> {
        match s.to_ascii_lowercase().as_str() {
            "rect" => Ok(Shape::Rect),
            "circle" | "ellipse" => Ok(Shape::Ellipse),
            _ => Err(CropError::invalid(format!("shape must be 'rect', 'circle' or 'ellipse', got {s:?}"))),
        }
    }
}

/// Validated export options (see docs/architecture.md).
#[derive(Clone, Debug, PartialEq)]
pub struct ExportOptions {
    pub file_type: FileType,
    /// 0..=1, mapped to JPEG quality 1..=100. Ignored for PNG.
    pub quality: f32,
    /// RGBA used outside the image for JPEG (alpha ignored there: JPEG has none) and outside the
    /// mask. PNG output keeps such pixels transparent.
    pub fill: [u8; 4],
    pub shape: Shape,
    /// JPEG only: the highest quality (at most `quality`) whose file fits in this many bytes.
    pub max_bytes: Option<usize>,
    pub limits: Limits,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            file_type: FileType::Png,
            quality: 0.92,
            fill: [255, 255, 255, 255],
            shape: Shape::Rect,
            max_bytes: None,
            limits: Limits::default(),
        }
    }
}

impl ExportOptions {
    pub fn validate(&self) -> Result<()> {
        if !self.quality.is_finite() || !(0.0..=1.0).contains(&self.quality) {
            return Err(CropError::invalid(format!("quality must be within 0..1, got {}", self.quality)));
        }
        if self.max_bytes == Some(0) {
            return Err(CropError::invalid("maxBytes must be positive"));
        }
        if self.limits.max_pixels == 0 || self.limits.max_memory == 0 {
            return Err(CropError::invalid("maxPixels and maxMemory must be positive"));
        }
        Ok(())
    }

    /// JPEG quality 1..=100 for `quality` 0..=1 (0 still gives a valid file).
    pub fn jpeg_quality(&self) -> u8 {
        jpeg_quality(self.quality)
    }
}

pub fn jpeg_quality(quality: f32) -> u8 {
    let q = (quality.clamp(0.0, 1.0) * 100.0).round() as u8;
    q.max(1)
}

/// The options object as JS passes it: every field optional, numbers as JS numbers (validated
/// here, so NaN, negatives and fractions become `invalid_option` errors, not silent casts).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportOptionsInput {
    pub file_type: Option<String>,
    pub quality: Option<f64>,
    pub fill_color: Option<String>,
    pub shape: Option<String>,
    pub max_bytes: Option<f64>,
    pub max_pixels: Option<f64>,
    pub max_memory: Option<f64>,
}

impl ExportOptionsInput {
    /// The JS keys, for boundaries whose deserializer ignores unknown ones: a misspelt option
    /// must fail loudly, not be silently ignored.
    pub const KEYS: [&'static str; 7] =
        ["fileType", "quality", "fillColor", "shape", "maxBytes", "maxPixels", "maxMemory"];

    pub fn check_key(key: &str) -> Result<()> {
        if Self::KEYS.contains(&key) {
            Ok(())
        } else {
            Err(CropError::invalid(format!("unknown option {key:?} (known: {})", Self::KEYS.join(", "))))
        }
    }

    pub fn parse(&self) -> Result<ExportOptions> {
        let mut opts = ExportOptions::default();
        if let Some(t) = &self.file_type {
            opts.file_type = FileType::parse(t)?;
        }
        if let Some(q) = self.quality {
            if !q.is_finite() || !(0.0..=1.0).contains(&q) {
                return Err(CropError::invalid(format!("quality must be within 0..1, got {q}")));
            }
            opts.quality = q as f32;
        }
        if let Some(c) = &self.fill_color {
            opts.fill = parse_color(c)?;
        }
        if let Some(s) = &self.shape {
            opts.shape = Shape::parse(s)?;
        }
        if let Some(b) = self.max_bytes {
            // Saturating on wasm32 (usize is 32 bits): a limit above 4 GiB is no limit.
            opts.max_bytes = Some(usize::try_from(positive_integer(b, "maxBytes")?).unwrap_or(usize::MAX));
        }
        if let Some(p) = self.max_pixels {
            opts.limits.max_pixels = positive_integer(p, "maxPixels")?;
        }
        if let Some(m) = self.max_memory {
            opts.limits.max_memory = positive_integer(m, "maxMemory")?;
        }
        opts.validate()?;
        Ok(opts)
    }
}

/// A JS number that must be a positive integer (below 2^53, where doubles stay exact).
fn positive_integer(v: f64, name: &str) -> Result<u64> {
    if !v.is_finite() || v < 1.0 || v.fract() != 0.0 || v > 9_007_199_254_740_991.0 {
        return Err(CropError::invalid(format!("{name} must be a positive integer, got {v}")));
    }
    Ok(v as u64)
}

/// `#rgb`, `#rgba`, `#rrggbb` or `#rrggbbaa` (CSS hex colours) as RGBA.
pub fn parse_color(s: &str) -> Result<[u8; 4]> {
    let bad = || CropError::invalid(format!("fillColor must be '#rgb', '#rrggbb' or '#rrggbbaa', got {s:?}"));
    let hex = s.trim().strip_prefix('#').ok_or_else(bad)?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad());
    }
    let digit = |i: usize| -> u8 { (hex.as_bytes()[i] as char).to_digit(16).unwrap_or(0) as u8 };
    match hex.len() {
        3 | 4 => {
            let mut c = [255u8; 4];
            for (i, v) in c.iter_mut().enumerate().take(hex.len()) {
                *v = digit(i) * 17;
            }
            Ok(c)
        }
        6 | 8 => {
            let mut c = [255u8; 4];
            for (i, v) in c.iter_mut().enumerate().take(hex.len() / 2) {
                *v = digit(2 * i) * 16 + digit(2 * i + 1);
            }
            Ok(c)
        }
        _ => Err(bad()),
    }
}
