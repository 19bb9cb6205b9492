//! The bad-input corpus (tests/bad_inputs) through the wasm boundary: `probe` and
//! `exportImage` with JS option and map objects (NaN and Infinity as real JS numbers) throw JS
//! `Error`s whose `code` is the one each case names, and the export allocates no more than the
//! case's `maxMemory` plus a small slack (counted by a global allocator in this test binary).
//! Run: `wasm-pack test --node --release -- --test wasm_bad_inputs`.
#![cfg(target_arch = "wasm32")]

mod bad_inputs;

use bad_inputs::*;
use image_cropper_wasm::geometry::CropMap;
use image_cropper_wasm::wasm::export::{export_image, probe};
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

#[global_allocator]
static ALLOC: peak::Counting = peak::Counting;

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &key.into()).unwrap()
}

fn set(obj: &Object, key: &str, v: JsValue) {
    Reflect::set(obj, &key.into(), &v).unwrap();
}

fn opts_js(o: &Opts) -> JsValue {
    let obj = Object::new();
    let strings = [("fileType", o.file_type), ("fillColor", o.fill_color), ("shape", o.shape)];
    for (k, v) in strings {
        if let Some(v) = v {
            set(&obj, k, v.into());
        }
    }
    let numbers = [
        ("quality", o.quality),
        ("maxBytes", o.max_bytes),
        ("maxPixels", o.max_pixels),
        ("maxMemory", o.max_memory),
    ];
    for (k, v) in numbers {
        if let Some(v) = v {
            set(&obj, k, v.into());
        }
    }
    obj.into()
}

fn map_js(m: &CropMap) -> Object {
    let obj = Object::new();
    for (k, v) in [("centerX", m.center_x), ("centerY", m.center_y), ("angle", m.angle), ("scale", m.scale)] {
        set(&obj, k, v.into());
    }
    set(&obj, "flipX", m.flip_x.into());
    set(&obj, "flipY", m.flip_y.into());
    set(&obj, "outWidth", m.out_width.into());
    set(&obj, "outHeight", m.out_height.into());
    obj
}

/// `Ok(code)` of a thrown coded error, `Err(description)` of anything else.
fn error_code(r: &Result<JsValue, JsValue>) -> Result<String, String> {
    match r {
        Ok(v) => Err(format!(
            "no error: exported {}x{}",
            get(v, "width").as_f64().unwrap_or(f64::NAN),
            get(v, "height").as_f64().unwrap_or(f64::NAN)
        )),
        Err(e) if e.is_instance_of::<js_sys::Error>() => {
            let code = get(e, "code").as_string().ok_or_else(|| format!("an Error without a code: {e:?}"))?;
            let message = get(e, "message").as_string().unwrap_or_default();
            if message.is_empty() {
                return Err(format!("{code} with an empty message"));
            }
            Ok(code)
        }
        Err(e) => Err(format!("a thrown non-Error {e:?}")),
    }
}

fn run(case: &Case) -> Result<String, String> {
    let mut problems = Vec::new();
    let (info, probe_peak) = peak::measure(|| probe(&case.bytes));
    match (case.probe, &info) {
        (ProbeExpect::Size(w, h), Ok(i))
            if (get(i, "width").as_f64(), get(i, "height").as_f64()) == (Some(w as f64), Some(h as f64)) => {}
        (ProbeExpect::Fails(c), r) if error_code(r).as_deref() == Ok(c.as_str()) => {}
        (want, Ok(i)) => problems.push(format!(
            "probe: expected {want:?}, got {:?}x{:?}",
            get(i, "width").as_f64(),
            get(i, "height").as_f64()
        )),
        (want, r) => problems.push(format!("probe: expected {want:?}, got {:?}", error_code(r))),
    }
    if probe_peak > SLACK {
        problems.push(format!("probe allocated {probe_peak} bytes"));
    }
    let (map, opts) = (map_js(&case.map).into(), opts_js(&case.opts));
    let (out, peak) = peak::measure(|| export_image(&case.bytes, map, opts));
    let got = error_code(&out);
    match &got {
        Ok(code) if code == case.export.as_str() => {}
        Ok(code) => problems.push(format!("export: expected {}, got {code}", case.export.as_str())),
        Err(what) => problems.push(format!("export: expected {}, got {what}", case.export.as_str())),
    }
    let limit = case.opts.peak_limit();
    if peak > limit {
        problems.push(format!("export allocated {peak} bytes, more than {limit}"));
    }
    if problems.is_empty() {
        Ok(format!("{}, peak {} KiB", case.export.as_str(), peak / 1024))
    } else {
        Err(problems.join("; "))
    }
}

