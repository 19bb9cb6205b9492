//! Initial layout as the original: crop box size and position, displayed image size.

use super::checks::clamp_to;
use super::props::{Props, PropsPatch};
use crate::geometry::Point;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Size {
    pub width: f64,
    pub height: f64,
}

impl Size {
    pub const fn new(width: f64, height: f64) -> Self {
        Size { width, height }
    }
}

/// Axis-aligned rectangle in viewport px (the crop box).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    pub fn center(&self) -> Point {
        Point::new(self.x + self.width / 2.0, self.y + self.height / 2.0)
    }

    /// Corners clockwise from the top-left.
    pub fn corners(&self) -> [Point; 4] {
        let (r, b) = (self.x + self.width, self.y + self.height);
        [Point::new(self.x, self.y), Point::new(r, self.y), Point::new(r, b), Point::new(self.x, b)]
    }

    /// Closed containment (the original's tap test uses `>=` / `<=`).
    pub fn contains(&self, p: Point) -> bool {
        p.x >= self.x && p.x <= self.x + self.width && p.y >= self.y && p.y <= self.y + self.height
    }
}

/// Smallest crop box side, px (`min_width: 0` and `width: 0` give a 1 px box, not an empty one).
pub const MIN_BOX_SIDE: f64 = 1.0;

/// Size bounds of the crop box on one axis: the property limits, capped by what fits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bounds {
    pub lo: f64,
    pub hi: f64,
}

impl Bounds {
    /// `[min, max]` capped at `room`; the cap wins over `min` (a box never leaves the viewport).
    /// A side is never below [`MIN_BOX_SIDE`] (unless the room is smaller), so crop data and
    /// export always have a non-empty box.
    pub fn new(min: f64, max: f64, room: f64) -> Self {
        let hi = max.min(room).max(0.0);
        Bounds { lo: min.max(MIN_BOX_SIDE).min(hi), hi }
    }

    pub fn clamp(&self, v: f64) -> f64 {
        clamp_to(v, self.lo, self.hi)
    }
}

/// Box size for a requested `w × h` within the bounds; with a ratio lock (`ratio > 0`) the
/// result keeps `w / h == ratio` when the bounds allow one (the width is the driver), else
/// `None`.
pub fn fit_size(w: f64, h: f64, ratio: f64, bw: Bounds, bh: Bounds) -> Option<Size> {
    if ratio > 0.0 {
        let lo = bw.lo.max(bh.lo * ratio);
        let hi = bw.hi.min(bh.hi * ratio);
        if lo > hi {
            return None;
        }
        let width = w.max(lo).min(hi);
        // Width and height both land inside their bounds up to rounding; clamp the height so
        // the invariant "box within min/max and viewport" holds exactly.
        Some(Size::new(width, bh.clamp(width / ratio)))
    } else {
        Some(Size::new(bw.clamp(w), bh.clamp(h)))
    }
}

/// Size bounds of a box set by a property or a method (`width` / `height`, `setCutSize`,
/// `aspect_ratio`, crop data): at least `min_*`, at most the viewport. `max_*` bounds only the
/// box a finger resizes: the original clamps `width` below `min_width` (its watcher) and above
/// the window (`_computeCutSize`), and nothing else.
pub fn set_bounds(props: &Props, viewport: Size) -> (Bounds, Bounds) {
    (
        Bounds::new(props.min_width, f64::INFINITY, viewport.width),
        Bounds::new(props.min_height, f64::INFINITY, viewport.height),
    )
}

/// The crop box the properties ask for in a `viewport`: size within [`set_bounds`] (ratio
/// kept when one is set and possible), position from `cut_left`/`cut_top` clamped inside the
/// viewport, or centred on an axis whose position is not given.
pub fn box_from_props(props: &Props, viewport: Size) -> Rect {
    let (bw, bh) = set_bounds(props, viewport);
    let size = fit_size(props.width, props.height, props.aspect_ratio, bw, bh)
        .unwrap_or_else(|| Size::new(bw.clamp(props.width), bh.clamp(props.height)));
    let x = match props.cut_left {
        Some(left) => clamp_to(left, 0.0, viewport.width - size.width),
        None => (viewport.width - size.width) / 2.0,
    };
    let y = match props.cut_top {
        Some(top) => clamp_to(top, 0.0, viewport.height - size.height),
        None => (viewport.height - size.height) / 2.0,
    };
    Rect { x, y, width: size.width, height: size.height }
}

