//! `Cropper`: the engine as a JS class (see docs/architecture.md, "wasm boundary").
//!
//! Thin: JS values in, one engine call, a plain JS object out (`Render`, crop data, `CropMap`).
//! Errors are JS `Error`s with a `code`. Touches may come as `[{x, y}]` (or WeChat touch
//! objects, see [`TOUCH_FIELDS`]) or, cheaper, as a flat `Float64Array` `[x0, y0, x1, y1, …]`
//! through the `…XY` variants.

use js_sys::{Array, Reflect};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use super::{from_js, to_js, to_js_error};
use crate::engine::{self, methods::Transform, CropData, OutputSize, Props, PropsPatch, Render};
use crate::error::CropError;
use crate::export::{ExportOptions, FileType, Shape};
use crate::geometry::Point;

/// More fingers than this are counted as this many (only two are ever used).
const MAX_TOUCHES: u32 = 10;

/// Where a touch object's position is read, per axis, first present number wins:
/// `clientX` (a WeChat touch: the viewport position, which the full-window component needs),
/// then `x` (the plain `{x, y}` of this API, and canvas touches), then `pageX`. The component's
/// `gestures.js` flattens touches with the same rule (tests/component/gestures.test.js checks
/// that both read the same point).
pub const TOUCH_FIELDS: [[&str; 3]; 2] = [["clientX", "x", "pageX"], ["clientY", "y", "pageY"]];

#[wasm_bindgen(js_name = Cropper)]
pub struct Cropper {
    inner: engine::Cropper,
}

fn render_js(r: crate::error::Result<Render>) -> Result<JsValue, JsValue> {
    to_js(&r.map_err(to_js_error)?)
}

/// `setTransform`'s argument: every field optional (missing or null = 0, as the original).
#[derive(Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct TransformInput {
    x: Option<f64>,
    y: Option<f64>,
    angle: Option<f64>,
    scale: Option<f64>,
    cut_x: Option<f64>,
    cut_y: Option<f64>,
}

/// `setCropData`'s argument: missing fields keep their current value (as Cropper.js).
#[derive(Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct CropDataInput {
    x: Option<f64>,
    y: Option<f64>,
    width: Option<f64>,
    height: Option<f64>,
    rotate: Option<f64>,
    scale_x: Option<f64>,
    scale_y: Option<f64>,
}

/// `exportMap`'s argument.
#[derive(Default, Deserialize)]
#[serde(default)]
struct OutputSizeInput {
    mode: Option<String>,
    width: Option<f64>,
    height: Option<f64>,
}

/// `exportOptions()`: the options object `exportImage` takes, from the output properties.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExportOptionsOutput {
    file_type: &'static str,
    quality: f32,
    fill_color: String,
    shape: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_bytes: Option<f64>,
}

impl ExportOptionsOutput {
    fn new(o: &ExportOptions) -> Self {
        let [r, g, b, a] = o.fill;
        ExportOptionsOutput {
            file_type: match o.file_type {
                FileType::Png => "png",
                FileType::Jpeg => "jpg",
            },
            quality: o.quality,
            fill_color: format!("#{r:02x}{g:02x}{b:02x}{a:02x}"),
            shape: match o.shape {
                Shape::Rect => "rect",
                Shape::Ellipse => "ellipse",
            },
            max_bytes: o.max_bytes.map(|b| b as f64),
        }
    }
}

fn invalid(message: impl Into<String>) -> JsValue {
    to_js_error(CropError::invalid(message))
}

/// The first of `names` present on `obj` as a number.
fn number_field(obj: &JsValue, names: &[&str]) -> Option<f64> {
    names.iter().find_map(|name| Reflect::get(obj, &JsValue::from_str(name)).ok()?.as_f64())
}

/// `[{x, y}]` (or WeChat touches, read as [`TOUCH_FIELDS`] says) as points; anything else is
/// an `invalid_option` error naming what is missing.
fn touches_from_js(value: &JsValue) -> Result<Vec<Point>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(Vec::new());
    }
    if !Array::is_array(value) {
        return Err(invalid("touches must be an array of {x, y}"));
    }
    let array: &Array = value.unchecked_ref();
    let n = array.length().min(MAX_TOUCHES);
    let mut points = Vec::with_capacity(n as usize);
    for i in 0..n {
        let t = array.get(i);
        if !t.is_object() {
            return Err(invalid(format!("touch {i} must be an object with x and y")));
        }
        let [xs, ys] = TOUCH_FIELDS;
        let x = number_field(&t, &xs)
            .ok_or_else(|| invalid(format!("touch {i} has no numeric clientX, x or pageX")))?;
        let y = number_field(&t, &ys)
            .ok_or_else(|| invalid(format!("touch {i} has no numeric clientY, y or pageY")))?;
        points.push(Point::new(x, y));
    }
    Ok(points)
}

