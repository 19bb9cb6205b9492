//! `probe`, `exportImage`, `exportRgba`: the export pipeline for JS (see docs/architecture.md).
//! Options and maps arrive as plain JS objects; results leave as `{bytes: Uint8Array, width,
//! height, type}`. Every failure is a JS `Error` with a `code`.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{from_js, to_js, to_js_error};
use crate::error::CropError;
use crate::export::{self, ExportOptions, ExportOptionsInput, ExportOutput};
use crate::geometry::CropMap;

/// `{format: 'jpeg'|'png'|'gif'|'bmp', width, height, orientation}`; width/height as displayed
/// (after EXIF orientation).
#[wasm_bindgen]
pub fn probe(bytes: &[u8]) -> Result<JsValue, JsValue> {
    to_js(&export::probe(bytes).map_err(to_js_error)?)
}

/// Exports the crop `map` (a CropMap from `Cropper.exportMap`) of the encoded image `bytes`.
#[wasm_bindgen(js_name = exportImage)]
pub fn export_image(bytes: &[u8], map: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let map: CropMap = from_js(map, "map")?;
    let opts = parse_options(options)?;
    output_to_js(export::export(bytes, &map, &opts).map_err(to_js_error)?)
}

/// Exports the crop `map` of raw RGBA `pixels` (`width × height`, rows packed).
#[wasm_bindgen(js_name = exportRgba)]
pub fn export_rgba(
    pixels: &[u8],
    width: f64,
    height: f64,
    map: JsValue,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    let width = dimension(width, "width")?;
    let height = dimension(height, "height")?;
    let map: CropMap = from_js(map, "map")?;
    let opts = parse_options(options)?;
    output_to_js(export::export_rgba(pixels, width, height, &map, &opts).map_err(to_js_error)?)
}

fn dimension(v: f64, name: &str) -> Result<u32, JsValue> {
    if v.is_finite() && v >= 1.0 && v.fract() == 0.0 && v <= u32::MAX as f64 {
        Ok(v as u32)
    } else {
        Err(to_js_error(CropError::invalid(format!("{name} must be a positive integer, got {v}"))))
    }
}

/// `undefined` / `null` mean all defaults.
fn parse_options(options: JsValue) -> Result<ExportOptions, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(ExportOptions::default());
    }
    if let Some(obj) = options.dyn_ref::<js_sys::Object>() {
        for key in js_sys::Object::keys(obj).iter() {
            ExportOptionsInput::check_key(&key.as_string().unwrap_or_default()).map_err(to_js_error)?;
        }
    }
    let input: ExportOptionsInput = from_js(options, "options")?;
    input.parse().map_err(to_js_error)
}

fn output_to_js(out: ExportOutput) -> Result<JsValue, JsValue> {
    let obj = js_sys::Object::new();
    let set = |k: &str, v: JsValue| js_sys::Reflect::set(&obj, &k.into(), &v).map(|_| ());
    set("bytes", js_sys::Uint8Array::from(&out.bytes[..]).into())?;
    set("width", out.width.into())?;
    set("height", out.height.into())?;
    set("type", out.file_type.as_str().into())?;
    Ok(obj.into())
}
