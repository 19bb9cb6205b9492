//! Crop data in source pixels (Cropper.js `getData` / `setData` style) and the export map.
//!
//! Source pixels are those of the image as displayed (after EXIF orientation). The screen
//! shows source point `s` at `center + k·R(angle)·F·(s - source_size/2)`, where
//! `k = scale · displayed_width / source_width` (screen px per source px) and `F` the flips.
//!
//! [`CropData`]: `width × height` is the crop box in source px; `(x + width/2, y + height/2)`
//! is the source point under the box centre; `rotate` is the image angle (degrees, clockwise);
//! `scaleX` / `scaleY` are -1 when flipped. With `rotate = 0` and no flip, `x, y, width,
//! height` is exactly the source rectangle inside the box; otherwise it is that rectangle
//! turned by `-rotate` about its centre.

use serde::{Deserialize, Serialize};

use super::checks;
use super::layout::{fit_size, set_bounds, Rect};
use super::render::Render;
use super::Cropper;
use crate::error::{CropError, Result};
use crate::geometry::{rotate, CropMap, Point};

/// Largest exported side, px (the export pipeline applies its own pixel budget on top).
pub const MAX_OUTPUT_SIDE: u32 = 100_000;

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CropData {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub rotate: f64,
    pub scale_x: f64,
    pub scale_y: f64,
}

/// Output size of an export.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum OutputSize {
    /// The crop box size × `export_scale` (the original's behaviour).
    #[default]
    Scale,
    /// One output pixel per source pixel (no resampling loss).
    Source,
    /// Exactly `width × height`; when its ratio differs from the box's, the output shows the
    /// centre of the box, scaled to fill (no empty border).
    Size { width: u32, height: u32 },
}

impl Cropper {
    /// Screen px per source px.
    fn source_zoom(&self, natural: super::layout::Size) -> f64 {
        self.scale * self.img_size.width / natural.width
    }

    fn flip_signs(&self) -> Point {
        Point::new(if self.flip_x { -1.0 } else { 1.0 }, if self.flip_y { -1.0 } else { 1.0 })
    }

    /// Source point shown at screen point `p`.
    fn source_at(&self, p: Point, natural: super::layout::Size, k: f64) -> Point {
        let r = rotate(Point::new((p.x - self.center.x) / k, (p.y - self.center.y) / k), -self.angle);
        let f = self.flip_signs();
        Point::new(natural.width / 2.0 + f.x * r.x, natural.height / 2.0 + f.y * r.y)
    }

    /// The crop in source pixels (`no_image` before an image is loaded).
    pub fn crop_data(&self) -> Result<CropData> {
        let natural = self.require_image()?;
        let k = self.source_zoom(natural);
        let s = self.source_at(self.cut.center(), natural, k);
        let (width, height) = (self.cut.width / k, self.cut.height / k);
        let f = self.flip_signs();
        Ok(CropData {
            x: s.x - width / 2.0,
            y: s.y - height / 2.0,
            width,
            height,
            rotate: self.angle,
            scale_x: f.x,
            scale_y: f.y,
        })
    }

