//! What the component draws: one plain struct it can `setData` directly.

use serde::{Deserialize, Serialize};

/// The image as CSS draws it: `translate(x - width/2, y - height/2) rotate(angle)
/// scale(scale * flipX, scale * flipY)` with `transform-origin: center`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RenderImage {
    /// Image centre, viewport px.
    pub x: f64,
    pub y: f64,
    /// Displayed size at scale 1, px (0 × 0 before an image is loaded).
    pub width: f64,
    pub height: f64,
    pub scale: f64,
    /// Degrees, clockwise.
    pub angle: f64,
    pub flip_x: bool,
    pub flip_y: bool,
}

/// The crop box, viewport px (top-left and size).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RenderCut {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Render {
    pub img: RenderImage,
    pub cut: RenderCut,
    /// The change should be animated (box re-centring after a gesture, rotate, flip, …).
    pub animate: bool,
    /// The touch that just ended was a tap inside the crop box.
    pub tap: bool,
    /// The crop is the ellipse inscribed in the box (`shape` "circle" / "ellipse"): the view
    /// masks outside that ellipse.
    pub round: bool,
}
