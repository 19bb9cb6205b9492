//! The component's properties: the original's names, defaults and meaning, validated.
//!
//! A [`PropsPatch`] carries only the keys the component changed (snake_case names, as the
//! original's properties). Unknown keys are ignored so the component can forward its whole
//! property set (`imgSrc`, `canvas_top`, …). A patch is applied atomically: if any value is
//! invalid, nothing changes and an `invalid_option` error names the key.
//!
//! [`Props::default`] is the one definition of the defaults: the component reads them from
//! the built core ([`Props::values`], `propDefaults()` in JS) instead of keeping a copy.

use serde::{Deserialize, Deserializer, Serialize};

use super::checks;
use super::output::OutputProps;
use crate::error::{CropError, Result};

/// `img_width` / `img_height`: px, or a percentage of the viewport's width / height ("50%").
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Length {
    Px(f64),
    Percent(f64),
}

impl Length {
    /// The length in px for a viewport side of `viewport` px.
    pub fn resolve(self, viewport: f64) -> f64 {
        match self {
            Length::Px(v) => v,
            Length::Percent(p) => viewport * p / 100.0,
        }
    }
}

/// What JS may send for `img_width` / `img_height`: a number or a string ("50%", "120").
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum LengthValue {
    Number(f64),
    Text(String),
}

impl LengthValue {
    /// `None` means "automatic" (0, as the original treats a falsy size).
    fn parse(&self, what: &str) -> Result<Option<Length>> {
        let length = match self {
            LengthValue::Number(v) => Length::Px(checks::length(*v, what)?),
            // "" is automatic, as any falsy size is for the original.
            LengthValue::Text(s) if s.trim().is_empty() => return Ok(None),
            LengthValue::Text(s) => {
                let s = s.trim();
                let bad = || CropError::invalid(format!("{what} must be a number or \"NN%\", got {s:?}"));
                if let Some(number) = s.strip_suffix('%') {
                    let p: f64 = number.trim().parse().map_err(|_| bad())?;
                    if !(p.is_finite() && (0.0..=10_000.0).contains(&p)) {
                        return Err(CropError::invalid(format!(
                            "{what} percentage must be in [0, 10000], got {s}"
                        )));
                    }
                    Length::Percent(p)
                } else {
                    let number = s.strip_suffix("px").unwrap_or(s).trim();
                    let v: f64 = number.parse().map_err(|_| bad())?;
                    Length::Px(checks::length(v, what)?)
                }
            }
        };
        let zero = match length {
            Length::Px(v) | Length::Percent(v) => v == 0.0,
        };
        Ok(if zero { None } else { Some(length) })
    }
}

/// Changed properties. `None` = unchanged (a key missing from the JS object, or `null` for a
/// number or flag). Names are the original's. For the keys whose default is `null`, a JS
/// `null` (or `""`) is that default: `cut_top` / `cut_left` centre the box (`Some(None)`),
/// `img_width` / `img_height` are automatic (as 0), `fill_color` is none.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct PropsPatch {
    pub width: Option<f64>,
    pub height: Option<f64>,
    pub max_width: Option<f64>,
    pub max_height: Option<f64>,
    pub min_width: Option<f64>,
    pub min_height: Option<f64>,
    pub disable_width: Option<bool>,
    pub disable_height: Option<bool>,
    pub disable_ratio: Option<bool>,
    /// `Some(None)`: centred on that axis. A numeric string is its number.
    #[serde(deserialize_with = "position")]
    pub cut_top: Option<Option<f64>>,
    #[serde(deserialize_with = "position")]
    pub cut_left: Option<Option<f64>>,
    #[serde(deserialize_with = "null_is_automatic")]
    pub img_width: Option<LengthValue>,
    #[serde(deserialize_with = "null_is_automatic")]
    pub img_height: Option<LengthValue>,
    pub scale: Option<f64>,
    pub angle: Option<f64>,
    pub min_scale: Option<f64>,
    pub max_scale: Option<f64>,
    pub disable_rotate: Option<bool>,
    pub limit_move: Option<bool>,
    /// With `limit_move`: keep any angle instead of the nearest multiple of 90° (not in the
    /// original, whose `limit_move` always snaps).
    pub limit_any_angle: Option<bool>,
    pub export_scale: Option<f64>,
    /// Width / height lock of the crop box; 0 = free (not in the original).
    pub aspect_ratio: Option<f64>,
    /// The output properties (see [`OutputProps`]); not in the original but `quality`.
    pub file_type: Option<String>,
    pub quality: Option<f64>,
    #[serde(deserialize_with = "null_is_empty")]
    pub fill_color: Option<String>,
    pub shape: Option<String>,
    pub max_bytes: Option<f64>,
    pub export_mode: Option<String>,
    pub export_width: Option<f64>,
    pub export_height: Option<f64>,
}

