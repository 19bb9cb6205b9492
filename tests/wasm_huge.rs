//! 108 MP and 200 MP photos exported in wasm through the JS boundary (tests/huge_jpeg writes
//! them here, baseline and progressive): the original component's default export and a
//! full-frame 1080² JPEG, with the wasm memory (which only grows) at most 96 MiB afterwards,
//! the files included. Run: `wasm-pack test --node --release -- --test wasm_huge`.
#![cfg(target_arch = "wasm32")]

mod huge_jpeg;

use huge_jpeg::flat_blocks_jpeg;
use image_cropper_wasm::wasm::export::{export_image, probe};
use js_sys::Reflect;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

const MIB: usize = 1 << 20;

fn js(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

fn get(obj: &JsValue, key: &str) -> f64 {
    Reflect::get(obj, &key.into()).unwrap().as_f64().unwrap()
}

fn wasm_memory() -> usize {
    core::arch::wasm32::memory_size(0) * 65536
}

#[wasm_bindgen_test]
fn photos_of_108_and_200_mp_export_within_96_mib_of_wasm_memory() {
    for (w, h) in [(12000u32, 9000u32), (16320, 12240)] {
        for progressive in [false, true] {
            let file = flat_blocks_jpeg(w, h, progressive);
            let info = probe(&file).unwrap();
            assert_eq!((get(&info, "width"), get(&info, "height")), (w as f64, h as f64));
            let (cx, cy, side) = (w as f64 / 2.0, h as f64 / 2.0, w.min(h) as f64);
            let default = format!(
                r#"{{"centerX":{cx},"centerY":{cy},"angle":0,"scale":{},"flipX":false,"flipY":false,"outWidth":600,"outHeight":600}}"#,
                600.0 / side
            );
            let full = format!(
                r#"{{"centerX":{cx},"centerY":{cy},"angle":0,"scale":{},"flipX":false,"flipY":false,"outWidth":1080,"outHeight":1080}}"#,
                1080.0 / w.max(h) as f64
            );
            for (map, options) in
                [(default, r#"{"fileType":"png"}"#), (full, r#"{"fileType":"jpg","quality":0.9}"#)]
            {
                let out = export_image(&file, js(&map), js(options)).unwrap();
                assert!(get(&out, "width") > 0.0);
            }
            let kind = if progressive { "progressive" } else { "baseline" };
            let mb = |b: usize| b as f64 / MIB as f64;
            web_sys_log(&format!(
                "{w}x{h} {kind}: file {:.1} MiB, wasm memory {:.1} MiB",
                mb(file.len()),
                mb(wasm_memory())
            ));
        }
    }
    assert!(wasm_memory() <= 96 * MIB, "wasm memory {} bytes", wasm_memory());
}

fn web_sys_log(s: &str) {
    wasm_bindgen_test::console_log!("{}", s);
}
