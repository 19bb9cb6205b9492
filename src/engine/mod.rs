//! The cropper state machine: layout, gestures, methods, containment.
//!
//! One file per concern: `props` (the original's properties and their defaults, validated),
//! `output` (the output properties: export options and size), `layout` (the box and the
//! displayed image size from the properties), `gestures` (touches), `methods` (the original's
//! methods plus rotate/flip/aspect), `containment` (`limit_move` at any angle), `crop_data`
//! (source-pixel crop data and the export map), `render` (what the component draws), `checks`
//! (input validation and the clamps shared by several calls), `invariants` (the state every
//! call ends with, checked by the tests and the fuzz target).
//!
//! Every entry point validates its numbers (see `checks`), so nothing here panics or produces
//! NaN / Infinity, whatever the sequence of calls.

pub mod checks;
pub mod containment;
pub mod crop_data;
pub mod gestures;
pub mod invariants;
pub mod layout;
pub mod methods;
pub mod output;
pub mod props;
pub mod render;

pub use crop_data::{CropData, OutputSize};
pub use layout::{Rect, Size};
pub use output::OutputProps;
pub use props::{Length, LengthValue, PropValues, Props, PropsPatch};
pub use render::{Render, RenderCut, RenderImage};

use crate::error::{CropError, Result};
use crate::geometry::Point;
use gestures::Gesture;

/// The engine behind one cropper component.
#[derive(Clone, Debug)]
pub struct Cropper {
    viewport: Size,
    props: Props,
    /// Natural size of the loaded image in its displayed frame (source px).
    image: Option<Size>,
    /// Displayed size at scale 1 (viewport px); 0 × 0 before an image is loaded.
    img_size: Size,
    /// Image centre, viewport px.
    center: Point,
    scale: f64,
    angle: f64,
    flip_x: bool,
    flip_y: bool,
    cut: Rect,
    gesture: Gesture,
    /// Per call: whether the returned render should animate / reports a tap.
    animate: bool,
    tap: bool,
}

impl Cropper {
    /// A cropper for a viewport (window) of `viewport_w × viewport_h` px (each side in
    /// `[1, 1e6]`), with the original's default properties and no image.
    pub fn new(viewport_w: f64, viewport_h: f64) -> Result<Cropper> {
        let viewport = Size::new(
            checks::side(viewport_w, "viewport width")?,
            checks::side(viewport_h, "viewport height")?,
        );
        let props = Props::default();
        let cut = layout::box_from_props(&props, viewport);
        Ok(Cropper {
            viewport,
            center: Point::new(viewport.width / 2.0, viewport.height / 2.0),
            scale: props.scale,
            angle: props.angle,
            props,
            image: None,
            img_size: Size::default(),
            flip_x: false,
            flip_y: false,
            cut,
            gesture: Gesture::default(),
            animate: false,
            tap: false,
        })
    }

    pub fn viewport(&self) -> Size {
        self.viewport
    }

    pub fn props(&self) -> &Props {
        &self.props
    }

    /// Natural size (displayed frame) of the loaded image, if any.
    pub fn image(&self) -> Option<Size> {
        self.image
    }

    /// Applies changed properties (atomically: on error nothing changes).
    ///
    /// - box keys (`width`, `height`, `min_*`, `max_*`, `cut_top`, `cut_left`,
    ///   `aspect_ratio`): the box takes the size and position the patch sets and keeps the
    ///   rest, within the bounds (`layout::relayout_box`);
    /// - `img_width` / `img_height`: the displayed image size is computed again;
    /// - `scale` / `angle`: set as given (not clamped, as the original);
    /// - then, with `limit_move`, the angle snaps to a multiple of 90° (unless
    ///   `limit_any_angle`) and the image is adjusted to cover the box.
    pub fn set_props(&mut self, patch: &PropsPatch) -> Result<Render> {
        let props = self.props.patched(patch)?;
        self.begin_call();
        self.props = props;
        if patch.touches_box() {
            self.cut = layout::relayout_box(&self.props, patch, self.cut, self.viewport);
        }
        if patch.touches_image_size() {
            self.update_image_size();
        }
        if let Some(scale) = patch.scale {
            self.scale = scale;
        }
        if let Some(angle) = patch.angle {
            self.angle = angle;
        }
        Ok(self.finish_call())
    }