/// What JS may send for `cut_top` / `cut_left`.
#[derive(Deserialize)]
#[serde(untagged)]
enum PositionValue {
    Number(f64),
    Text(String),
}

/// A key that is present: `Some(value)`, with `null` and `""` as `Some(None)` (serde's plain
/// `Option` would read `null` as "missing", so `cut_top: null` could never re-centre the box).
/// A numeric string ("120", "120px") is its number; any other string is an error.
fn position<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<Option<f64>>, D::Error> {
    let value = match Option::<PositionValue>::deserialize(d)? {
        None => None,
        Some(PositionValue::Number(v)) => Some(v),
        Some(PositionValue::Text(s)) if s.trim().is_empty() => None,
        Some(PositionValue::Text(s)) => {
            let t = s.trim();
            let number = t.strip_suffix("px").unwrap_or(t).trim();
            let v = number.parse::<f64>().map_err(|_| {
                serde::de::Error::custom(format!("a box position must be a number or null, got {s:?}"))
            })?;
            Some(v)
        }
    };
    Ok(Some(value))
}

/// `fill_color: null` is none, as `""`.
fn null_is_empty<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<String>, D::Error> {
    Ok(Some(Option::<String>::deserialize(d)?.unwrap_or_default()))
}

/// `img_width: null` is "automatic", which the length `0` also means (see `LengthValue::parse`).
fn null_is_automatic<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<LengthValue>, D::Error> {
    Ok(Some(Option::<LengthValue>::deserialize(d)?.unwrap_or(LengthValue::Number(0.0))))
}

impl PropsPatch {
    /// Whether the patch changes the crop box's requested size or position.
    pub fn touches_box(&self) -> bool {
        self.width.is_some()
            || self.height.is_some()
            || self.max_width.is_some()
            || self.max_height.is_some()
            || self.min_width.is_some()
            || self.min_height.is_some()
            || self.cut_top.is_some()
            || self.cut_left.is_some()
            || self.aspect_ratio.is_some()
    }

    pub fn touches_image_size(&self) -> bool {
        self.img_width.is_some() || self.img_height.is_some()
    }
}

/// The properties as JS values, with the component's names (what `propDefaults()` gives and
/// the component declares): a length as a number or "NN%", an unset position or image size as
/// `null`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PropValues {
    pub width: f64,
    pub height: f64,
    pub max_width: f64,
    pub max_height: f64,
    pub min_width: f64,
    pub min_height: f64,
    pub disable_width: bool,
    pub disable_height: bool,
    pub disable_ratio: bool,
    pub cut_top: Option<f64>,
    pub cut_left: Option<f64>,
    pub img_width: Option<LengthValue>,
    pub img_height: Option<LengthValue>,
    pub scale: f64,
    pub angle: f64,
    pub min_scale: f64,
    pub max_scale: f64,
    pub disable_rotate: bool,
    pub limit_move: bool,
    pub limit_any_angle: bool,
    pub export_scale: f64,
    pub aspect_ratio: f64,
    pub file_type: String,
    pub quality: f64,
    pub fill_color: String,
    pub shape: String,
    pub max_bytes: f64,
    pub export_mode: String,
    pub export_width: f64,
    pub export_height: f64,
}

