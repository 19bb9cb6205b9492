//! The original's methods (`setCutXY`, `setCutSize`, `setCutCenter`, `setScale`, `setAngle`,
//! `setTransform`, `imgReset`) plus what Cropper.js users expect: `rotate`, `flip`, and a
//! numeric aspect-ratio lock. Each returns the new render; with `limit_move` the angle then
//! snaps to a quarter turn (unless `limit_any_angle`) and the image is adjusted to cover the
//! box.

use serde::Deserialize;

use super::checks;
use super::layout::{fit_size, set_bounds, Bounds, Rect, Size};
use super::render::Render;
use super::Cropper;
use crate::error::{CropError, Result};
use crate::geometry::Point;

/// `setTransform`'s relative changes; missing fields are 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Transform {
    pub x: f64,
    pub y: f64,
    pub angle: f64,
    pub scale: f64,
    pub cut_x: f64,
    pub cut_y: f64,
}

impl Cropper {
    /// Moves the box's top-left to `(x, y)`, clamped inside the viewport.
    pub fn set_cut_xy(&mut self, x: f64, y: f64) -> Result<Render> {
        let x = checks::coord(x, "x")?;
        let y = checks::coord(y, "y")?;
        self.begin_call();
        self.place_cut(x, y);
        Ok(self.finish_call())
    }

    /// Resizes the box (top-left kept, then clamped inside the viewport) to at least `min_*`
    /// and at most the viewport, not to `max_*` (as the original's `setCutSize`); with an
    /// aspect ratio set, the width drives and the height follows.
    pub fn set_cut_size(&mut self, width: f64, height: f64) -> Result<Render> {
        let width = checks::length(width, "width")?;
        let height = checks::length(height, "height")?;
        self.begin_call();
        let (bw, bh) = set_bounds(&self.props, self.viewport);
        let size = fit_size(width, height, self.props.aspect_ratio, bw, bh)
            .unwrap_or_else(|| layout_free(width, height, bw, bh));
        self.cut.width = size.width;
        self.cut.height = size.height;
        self.place_cut(self.cut.x, self.cut.y);
        Ok(self.finish_call())
    }

    /// Centres the box in the viewport; the image moves with it.
    pub fn set_cut_center(&mut self) -> Result<Render> {
        self.begin_call();
        self.recentre();
        Ok(self.finish_call())
    }

    /// Sets the scale (not clamped to `min_scale..max_scale`, as the original).
    pub fn set_scale(&mut self, scale: f64) -> Result<Render> {
        let scale = checks::scale(scale, "scale")?;
        self.begin_call();
        self.scale = scale;
        Ok(self.finish_call())
    }

    /// Sets the angle in degrees, not clamped (as the original); with `limit_move` the nearest
    /// multiple of 90° unless `limit_any_angle`. Animated.
    pub fn set_angle(&mut self, angle: f64) -> Result<Render> {
        let angle = checks::angle(angle, "angle")?;
        self.begin_call();
        self.angle = angle;
        self.animate = true;
        Ok(self.finish_call())
    }

    /// Relative changes: image offset `x, y`, `angle` (ignored with `disable_rotate`, as the
    /// original; with `limit_move` the sum snaps as `set_angle`), `scale` added then clamped to
    /// `min_scale..max_scale`, box offset `cutX, cutY` (the box stays inside the viewport).
    pub fn set_transform(&mut self, t: &Transform) -> Result<Render> {
        let x = checks::coord(t.x, "x")?;
        let y = checks::coord(t.y, "y")?;
        let angle = checks::angle(t.angle, "angle")?;
        let scale = checks::finite(t.scale, "scale")?;
        if scale.abs() > checks::MAX_SCALE_VALUE {
            return Err(CropError::invalid(format!(
                "scale change must be within ±{}",
                checks::MAX_SCALE_VALUE
            )));
        }
        let cut_x = checks::coord(t.cut_x, "cutX")?;
        let cut_y = checks::coord(t.cut_y, "cutY")?;
        self.begin_call();
        if !self.props.disable_rotate {
            self.angle += angle;
        }
        if scale != 0.0 {
            self.scale = (self.scale + scale).clamp(self.props.min_scale, self.props.max_scale);
        }
        self.place_cut(self.cut.x + cut_x, self.cut.y + cut_y);
        self.center = Point::new(self.center.x + x, self.center.y + y);
        Ok(self.finish_call())
    }