fn check(group: &str, cases: Vec<Case>) {
    assert!(!cases.is_empty());
    let mut failures = Vec::new();
    for case in &cases {
        match run(case) {
            Ok(s) => console_log!("PASS [{group}] {}: {s}", case.name),
            Err(why) => {
                console_log!("FAIL [{group}] {}: {why}", case.name);
                failures.push(format!("{}: {why}", case.name));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} {group} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[wasm_bindgen_test]
fn truncations() {
    check("truncations", bad_inputs::truncations());
}

#[wasm_bindgen_test]
fn bit_flips() {
    check("bit_flips", bad_inputs::bit_flips());
}

#[wasm_bindgen_test]
fn wrong_magic() {
    check("wrong_magic", bad_inputs::wrong_magic());
}

#[wasm_bindgen_test]
fn zero_and_huge_dimensions_and_bombs() {
    check("dimensions", bad_inputs::dimensions());
}

#[wasm_bindgen_test]
fn jpeg_tables_markers_and_processes() {
    check("jpeg_structure", bad_inputs::jpeg_structure());
}

#[wasm_bindgen_test]
fn gif_and_bmp() {
    check("other_formats", bad_inputs::other_formats());
}

#[wasm_bindgen_test]
fn invalid_options_and_maps() {
    check("options_and_maps", bad_inputs::options_and_maps());
}

/// What only JS can pass: map sizes that are not u32, fields of the wrong type or missing,
/// options of the wrong type. All `invalid_option`.
#[wasm_bindgen_test]
fn js_only_bad_values_are_invalid_option() {
    let png = png_base();
    let good = || map_js(&full(PNG_W, PNG_H));
    let mut failures = Vec::new();
    let mut cases: Vec<(&str, JsValue, JsValue)> = Vec::new();
    for (key, v) in [
        ("outWidth", JsValue::from(-1.0)),
        ("outWidth", JsValue::from(1.5)),
        ("outWidth", JsValue::from(f64::NAN)),
        ("outHeight", JsValue::from(f64::INFINITY)),
        ("outHeight", JsValue::from(4294967296.0)),
        ("outWidth", JsValue::from("40")),
        ("centerX", JsValue::from("20")),
        ("scale", JsValue::NULL),
        ("angle", JsValue::UNDEFINED),
        ("flipX", JsValue::from(1.0)),
    ] {
        let m = good();
        set(&m, key, v);
        cases.push((key, m.into(), JsValue::UNDEFINED));
    }
    let missing = good();
    Reflect::delete_property(&missing, &"scale".into()).unwrap();
    cases.push(("map without scale", missing.into(), JsValue::UNDEFINED));
    cases.push(("map null", JsValue::NULL, JsValue::UNDEFINED));
    cases.push(("map a number", JsValue::from(3.0), JsValue::UNDEFINED));
    for (key, v) in [
        ("quality", JsValue::from("high")),
        ("maxBytes", JsValue::from("100000")),
        ("maxPixels", JsValue::from(true)),
        ("shape", JsValue::from(1.0)),
        ("fileType", JsValue::from(2.0)),
        ("maxMemery", JsValue::from(1.0)),
    ] {
        let o = Object::new();
        set(&o, key, v);
        cases.push((key, good().into(), o.into()));
    }
    cases.push(("options a string", good().into(), JsValue::from("png")));
    let n = cases.len();
    for (what, map, opts) in cases {
        let desc = format!("{what}: map {map:?}, options {opts:?}");
        match error_code(&export_image(&png, map, opts)) {
            Ok(code) if code == "invalid_option" => console_log!("PASS [js_only] {desc}: invalid_option"),
            got => {
                console_log!("FAIL [js_only] {desc}: {got:?}");
                failures.push(format!("{desc}: expected invalid_option, got {got:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {n} failed:\n{}", failures.len(), failures.join("\n"));
}
