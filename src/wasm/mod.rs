//! The wasm-bindgen boundary: JS values in, core calls, JS values out. No logic of its own.
//!
//! One file per concern: `cropper` wraps the engine (`Cropper` class), `export` wraps the export
//! pipeline (`probe`, `exportImage`, `exportRgba`), `alloc` is the global allocator. Errors cross as JS `Error`s with a `code`.

use wasm_bindgen::prelude::*;

use crate::error::CropError;

#[cfg(feature = "zeroing-allocator")]
mod alloc;
pub mod cropper;
pub mod export;

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// A `CropError` as a JS `Error` with `code` and `message`.
pub(crate) fn to_js_error(err: CropError) -> JsValue {
    let js = js_sys::Error::new(&err.message);
    let _ = js_sys::Reflect::set(&js, &"code".into(), &err.code.as_str().into());
    js.into()
}

/// Converts a JS value into a core type; failures are `invalid_option` errors naming `what`.
pub(crate) fn from_js<T: serde::de::DeserializeOwned>(value: JsValue, what: &str) -> Result<T, JsValue> {
    serde_wasm_bindgen::from_value(value).map_err(|e| to_js_error(CropError::invalid(format!("{what}: {e}"))))
}

/// Converts a core value into a plain JS object (maps as objects, not `Map`s).
pub(crate) fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| to_js_error(CropError::invalid(format!("serialize: {e}"))))
}

/// The core's version, so the component can tell which build it loaded.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Throws the error a core failure with `code` would throw; lets JS tests check error plumbing.
#[wasm_bindgen(js_name = checkError)]
pub fn check_error(code: &str) -> Result<(), JsValue> {
    Err(to_js_error(CropError::invalid(format!("test {code}"))))
}
