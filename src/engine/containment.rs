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

// proptest is a native-only dev-dependency (wasm test builds compile the lib's tests too).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rect(x: f64, y: f64, w: f64, h: f64) -> Rect {
        Rect { x, y, width: w, height: h }
    }

    #[test]
    fn square_box_at_45_degrees_needs_root_two() {
        let cut = rect(0.0, 0.0, 200.0, 200.0);
        let s = min_covering_scale(&cut, Size::new(200.0, 200.0), 45.0);
        assert!((s - 2f64.sqrt()).abs() < 1e-12);
        let mut center = Point::new(100.0, 100.0);
        let mut scale = 1.0;
        contain(&cut, Size::new(200.0, 200.0), 45.0, &mut center, &mut scale);
        assert!((scale - 2f64.sqrt()).abs() < 1e-12);
        assert!((center.x - 100.0).abs() < 1e-9 && (center.y - 100.0).abs() < 1e-9);
    }

    #[test]
    fn pan_is_projected_not_scaled() {
        // A 400×200 image over a 200×200 box, dragged 300 px right: stops at its left edge.
        let cut = rect(0.0, 0.0, 200.0, 200.0);
        let mut center = Point::new(400.0, 100.0);
        let mut scale = 1.0;
        contain(&cut, Size::new(400.0, 200.0), 0.0, &mut center, &mut scale);
        assert_eq!(scale, 1.0);
        assert_eq!(center, Point::new(200.0, 100.0));
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

        #[test]
        fn contain_covers_minimally(
            x in -500.0..500.0f64, y in -500.0..500.0f64, w in 0.0..600.0f64, h in 0.0..600.0f64,
            iw in 1.0..900.0f64, ih in 1.0..900.0f64, angle in -400.0..400.0f64,
            cx in -1000.0..1000.0f64, cy in -1000.0..1000.0f64, scale in 0.01..5.0f64,
            probes in prop::collection::vec((-1.0..1.0f64, -1.0..1.0f64), 16),
        ) {
            let cut = rect(x, y, w, h);
            let image = Size::new(iw, ih);
            let before = (Point::new(cx, cy), scale);
            let (mut center, mut s) = before;
            contain(&cut, image, angle, &mut center, &mut s);
            let tol = 1e-9 * (1.0 + 2000.0 + s * iw.max(ih));
            prop_assert!(covers(&cut, image, angle, center, s, tol));
            // Scale: unchanged if enough, else exactly the minimum covering scale.
            let needed = min_covering_scale(&cut, image, angle);
            prop_assert!((s - scale.max(needed)).abs() <= 1e-12 * s.max(1.0));
            if covers(&cut, image, angle, before.0, scale, 0.0) {
                prop_assert_eq!(center, before.0);
                prop_assert_eq!(s, scale);
            }
            // Position: no covering centre (at the final scale) is nearer the original one.
            let moved = (center.x - cx).hypot(center.y - cy);
            for (px, py) in probes {
                let p = Point::new(cx + px * moved, cy + py * moved);
                if covers(&cut, image, angle, p, s, -tol) {
                    prop_assert!((p.x - cx).hypot(p.y - cy) >= moved - tol);
                }
            }
        }
    }
}