    /// Shows the crop `data`: angle and flips as given (with `limit_move` the angle then snaps
    /// as `set_angle`'s); the box (centred in the viewport) gets the data's ratio at about its
    /// current area, within `min_*` and the viewport (as `setCutSize`); the image
    /// is placed and scaled (not clamped to `min_scale..max_scale`) so the box holds exactly
    /// the data's rectangle. `crop_data()` then returns `data` (up to float rounding), unless
    /// `limit_move` had to move the image because the rectangle leaves the image, or an
    /// `aspect_ratio` is locked: then the height is `width / aspect_ratio`.
    pub fn set_crop_data(&mut self, data: &CropData) -> Result<Render> {
        let natural = self.require_image()?;
        // Any finite data the engine can report is accepted back (a far zoomed-out view of a
        // large image has crop sides beyond MAX_LENGTH), so only finiteness and sign are checked.
        let x = checks::finite(data.x, "x")?;
        let y = checks::finite(data.y, "y")?;
        let positive = |v: f64, what: &str| -> Result<f64> {
            let v = checks::finite(v, what)?;
            if v > 0.0 {
                Ok(v)
            } else {
                Err(CropError::invalid(format!("{what} must be positive, got {v}")))
            }
        };
        let width = positive(data.width, "width")?;
        let height = positive(data.height, "height")?;
        let angle = checks::angle(data.rotate, "rotate")?;
        let sign = |v: f64, what: &str| -> Result<bool> {
            if v == 1.0 {
                Ok(false)
            } else if v == -1.0 {
                Ok(true)
            } else {
                Err(CropError::invalid(format!("{what} must be 1 or -1, got {v}")))
            }
        };
        let flip_x = sign(data.scale_x, "scaleX")?;
        let flip_y = sign(data.scale_y, "scaleY")?;

        let p = &self.props;
        let (bw, bh) = set_bounds(p, self.viewport);
        // A locked aspect ratio wins over the data's, as in Cropper.js `setData`: the width is
        // kept and the height follows (unless no box within the bounds can have that ratio, in
        // which case the lock is not in force anywhere, see `layout::box_from_props`).
        let height = match p.aspect_ratio {
            r if r > 0.0 && fit_size(width, width / r, r, bw, bh).is_some() => width / r,
            _ => height,
        };
        let k_lo = (bw.lo / width).max(bh.lo / height);
        let k_hi = (bw.hi / width).min(bh.hi / height);
        if !(k_hi > 0.0 && k_hi.is_finite()) {
            return Err(CropError::invalid(
                "the crop box cannot have a size within min_width / min_height and the viewport",
            ));
        }
        let area = self.cut.width * self.cut.height;
        // sqrt separately: width · height may overflow.
        let k_pref = if area > 0.0 { area.sqrt() / (width.sqrt() * height.sqrt()) } else { k_hi };
        // A ratio no box within the bounds can have (beyond rounding).
        if k_lo > k_hi * (1.0 + 1e-12) {
            return Err(CropError::invalid(format!(
                "a {width} × {height} crop does not fit a box within min_width / min_height and the viewport"
            )));
        }
        let k = k_pref.max(k_lo).min(k_hi);
        let scale = k * natural.width / self.img_size.width;
        if !(scale.is_finite() && scale > 0.0) {
            return Err(CropError::invalid("crop data gives no usable scale"));
        }

        let (box_w, box_h) = (width * k, height * k);
        let cut = Rect {
            x: (self.viewport.width - box_w) / 2.0,
            y: (self.viewport.height - box_h) / 2.0,
            width: box_w,
            height: box_h,
        };
        // Put the source point of the data's centre under the box centre.
        let f = Point::new(if flip_x { -1.0 } else { 1.0 }, if flip_y { -1.0 } else { 1.0 });
        let s =
            Point::new((x - natural.width / 2.0) + width / 2.0, (y - natural.height / 2.0) + height / 2.0);
        let v = rotate(Point::new(f.x * s.x * k, f.y * s.y * k), angle);
        let bc = cut.center();
        let center = Point::new(bc.x - v.x, bc.y - v.y);
        if !(center.x.is_finite() && center.y.is_finite()) {
            return Err(CropError::invalid("crop data lies too far outside the image"));
        }

        self.begin_call();
        self.angle = angle;
        self.flip_x = flip_x;
        self.flip_y = flip_y;
        self.scale = scale;
        self.cut = cut;
        self.center = center;
        self.animate = true;
        Ok(self.finish_call())
    }

    /// The export as an affine map from output to source pixels: the output image is exactly
    /// what is inside the crop box, turned upright (see [`CropMap`]).
    pub fn export_map(&self, size: OutputSize) -> Result<CropMap> {
        let natural = self.require_image()?;
        if !(self.cut.width > 0.0 && self.cut.height > 0.0) {
            return Err(CropError::invalid("the crop box is empty"));
        }
        let k = self.source_zoom(natural);
        let side = |v: f64, what: &str| -> Result<u32> {
            let r = v.round().max(1.0);
            if r > MAX_OUTPUT_SIDE as f64 {
                Err(CropError::too_large(format!("output {what} {r} exceeds {MAX_OUTPUT_SIDE}")))
            } else {
                Ok(r as u32)
            }
        };
        let (scale, out_width, out_height) = match size {
            OutputSize::Scale => {
                let e = self.props.export_scale;
                (k * e, side(self.cut.width * e, "width")?, side(self.cut.height * e, "height")?)
            }
            OutputSize::Source => {
                (1.0, side(self.cut.width / k, "width")?, side(self.cut.height / k, "height")?)
            }
            OutputSize::Size { width, height } => {
                if width == 0 || height == 0 {
                    return Err(CropError::invalid("output width and height must be at least 1"));
                }
                if width > MAX_OUTPUT_SIDE || height > MAX_OUTPUT_SIDE {
                    return Err(CropError::too_large(format!("output side exceeds {MAX_OUTPUT_SIDE}")));
                }
                let fill = (width as f64 / self.cut.width).max(height as f64 / self.cut.height);
                (k * fill, width, height)
            }
        };
        if !(scale.is_finite() && scale > 0.0) {
            return Err(CropError::invalid("the crop gives no usable output scale"));
        }
        let c = self.source_at(self.cut.center(), natural, k);
        Ok(CropMap {
            center_x: c.x,
            center_y: c.y,
            angle: self.angle,
            scale,
            flip_x: self.flip_x,
            flip_y: self.flip_y,
            out_width,
            out_height,
        })
    }
}
