//! Plane geometry shared by the engine and the export pipeline.
//!
//! Screen convention everywhere: x to the right, y **down**, angles in degrees, positive =
//! clockwise on screen (as CSS `rotate()`). Pixel `i` covers `[i, i + 1)`, so its centre is
//! `i + 0.5`.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

impl Point {
    pub const fn new(x: f64, y: f64) -> Self {
        Point { x, y }
    }
}

/// Rotates `v` by `deg` degrees, clockwise on screen (y down).
pub fn rotate(v: Point, deg: f64) -> Point {
    let (s, c) = deg.to_radians().sin_cos();
    Point::new(v.x * c - v.y * s, v.x * s + v.y * c)
}

/// The crop as the export sees it: an affine map from **output** pixels to **source** pixels.
///
/// Source coordinates are in the image *as displayed*, i.e. after its EXIF orientation is
/// applied (what `<image>` shows and what `bindimageload` reports). For an output pixel centre
/// `o = (ox + 0.5, oy + 0.5)`:
///
/// ```text
/// u      = o - (out_width / 2, out_height / 2)
/// source = (center_x, center_y) + F · R(-angle) · u / scale
/// ```
///
/// where `R(a)` is [`rotate`] by `a` degrees and `F = diag(flip_x ? -1 : 1, flip_y ? -1 : 1)`.
/// In words: the image is shown rotated clockwise by `angle` (after flipping), and `scale`
/// output pixels span one source pixel.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CropMap {
    pub center_x: f64,
    pub center_y: f64,
    pub angle: f64,
    pub scale: f64,
    pub flip_x: bool,
    pub flip_y: bool,
    pub out_width: u32,
    pub out_height: u32,
}

impl CropMap {
    /// Source point (displayed frame) of the continuous output point `o`.
    pub fn output_to_source(&self, o: Point) -> Point {
        let u = Point::new(
            (o.x - self.out_width as f64 / 2.0) / self.scale,
            (o.y - self.out_height as f64 / 2.0) / self.scale,
        );
        let r = rotate(u, -self.angle);
        let fx = if self.flip_x { -1.0 } else { 1.0 };
        let fy = if self.flip_y { -1.0 } else { 1.0 };
        Point::new(self.center_x + fx * r.x, self.center_y + fy * r.y)
    }
}