/// A flat `[x0, y0, x1, y1, …]` as points (an odd length is an error).
fn touches_from_xy(xy: &[f64]) -> Result<Vec<Point>, JsValue> {
    if xy.len() % 2 != 0 {
        return Err(invalid("touch coordinates must come in x, y pairs"));
    }
    Ok(xy.chunks_exact(2).take(MAX_TOUCHES as usize).map(|c| Point::new(c[0], c[1])).collect())
}

/// `exportMap`'s options; `undefined` / `null`: the output properties' size.
fn output_size_from_js(value: JsValue, inner: &engine::Cropper) -> Result<OutputSize, JsValue> {
    if value.is_undefined() || value.is_null() {
        return inner.output_size().map_err(to_js_error);
    }
    let input: OutputSizeInput = from_js(value, "exportMap options")?;
    OutputSize::from_mode(input.mode.as_deref().unwrap_or("scale"), input.width, input.height)
        .map_err(|e| to_js_error(CropError { message: format!("exportMap {}", e.message), ..e }))
}

/// The properties' defaults as JS values, with the component's names: the one definition the
/// component's `properties` read (scripts/package.js writes them to `core/defaults.js`).
#[wasm_bindgen(js_name = propDefaults)]
pub fn prop_defaults() -> Result<JsValue, JsValue> {
    to_js(&Props::default().values())
}

#[wasm_bindgen(js_class = Cropper)]
impl Cropper {
    /// `new Cropper(viewportWidth, viewportHeight)`: the window size in px.
    #[wasm_bindgen(constructor)]
    pub fn new(viewport_width: f64, viewport_height: f64) -> Result<Cropper, JsValue> {
        engine::Cropper::new(viewport_width, viewport_height)
            .map(|inner| Cropper { inner })
            .map_err(to_js_error)
    }

    /// Changed properties with the component's snake_case names (the original's and ours).
    #[wasm_bindgen(js_name = setProps)]
    pub fn set_props(&mut self, patch: JsValue) -> Result<JsValue, JsValue> {
        let patch: PropsPatch = if patch.is_undefined() || patch.is_null() {
            PropsPatch::default()
        } else {
            from_js(patch, "setProps")?
        };
        render_js(self.inner.set_props(&patch))
    }

