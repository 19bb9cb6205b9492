//! The wasm-bindgen boundary: JS values in, core calls, JS values out. No logic of its own.

use wasm_bindgen::prelude::*;

use crate::error::CropError;

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// A `CropError` as a JS `Error` with `code` and `message`.
fn to_js_error(err: CropError) -> JsValue {
    let js = js_sys::Error::new(&err.message);
    let _ = js_sys::Reflect::set(&js, &"code".into(), &err.code.as_str().into());
    js.into()
}

/// The core's version, so the component can tell which build it loaded.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

#[wasm_bindgen(js_name = checkError)]
pub fn check_error(code: &str) -> Result<(), JsValue> {
    Err(to_js_error(CropError::invalid(format!("test {code}"))))
}
