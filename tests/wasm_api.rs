//! The wasm boundary, run in wasm (Node via `wasm-pack test --node`, and headless Chrome):
//! the same calls give the same results as the native core.
#![cfg(target_arch = "wasm32")]

use image_cropper_wasm::wasm;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

fn error_code(err: &JsValue) -> String {
    js_sys::Reflect::get(err, &"code".into()).unwrap().as_string().unwrap()
}

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(wasm::version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn errors_are_js_errors_with_a_code() {
    let err = wasm::check_error("x").unwrap_err();
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(error_code(&err), "invalid_option");
    assert_eq!(err.unchecked_ref::<js_sys::Error>().message(), "test x");
}