    /// The property values in force (what `setProps` accepted, as JS values).
    #[wasm_bindgen(js_name = getProps)]
    pub fn get_props(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.props().values())
    }

    /// The options for `exportImage` that the output properties give.
    #[wasm_bindgen(js_name = exportOptions)]
    pub fn export_options(&self) -> Result<JsValue, JsValue> {
        let options = self.inner.export_options().map_err(to_js_error)?;
        to_js(&ExportOptionsOutput::new(&options))
    }

    /// The loaded image's size as displayed (after EXIF orientation).
    #[wasm_bindgen(js_name = loadImage)]
    pub fn load_image(&mut self, width: f64, height: f64) -> Result<JsValue, JsValue> {
        render_js(self.inner.load_image(width, height))
    }

    /// The current render (`animate` and `tap` false).
    pub fn render(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.render())
    }

    #[wasm_bindgen(js_name = touchStart)]
    pub fn touch_start(&mut self, touches: JsValue, time_ms: f64) -> Result<JsValue, JsValue> {
        let touches = touches_from_js(&touches)?;
        render_js(self.inner.touch_start(&touches, time_ms))
    }

    /// `undefined` when nothing visible changed.
    #[wasm_bindgen(js_name = touchMove)]
    pub fn touch_move(&mut self, touches: JsValue, time_ms: f64) -> Result<JsValue, JsValue> {
        let touches = touches_from_js(&touches)?;
        self.moved(&touches, time_ms)
    }

    /// `Render.tap` is true for a tap inside the box.
    #[wasm_bindgen(js_name = touchEnd)]
    pub fn touch_end(&mut self, touches: JsValue, time_ms: f64) -> Result<JsValue, JsValue> {
        let touches = touches_from_js(&touches)?;
        render_js(self.inner.touch_end(&touches, time_ms))
    }

    /// `touchStart` with a flat `Float64Array` `[x0, y0, x1, y1, …]`.
    #[wasm_bindgen(js_name = touchStartXY)]
    pub fn touch_start_xy(&mut self, xy: &[f64], time_ms: f64) -> Result<JsValue, JsValue> {
        render_js(self.inner.touch_start(&touches_from_xy(xy)?, time_ms))
    }

    #[wasm_bindgen(js_name = touchMoveXY)]
    pub fn touch_move_xy(&mut self, xy: &[f64], time_ms: f64) -> Result<JsValue, JsValue> {
        let touches = touches_from_xy(xy)?;
        self.moved(&touches, time_ms)
    }

    #[wasm_bindgen(js_name = touchEndXY)]
    pub fn touch_end_xy(&mut self, xy: &[f64], time_ms: f64) -> Result<JsValue, JsValue> {
        render_js(self.inner.touch_end(&touches_from_xy(xy)?, time_ms))
    }

    #[wasm_bindgen(js_name = setCutXY)]
    pub fn set_cut_xy(&mut self, x: f64, y: f64) -> Result<JsValue, JsValue> {
        render_js(self.inner.set_cut_xy(x, y))
    }

    #[wasm_bindgen(js_name = setCutSize)]
    pub fn set_cut_size(&mut self, width: f64, height: f64) -> Result<JsValue, JsValue> {
        render_js(self.inner.set_cut_size(width, height))
    }

    #[wasm_bindgen(js_name = setCutCenter)]
    pub fn set_cut_center(&mut self) -> Result<JsValue, JsValue> {
        render_js(self.inner.set_cut_center())
    }

    /// Not clamped to min_scale..max_scale (as the original).
    #[wasm_bindgen(js_name = setScale)]
    pub fn set_scale(&mut self, scale: f64) -> Result<JsValue, JsValue> {
        render_js(self.inner.set_scale(scale))
    }

    #[wasm_bindgen(js_name = setAngle)]
    pub fn set_angle(&mut self, angle: f64) -> Result<JsValue, JsValue> {
        render_js(self.inner.set_angle(angle))
    }

    /// Relative `{x, y, angle, scale, cutX, cutY}`; missing fields are 0; `undefined` does
    /// nothing (as the original).
    #[wasm_bindgen(js_name = setTransform)]
    pub fn set_transform(&mut self, transform: JsValue) -> Result<JsValue, JsValue> {
        let t: TransformInput = if transform.is_undefined() || transform.is_null() {
            TransformInput::default()
        } else {
            from_js(transform, "setTransform")?
        };
        let t = Transform {
            x: t.x.unwrap_or(0.0),
            y: t.y.unwrap_or(0.0),
            angle: t.angle.unwrap_or(0.0),
            scale: t.scale.unwrap_or(0.0),
            cut_x: t.cut_x.unwrap_or(0.0),
            cut_y: t.cut_y.unwrap_or(0.0),
        };
        render_js(self.inner.set_transform(&t))
    }

    #[wasm_bindgen(js_name = imgReset)]
    pub fn img_reset(&mut self) -> Result<JsValue, JsValue> {
        render_js(self.inner.img_reset())
    }

    /// Turns the image by `degrees`, clockwise.
    pub fn rotate(&mut self, degrees: f64) -> Result<JsValue, JsValue> {
        render_js(self.inner.rotate(degrees))
    }

    /// A quarter turn clockwise.
    pub fn rotate90(&mut self) -> Result<JsValue, JsValue> {
        render_js(self.inner.rotate90())
    }

    /// Mirrors the image: `true` horizontally, `false` vertically.
    pub fn flip(&mut self, horizontal: bool) -> Result<JsValue, JsValue> {
        render_js(self.inner.flip(horizontal))
    }

    /// Locks the box's width / height ratio; 0 = free.
    #[wasm_bindgen(js_name = setAspectRatio)]
    pub fn set_aspect_ratio(&mut self, ratio: f64) -> Result<JsValue, JsValue> {
        render_js(self.inner.set_aspect_ratio(ratio))
    }

    /// `{x, y, width, height, rotate, scaleX, scaleY}` in source pixels.
    #[wasm_bindgen(js_name = getCropData)]
    pub fn get_crop_data(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.crop_data().map_err(to_js_error)?)
    }

    /// Shows the given crop (source pixels); missing fields keep their current value.
    #[wasm_bindgen(js_name = setCropData)]
    pub fn set_crop_data(&mut self, data: JsValue) -> Result<JsValue, JsValue> {
        let current = self.inner.crop_data().map_err(to_js_error)?;
        let input: CropDataInput = if data.is_undefined() || data.is_null() {
            CropDataInput::default()
        } else {
            from_js(data, "setCropData")?
        };
        let data = CropData {
            x: input.x.unwrap_or(current.x),
            y: input.y.unwrap_or(current.y),
            width: input.width.unwrap_or(current.width),
            height: input.height.unwrap_or(current.height),
            rotate: input.rotate.unwrap_or(current.rotate),
            scale_x: input.scale_x.unwrap_or(current.scale_x),
            scale_y: input.scale_y.unwrap_or(current.scale_y),
        };
        render_js(self.inner.set_crop_data(&data))
    }

    /// `{mode: 'scale' | 'source' | 'size', width, height}` (mode default `'scale'`; without
    /// options, `export_mode` / `export_width` / `export_height`) → `CropMap`
    /// `{centerX, centerY, angle, scale, flipX, flipY, outWidth, outHeight}`.
    #[wasm_bindgen(js_name = exportMap)]
    pub fn export_map(&self, options: JsValue) -> Result<JsValue, JsValue> {
        let size = output_size_from_js(options, &self.inner)?;
        to_js(&self.inner.export_map(size).map_err(to_js_error)?)
    }
}

impl Cropper {
    fn moved(&mut self, touches: &[Point], time_ms: f64) -> Result<JsValue, JsValue> {
        match self.inner.touch_move(touches, time_ms).map_err(to_js_error)? {
            Some(render) => to_js(&render),
            None => Ok(JsValue::UNDEFINED),
        }
    }
}