/// The crop box after a property patch that touches it, from the box `current` on screen: a
/// size or position the patch sets comes from the properties, anything else stays as it is
/// (the original's properties are its state: its `width` watcher and `_computeCutSize` keep
/// `cut_left`, so the box keeps its left edge; a finger-resized box keeps its size when, say,
/// `min_height` changes). A `cut_top` / `cut_left` set to null centres that axis. The size is
/// held to [`set_bounds`] (ratio kept when one is set and possible); the box keeps its top-left
/// unless only the aspect ratio changed, which keeps its centre (as `setAspectRatio`); then it
/// is clamped inside the viewport.
pub fn relayout_box(props: &Props, patch: &PropsPatch, current: Rect, viewport: Size) -> Rect {
    let (bw, bh) = set_bounds(props, viewport);
    let w = if patch.width.is_some() { props.width } else { current.width };
    let h = if patch.height.is_some() { props.height } else { current.height };
    let size =
        fit_size(w, h, props.aspect_ratio, bw, bh).unwrap_or_else(|| Size::new(bw.clamp(w), bh.clamp(h)));
    let ratio_only = patch.aspect_ratio.is_some() && patch.width.is_none() && patch.height.is_none();
    let keep = |given: Option<Option<f64>>, start: f64, old_side: f64, new_side: f64, room: f64| match given {
        Some(Some(v)) => clamp_to(v, 0.0, room - new_side),
        Some(None) => (room - new_side) / 2.0,
        None if ratio_only => clamp_to(start + (old_side - new_side) / 2.0, 0.0, room - new_side),
        None => clamp_to(start, 0.0, room - new_side),
    };
    Rect {
        x: keep(patch.cut_left, current.x, current.width, size.width, viewport.width),
        y: keep(patch.cut_top, current.y, current.height, size.height, viewport.height),
        width: size.width,
        height: size.height,
    }
}

/// Displayed image size at scale 1 for an image of `natural` size (displayed frame):
/// - neither `img_width` nor `img_height`: the image covers the crop box (its smaller side,
///   relative to the box, fills the box), as the original;
/// - one of them: the other follows the image's aspect ratio;
/// - both: the image is fitted inside `img_width × img_height` keeping its aspect ratio
///   (the original stretches; we keep one scale so crop data and export stay exact).
pub fn image_display_size(props: &Props, natural: Size, cut: &Rect, viewport: Size) -> Size {
    let aspect = natural.width / natural.height;
    let w = props.img_width.map(|l| l.resolve(viewport.width));
    let h = props.img_height.map(|l| l.resolve(viewport.height));
    let size = match (w, h) {
        (None, None) => {
            if aspect > cut.width / cut.height {
                Size::new(cut.height * aspect, cut.height)
            } else {
                Size::new(cut.width, cut.width / aspect)
            }
        }
        (Some(w), None) => Size::new(w, w / aspect),
        (None, Some(h)) => Size::new(h * aspect, h),
        (Some(w), Some(h)) => {
            if aspect > w / h {
                Size::new(w, w / aspect)
            } else {
                Size::new(h * aspect, h)
            }
        }
    };
    sane_size(size, natural)
}

/// Guards the degenerate cases (a zero-sized box, a percentage of 0.0001 %) so the displayed
/// size is always finite and positive: fall back to the natural size.
fn sane_size(size: Size, natural: Size) -> Size {
    let ok = |v: f64| v.is_finite() && v >= 1.0e-6;
    if ok(size.width) && ok(size.height) {
        size
    } else {
        natural
    }
}