    /// Scale 1, angle 0, unflipped, image centred in the viewport (as the original).
    pub fn img_reset(&mut self) -> Result<Render> {
        self.begin_call();
        self.scale = 1.0;
        self.angle = 0.0;
        self.flip_x = false;
        self.flip_y = false;
        self.center = self.viewport_center();
        self.animate = true;
        Ok(self.finish_call())
    }

    /// Rotates by `deg` degrees, clockwise (`rotate(90)` / `rotate(-90)` for quarter turns);
    /// allowed with `disable_rotate` (that property only disables the two-finger gesture).
    pub fn rotate(&mut self, deg: f64) -> Result<Render> {
        let deg = checks::angle(deg, "degrees")?;
        self.begin_call();
        self.angle += deg;
        self.animate = true;
        Ok(self.finish_call())
    }

    /// A quarter turn clockwise (`rotate(-90)` turns the other way).
    pub fn rotate90(&mut self) -> Result<Render> {
        self.rotate(90.0)
    }

    /// Mirrors the image about its own vertical axis (`horizontal`) or horizontal axis.
    /// The flip is in the image's frame (as Cropper.js `scaleX` / `scaleY`).
    pub fn flip(&mut self, horizontal: bool) -> Result<Render> {
        self.begin_call();
        if horizontal {
            self.flip_x = !self.flip_x;
        } else {
            self.flip_y = !self.flip_y;
        }
        self.animate = true;
        Ok(self.finish_call())
    }

    /// Locks the box's width / height ratio (`0` = free). The box is resized about its centre
    /// to the ratio, keeping its width when possible, within `min_*` and the viewport; a ratio
    /// no such box can have is an `invalid_option` error.
    pub fn set_aspect_ratio(&mut self, ratio: f64) -> Result<Render> {
        let ratio = super::props::aspect_ratio(ratio)?;
        let (bw, bh) = set_bounds(&self.props, self.viewport);
        let size = if ratio > 0.0 {
            fit_size(self.cut.width, self.cut.height, ratio, bw, bh).ok_or_else(|| {
                CropError::invalid(format!(
                    "aspect_ratio {ratio} does not fit a box within min_width / min_height and the viewport"
                ))
            })?
        } else {
            Size::new(self.cut.width, self.cut.height)
        };
        self.begin_call();
        self.props.aspect_ratio = ratio;
        let c = self.cut.center();
        self.cut.width = size.width;
        self.cut.height = size.height;
        self.place_cut(c.x - size.width / 2.0, c.y - size.height / 2.0);
        self.animate = true;
        Ok(self.finish_call())
    }

    /// Puts the box's top-left at `(x, y)`, clamped so the box stays inside the viewport.
    fn place_cut(&mut self, x: f64, y: f64) {
        self.cut.x = checks::clamp_to(x, 0.0, self.viewport.width - self.cut.width);
        self.cut.y = checks::clamp_to(y, 0.0, self.viewport.height - self.cut.height);
    }

    /// Centres the box in the viewport, moving the image by the same offset (so the crop is
    /// unchanged); animated when anything moved.
    pub(super) fn recentre(&mut self) {
        let target = Rect {
            x: (self.viewport.width - self.cut.width) / 2.0,
            y: (self.viewport.height - self.cut.height) / 2.0,
            ..self.cut
        };
        let (dx, dy) = (target.x - self.cut.x, target.y - self.cut.y);
        if dx != 0.0 || dy != 0.0 {
            self.cut = target;
            self.center = Point::new(self.center.x + dx, self.center.y + dy);
            self.animate = true;
        }
    }
}

fn layout_free(width: f64, height: f64, bw: Bounds, bh: Bounds) -> Size {
    Size::new(bw.clamp(width), bh.clamp(height))
}