impl Serialize for LengthValue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            LengthValue::Number(v) => s.serialize_f64(*v),
            LengthValue::Text(t) => s.serialize_str(t),
        }
    }
}

impl Length {
    fn value(self) -> LengthValue {
        match self {
            Length::Px(v) => LengthValue::Number(v),
            Length::Percent(p) => LengthValue::Text(format!("{p}%")),
        }
    }
}

/// The current properties, with the original's defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct Props {
    pub width: f64,
    pub height: f64,
    pub max_width: f64,
    pub max_height: f64,
    pub min_width: f64,
    pub min_height: f64,
    pub disable_width: bool,
    pub disable_height: bool,
    pub disable_ratio: bool,
    /// `None`: centred (the original's `null`).
    pub cut_top: Option<f64>,
    pub cut_left: Option<f64>,
    /// `None`: automatic ("smaller side fills the box").
    pub img_width: Option<Length>,
    pub img_height: Option<Length>,
    pub scale: f64,
    pub angle: f64,
    pub min_scale: f64,
    pub max_scale: f64,
    pub disable_rotate: bool,
    pub limit_move: bool,
    pub limit_any_angle: bool,
    pub export_scale: f64,
    pub aspect_ratio: f64,
    pub output: OutputProps,
}

impl Default for Props {
    fn default() -> Self {
        Props {
            width: 200.0,
            height: 200.0,
            max_width: 300.0,
            max_height: 300.0,
            min_width: 100.0,
            min_height: 100.0,
            disable_width: false,
            disable_height: false,
            disable_ratio: false,
            cut_top: None,
            cut_left: None,
            img_width: None,
            img_height: None,
            scale: 1.0,
            angle: 0.0,
            min_scale: 0.5,
            max_scale: 2.0,
            disable_rotate: false,
            limit_move: false,
            limit_any_angle: false,
            export_scale: 3.0,
            aspect_ratio: 0.0,
            output: OutputProps::default(),
        }
    }
}

