//! `limit_move`: the crop box stays inside the (rotated, scaled) image at any angle.
//!
//! In the image's own frame (rotate screen vectors by `-angle`), the displayed image is the
//! axis-aligned rectangle `|q.x| <= scale·W/2, |q.y| <= scale·H/2` around its centre. With the
//! box corners `u_i = R(-angle)·p_i` and the image centre `d = R(-angle)·c`, "every corner
//! inside" reads `max u.x - scale·W/2 <= d.x <= min u.x + scale·W/2` (same for y): two
//! independent intervals. Hence:
//! - the smallest scale for which they are non-empty is
//!   `max(extent_x / W, extent_y / H)` (the box's extents along the image's axes);
//! - the nearest feasible position is `d` clamped to the intervals coordinate-wise (rotation
//!   is an isometry, so this is the minimal move on screen too).
//!
//! So: grow the scale (about the image centre) only if it is below that minimum, then move
//! the image by the minimal translation. Flips do not matter (the image rectangle is
//! symmetric about its centre).

use super::checks::clamp_to;
use super::layout::{Rect, Size};
use crate::geometry::{rotate, Point};

/// Extents of `cut` along the image's axes when the image is rotated by `angle`.
fn extents(cut: &Rect, angle: f64) -> (Point, Point) {
    let mut min = Point::new(f64::INFINITY, f64::INFINITY);
    let mut max = Point::new(f64::NEG_INFINITY, f64::NEG_INFINITY);
    for p in cut.corners() {
        let u = rotate(p, -angle);
        min.x = min.x.min(u.x);
        min.y = min.y.min(u.y);
        max.x = max.x.max(u.x);
        max.y = max.y.max(u.y);
    }
    (min, max)
}

/// The smallest scale at which an image of displayed size `image` rotated by `angle` can
/// cover `cut`.
pub fn min_covering_scale(cut: &Rect, image: Size, angle: f64) -> f64 {
    let (min, max) = extents(cut, angle);
    ((max.x - min.x) / image.width).max((max.y - min.y) / image.height)
}

/// Adjusts `center` and `scale` minimally so the image covers `cut` (see the module docs).
pub fn contain(cut: &Rect, image: Size, angle: f64, center: &mut Point, scale: &mut f64) {
    if !(image.width > 0.0 && image.height > 0.0) {
        return;
    }
    let (min, max) = extents(cut, angle);
    let needed = ((max.x - min.x) / image.width).max((max.y - min.y) / image.height);
    if *scale < needed {
        *scale = needed;
    }
    let half = Point::new(*scale * image.width / 2.0, *scale * image.height / 2.0);
    let d = rotate(*center, -angle);
    let clamped = Point::new(
        clamp_to(d.x, max.x - half.x, min.x + half.x),
        clamp_to(d.y, max.y - half.y, min.y + half.y),
    );
    if clamped != d {
        *center = rotate(clamped, angle);
    }
}

/// Whether every corner of `cut` lies inside the image, with a tolerance of `tol` px.
pub fn covers(cut: &Rect, image: Size, angle: f64, center: Point, scale: f64, tol: f64) -> bool {
    cut.corners().iter().all(|&p| {
        let q = rotate(Point::new(p.x - center.x, p.y - center.y), -angle);
        q.x.abs() <= scale * image.width / 2.0 + tol && q.y.abs() <= scale * image.height / 2.0 + tol
    })
}