    /// A new image of `width × height` px (each in `[1, 1e6]`) as displayed (after EXIF
    /// orientation): displayed size from the properties, centred in the viewport at the
    /// properties' scale and angle, unflipped.
    pub fn load_image(&mut self, width: f64, height: f64) -> Result<Render> {
        let natural = Size::new(checks::side(width, "image width")?, checks::side(height, "image height")?);
        self.begin_call();
        self.image = Some(natural);
        self.update_image_size();
        self.center = self.viewport_center();
        self.scale = self.props.scale;
        self.angle = self.props.angle;
        self.flip_x = false;
        self.flip_y = false;
        self.gesture = Gesture::default();
        Ok(self.finish_call())
    }

    /// The current state as the component draws it (`animate` and `tap` false: those belong
    /// to the render a call returns).
    pub fn render(&self) -> Render {
        Render { animate: false, tap: false, ..self.output() }
    }

    /// The render a call returns: the state plus that call's `animate` / `tap`.
    fn output(&self) -> Render {
        Render {
            img: RenderImage {
                x: self.center.x,
                y: self.center.y,
                width: self.img_size.width,
                height: self.img_size.height,
                scale: self.scale,
                angle: self.angle,
                flip_x: self.flip_x,
                flip_y: self.flip_y,
            },
            cut: RenderCut { x: self.cut.x, y: self.cut.y, width: self.cut.width, height: self.cut.height },
            animate: self.animate,
            tap: self.tap,
            round: self.props.output.mask == crate::export::options::Shape::Ellipse,
        }
    }

    /// The crop box, viewport px.
    pub fn cut(&self) -> Rect {
        self.cut
    }

    /// Whether the box is inside the image (tolerance `tol` px); always true without an image.
    pub fn image_covers_box(&self, tol: f64) -> bool {
        self.image.is_none()
            || containment::covers(&self.cut, self.img_size, self.angle, self.center, self.scale, tol)
    }

    /// `angle` as the properties allow it: with `limit_move` (and not `limit_any_angle`) the
    /// nearest multiple of 90°, as the original's `angle` and `limit_move` watchers force it.
    pub(super) fn allowed_angle(&self, angle: f64) -> f64 {
        if self.props.snaps_angle() {
            checks::snap_quarter(angle)
        } else {
            angle
        }
    }

    fn viewport_center(&self) -> Point {
        Point::new(self.viewport.width / 2.0, self.viewport.height / 2.0)
    }

    /// Resets the per-call flags of the render.
    fn begin_call(&mut self) {
        self.animate = false;
        self.tap = false;
    }

    fn require_image(&self) -> Result<Size> {
        self.image.ok_or_else(CropError::no_image)
    }

    fn update_image_size(&mut self) {
        if let Some(natural) = self.image {
            self.img_size = layout::image_display_size(&self.props, natural, &self.cut, self.viewport);
        }
    }

    /// The end of every call that is not a touch: the invariants, then a new baseline for a
    /// gesture in progress (its start values are stale once a property or method moved the box
    /// or the image, and the next touchmove would jump back), then the render.
    fn finish_call(&mut self) -> Render {
        self.enforce_limits();
        self.rebaseline_gesture();
        self.output()
    }

    /// The invariants every call ends with: angle and image position bounded; with
    /// `limit_move`, the angle a multiple of 90° (unless `limit_any_angle`) and, with an image,
    /// the image covering the box.
    fn enforce_limits(&mut self) {
        self.angle = self.allowed_angle(checks::wrap_angle(self.angle));
        // Keeps repeated pans from drifting without bound (never reached in practice). Relative
        // to the box, so moving box and image together (re-centring, crop data) is exact.
        let m = checks::MAX_COORD;
        let bc = self.cut.center();
        self.center.x = self.center.x.clamp(bc.x - m, bc.x + m);
        self.center.y = self.center.y.clamp(bc.y - m, bc.y + m);
        if self.props.limit_move && self.image.is_some() {
            containment::contain(&self.cut, self.img_size, self.angle, &mut self.center, &mut self.scale);
        }
    }
}