impl Props {
    /// The properties after `patch`, or the first invalid value as an error.
    pub fn patched(&self, patch: &PropsPatch) -> Result<Props> {
        let mut p = self.clone();
        let len = |v: Option<f64>, what: &str, current: f64| -> Result<f64> {
            v.map_or(Ok(current), |v| checks::length(v, what))
        };
        // A maximum below one pixel would allow an empty box (no crop data, no export).
        let max_len = |v: Option<f64>, what: &str, current: f64| -> Result<f64> {
            v.map_or(Ok(current), |v| checks::side(v, what))
        };
        let scale = |v: Option<f64>, what: &str, current: f64| -> Result<f64> {
            v.map_or(Ok(current), |v| checks::scale(v, what))
        };
        p.width = len(patch.width, "width", p.width)?;
        p.height = len(patch.height, "height", p.height)?;
        p.max_width = max_len(patch.max_width, "max_width", p.max_width)?;
        p.max_height = max_len(patch.max_height, "max_height", p.max_height)?;
        p.min_width = len(patch.min_width, "min_width", p.min_width)?;
        p.min_height = len(patch.min_height, "min_height", p.min_height)?;
        if p.min_width > p.max_width {
            return Err(CropError::invalid(format!(
                "min_width ({}) is greater than max_width ({})",
                p.min_width, p.max_width
            )));
        }
        if p.min_height > p.max_height {
            return Err(CropError::invalid(format!(
                "min_height ({}) is greater than max_height ({})",
                p.min_height, p.max_height
            )));
        }
        if let Some(v) = patch.disable_width {
            p.disable_width = v;
        }
        if let Some(v) = patch.disable_height {
            p.disable_height = v;
        }
        if let Some(v) = patch.disable_ratio {
            p.disable_ratio = v;
        }
        if let Some(v) = patch.cut_top {
            p.cut_top = v.map(|v| checks::coord(v, "cut_top")).transpose()?;
        }
        if let Some(v) = patch.cut_left {
            p.cut_left = v.map(|v| checks::coord(v, "cut_left")).transpose()?;
        }
        if let Some(v) = &patch.img_width {
            p.img_width = v.parse("img_width")?;
        }
        if let Some(v) = &patch.img_height {
            p.img_height = v.parse("img_height")?;
        }
        p.scale = scale(patch.scale, "scale", p.scale)?;
        if let Some(v) = patch.angle {
            p.angle = checks::angle(v, "angle")?;
        }
        p.min_scale = scale(patch.min_scale, "min_scale", p.min_scale)?;
        p.max_scale = scale(patch.max_scale, "max_scale", p.max_scale)?;
        if p.min_scale > p.max_scale {
            return Err(CropError::invalid(format!(
                "min_scale ({}) is greater than max_scale ({})",
                p.min_scale, p.max_scale
            )));
        }
        if let Some(v) = patch.disable_rotate {
            p.disable_rotate = v;
        }
        if let Some(v) = patch.limit_move {
            p.limit_move = v;
        }
        if let Some(v) = patch.limit_any_angle {
            p.limit_any_angle = v;
        }
        if let Some(v) = patch.export_scale {
            let v = checks::finite(v, "export_scale")?;
            if !(checks::MIN_EXPORT_SCALE..=checks::MAX_EXPORT_SCALE).contains(&v) {
                return Err(CropError::invalid(format!(
                    "export_scale must be in [{}, {}], got {v}",
                    checks::MIN_EXPORT_SCALE,
                    checks::MAX_EXPORT_SCALE
                )));
            }
            p.export_scale = v;
        }
        if let Some(v) = patch.aspect_ratio {
            p.aspect_ratio = aspect_ratio(v)?;
        }
        p.output = self.output.patched(patch)?;
        Ok(p)
    }

    /// Whether the image angle must be a multiple of 90° (the original's `limit_move`).
    pub fn snaps_angle(&self) -> bool {
        self.limit_move && !self.limit_any_angle
    }

    /// The properties as JS values (see [`PropValues`]).
    pub fn values(&self) -> PropValues {
        let o = &self.output;
        PropValues {
            width: self.width,
            height: self.height,
            max_width: self.max_width,
            max_height: self.max_height,
            min_width: self.min_width,
            min_height: self.min_height,
            disable_width: self.disable_width,
            disable_height: self.disable_height,
            disable_ratio: self.disable_ratio,
            cut_top: self.cut_top,
            cut_left: self.cut_left,
            img_width: self.img_width.map(Length::value),
            img_height: self.img_height.map(Length::value),
            scale: self.scale,
            angle: self.angle,
            min_scale: self.min_scale,
            max_scale: self.max_scale,
            disable_rotate: self.disable_rotate,
            limit_move: self.limit_move,
            limit_any_angle: self.limit_any_angle,
            export_scale: self.export_scale,
            aspect_ratio: self.aspect_ratio,
            file_type: o.file_type.clone(),
            quality: o.quality,
            fill_color: o.fill_color.clone(),
            shape: o.shape.clone(),
            max_bytes: o.max_bytes,
            export_mode: o.export_mode.clone(),
            export_width: o.export_width,
            export_height: o.export_height,
        }
    }
}

/// A width / height ratio: 0 (free) or within `[1e-4, 1e4]`.
pub fn aspect_ratio(v: f64) -> Result<f64> {
    let v = checks::finite(v, "aspect_ratio")?;
    if v == 0.0 || (1.0e-4..=1.0e4).contains(&v) {
        Ok(v)
    } else {
        Err(CropError::invalid(format!("aspect_ratio must be 0 (free) or in [0.0001, 10000], got {v}")))
    }
}
