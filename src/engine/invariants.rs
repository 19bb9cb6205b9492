//! The state invariants every engine call ends with, whatever it was given, as one check the
//! tests and the fuzz target share (`Cropper::check_invariants`):
//!
//! 1. the render is finite (no NaN / Infinity), the scale positive, and with an image its
//!    displayed size positive;
//! 2. the crop box lies inside the viewport;
//! 3. each box side is within its bounds: at most the viewport side; at least `min_*` and
//!    [`MIN_BOX_SIDE`] unless the viewport is smaller (the viewport wins over `min_*`, see
//!    `layout::Bounds`). `max_*` is no invariant: only a finger's resize respects it, as in the
//!    original, and a property or method may set a bigger box;
//! 4. with `limit_move` and an image, the four box corners are inside the rotated, scaled image;
//!    with `limit_move` and not `limit_any_angle`, the angle is a multiple of 90°;
//! 5. with an image, crop data is finite and positive in size, and every export map the engine
//!    gives (modes scale, source, a fixed size) is finite with a positive scale; an export it
//!    refuses is refused with `too_large` (a side above `MAX_OUTPUT_SIDE`) only.
//!
//! The checks are written from the documented rules, not by calling the code that enforces
//! them, so they can catch that code being wrong. Tolerances are relative to the magnitudes
//! involved (float rounding, not slack in the rules).

use super::containment;
use super::crop_data::OutputSize;
use super::layout::MIN_BOX_SIDE;
use super::Cropper;
use crate::error::ErrorCode;

/// Relative rounding allowance of the checks (a few ulps of the operations' magnitudes).
const REL_TOL: f64 = 1e-9;

impl Cropper {
    /// `Err` with a description of the first broken invariant (see the module docs).
    pub fn check_invariants(&self) -> Result<(), String> {
        let r = self.output();
        let numbers = [
            ("img.x", r.img.x),
            ("img.y", r.img.y),
            ("img.width", r.img.width),
            ("img.height", r.img.height),
            ("img.scale", r.img.scale),
            ("img.angle", r.img.angle),
            ("cut.x", r.cut.x),
            ("cut.y", r.cut.y),
            ("cut.width", r.cut.width),
            ("cut.height", r.cut.height),
        ];
        if let Some((name, v)) = numbers.iter().find(|(_, v)| !v.is_finite()) {
            return Err(format!("render {name} is {v}: {r:?}"));
        }
        if r.img.scale <= 0.0 {
            return Err(format!("scale {} is not positive", r.img.scale));
        }
        if self.image.is_some() && !(r.img.width > 0.0 && r.img.height > 0.0) {
            return Err(format!("displayed image size {} × {} is not positive", r.img.width, r.img.height));
        }

        let vp = self.viewport;
        let eps = REL_TOL * (1.0 + vp.width.max(vp.height));
        let cut = self.cut;
        if cut.x < -eps
            || cut.y < -eps
            || cut.x + cut.width > vp.width + eps
            || cut.y + cut.height > vp.height + eps
        {
            return Err(format!("box {cut:?} is not inside the {} × {} viewport", vp.width, vp.height));
        }

        let p = &self.props;
        for (side, len, min, room) in
            [("width", cut.width, p.min_width, vp.width), ("height", cut.height, p.min_height, vp.height)]
        {
            let hi = room;
            let lo = min.max(MIN_BOX_SIDE).min(hi);
            let tol = REL_TOL * (1.0 + hi);
            if len > hi + tol || len < lo - tol {
                return Err(format!("box {side} {len} is outside [{lo}, {hi}] (min {min}, viewport {room})"));
            }
        }
        if p.snaps_angle() && r.img.angle % 90.0 != 0.0 {
            return Err(format!("limit_move: angle {} is not a multiple of 90°", r.img.angle));
        }

        let Some(natural) = self.image else {
            return Ok(());
        };
        if p.limit_move {
            let bc = cut.center();
            let offset = (self.center.x - bc.x).abs() + (self.center.y - bc.y).abs();
            let image_px = self.scale * self.img_size.width.max(self.img_size.height);
            let tol = REL_TOL * (1.0 + image_px + offset + vp.width.max(vp.height));
            if !containment::covers(&cut, self.img_size, self.angle, self.center, self.scale, tol) {
                return Err(format!("limit_move: the box is not inside the image: {r:?}"));
            }
        }

        let d = self.crop_data().map_err(|e| format!("crop data with an image loaded: {e}"))?;
        if ![d.x, d.y, d.width, d.height, d.rotate].iter().all(|v| v.is_finite())
            || d.width <= 0.0
            || d.height <= 0.0
        {
            return Err(format!("crop data {d:?} for a {natural:?} image"));
        }
        for size in [OutputSize::Scale, OutputSize::Source, OutputSize::Size { width: 1080, height: 720 }] {
            match self.export_map(size) {
                Ok(m) => {
                    let finite = [m.center_x, m.center_y, m.angle, m.scale].iter().all(|v| v.is_finite());
                    if !finite || m.scale <= 0.0 || m.out_width == 0 || m.out_height == 0 {
                        return Err(format!("export map {size:?}: {m:?}"));
                    }
                }
                Err(e) if e.code == ErrorCode::TooLarge => {}
                Err(e) => return Err(format!("export map {size:?} refused: {e}")),
            }
        }
        Ok(())
    }
}
