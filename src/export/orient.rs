//! EXIF orientation without rotating pixels: the CropMap speaks about the *displayed* frame, the
//! decoders about the *stored* frame. We compose the map with the orientation's (integer) affine
//! map, so the resampler reads stored pixels directly and no rotated copy of the image exists.

use crate::geometry::{CropMap, Point};

/// `p' = (a·x + b·y + tx, c·x + d·y + ty)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Affine {
    pub a: f64,
    pub b: f64,
    pub c: f64,
    pub d: f64,
    pub tx: f64,
    pub ty: f64,
}

impl Affine {
    pub fn apply(&self, p: Point) -> Point {
        Point::new(self.a * p.x + self.b * p.y + self.tx, self.c * p.x + self.d * p.y + self.ty)
    }

    /// `self ∘ inner`: first `inner`, then `self`.
    pub fn after(&self, inner: &Affine) -> Affine {
        Affine {
            a: self.a * inner.a + self.b * inner.c,
            b: self.a * inner.b + self.b * inner.d,
            c: self.c * inner.a + self.d * inner.c,
            d: self.c * inner.b + self.d * inner.d,
            tx: self.a * inner.tx + self.b * inner.ty + self.tx,
            ty: self.c * inner.tx + self.d * inner.ty + self.ty,
        }
    }

    /// The CropMap as an affine map of continuous output coordinates (pixel centres at i + 0.5).
    pub fn from_crop_map(map: &CropMap) -> Affine {
        let t = map.output_to_source(Point::new(0.0, 0.0));
        let ex = map.output_to_source(Point::new(1.0, 0.0));
        let ey = map.output_to_source(Point::new(0.0, 1.0));
        Affine { a: ex.x - t.x, b: ey.x - t.x, c: ex.y - t.y, d: ey.y - t.y, tx: t.x, ty: t.y }
    }
}

/// Orientations 5..8 swap width and height on display.
pub fn swaps_axes(orientation: u8) -> bool {
    matches!(orientation, 5..=8)
}

/// Displayed size of a stored `width × height` image with EXIF `orientation` (1..8; anything
/// else is treated as 1, as browsers do).
pub fn displayed_size(orientation: u8, width: u32, height: u32) -> (u32, u32) {
    if swaps_axes(orientation) {
        (height, width)
    } else {
        (width, height)
    }
}

/// Maps displayed coordinates to stored coordinates (continuous, pixel i covers [i, i+1)).
///
/// Orientation n means "apply this to the stored image to display it": 2 mirror, 3 rotate 180°,
/// 4 flip, 5 transpose, 6 rotate 90° clockwise, 7 transverse, 8 rotate 90° counter-clockwise.
pub fn displayed_to_stored(orientation: u8, width: u32, height: u32) -> Affine {
    let (w, h) = (width as f64, height as f64);
    let m = |a, b, c, d, tx, ty| Affine { a, b, c, d, tx, ty };
    match orientation {
        2 => m(-1.0, 0.0, 0.0, 1.0, w, 0.0),
        3 => m(-1.0, 0.0, 0.0, -1.0, w, h),
        4 => m(1.0, 0.0, 0.0, -1.0, 0.0, h),
        5 => m(0.0, 1.0, 1.0, 0.0, 0.0, 0.0),
        // Stored (sx, sy) shows at (h - sy, sx).
        6 => m(0.0, 1.0, -1.0, 0.0, 0.0, h),
        7 => m(0.0, -1.0, -1.0, 0.0, w, h),
        // Stored (sx, sy) shows at (sy, w - sx).
        8 => m(0.0, -1.0, 1.0, 0.0, w, 0.0),
        _ => m(1.0, 0.0, 0.0, 1.0, 0.0, 0.0),
    }
}

/// Output pixel coordinates → stored full-resolution coordinates.
pub fn output_to_stored(map: &CropMap, orientation: u8, width: u32, height: u32) -> Affine {
    displayed_to_stored(orientation, width, height).after(&Affine::from_crop_map(map))
}
