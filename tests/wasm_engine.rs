//! The `Cropper` class through the wasm boundary (Node via `wasm-pack test --node`): the same
//! calls give the same results as the core engine, JS shapes and names are as documented, and
//! bad JS input becomes a JS `Error` with a `code`, never a trap.
#![cfg(target_arch = "wasm32")]

use image_cropper_wasm::engine::{self, CropData, OutputSize, PropsPatch, Render};
use image_cropper_wasm::geometry::{CropMap, Point};
use image_cropper_wasm::wasm::cropper::{prop_defaults, Cropper, TOUCH_FIELDS};
use js_sys::{Array, Float64Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

fn error_code(err: &JsValue) -> String {
    assert!(err.is_instance_of::<js_sys::Error>(), "not an Error: {err:?}");
    Reflect::get(err, &"code".into()).unwrap().as_string().unwrap()
}

fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

fn touches(points: &[(f64, f64)], x: &str, y: &str) -> JsValue {
    let a = Array::new();
    for &(px, py) in points {
        a.push(&obj(&[(x, px.into()), (y, py.into())]));
    }
    a.into()
}

fn xy(points: &[(f64, f64)]) -> Vec<f64> {
    points.iter().flat_map(|&(x, y)| [x, y]).collect()
}

fn pts(points: &[(f64, f64)]) -> Vec<Point> {
    points.iter().map(|&(x, y)| Point::new(x, y)).collect()
}

fn render(v: JsValue) -> Render {
    serde_wasm_bindgen::from_value(v).expect("a Render object")
}

fn get(v: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(v.clone(), |o, k| Reflect::get(&o, &JsValue::from_str(k)).unwrap())
}

mod engine_common;

use engine_common::{PHOTO, VIEWPORT};

fn pair() -> (Cropper, engine::Cropper) {
    let mut js = Cropper::new(VIEWPORT.0, VIEWPORT.1).unwrap();
    let mut core = engine_common::phone();
    assert_eq!(render(js.load_image(PHOTO.0, PHOTO.1).unwrap()), core.load_image(PHOTO.0, PHOTO.1).unwrap());
    (js, core)
}

#[wasm_bindgen_test]
fn render_is_a_plain_object_with_documented_names() {
    let (js, _) = pair();
    let r = js.render().unwrap();
    assert_eq!(Object::get_prototype_of(&r), Object::get_prototype_of(&Object::new().into()));
    for key in ["x", "y", "width", "height", "scale", "angle", "flipX", "flipY"] {
        assert!(!get(&r, &["img", key]).is_undefined(), "img.{key}");
    }
    for key in ["x", "y", "width", "height"] {
        assert!(!get(&r, &["cut", key]).is_undefined(), "cut.{key}");
    }
    assert_eq!(get(&r, &["animate"]), JsValue::FALSE);
    assert_eq!(get(&r, &["tap"]), JsValue::FALSE);
    assert_eq!(get(&r, &["round"]), JsValue::FALSE);
    assert_eq!(get(&r, &["img", "height"]).as_f64(), Some(200.0));
    assert_eq!(get(&r, &["cut", "x"]).as_f64(), Some(87.5));
    assert!((get(&r, &["img", "width"]).as_f64().unwrap() - 266.666_666_666_666_7).abs() < 1e-9);
}

#[wasm_bindgen_test]
fn constructor_and_load_errors_are_coded() {
    assert_eq!(error_code(&Cropper::new(f64::NAN, 5.0).err().unwrap()), "invalid_option");
    assert_eq!(error_code(&Cropper::new(0.0, 5.0).err().unwrap()), "invalid_option");
    let mut js = Cropper::new(375.0, 667.0).unwrap();
    assert_eq!(error_code(&js.load_image(-1.0, 5.0).unwrap_err()), "invalid_option");
    assert_eq!(error_code(&js.get_crop_data().unwrap_err()), "no_image");
    assert_eq!(error_code(&js.export_map(JsValue::UNDEFINED).unwrap_err()), "no_image");
}

#[wasm_bindgen_test]
fn set_props_takes_snake_case_and_percent_strings() {
    let mut js = Cropper::new(375.0, 667.0).unwrap();
    let mut core = engine::Cropper::new(375.0, 667.0).unwrap();
    let patch = obj(&[
        ("width", 250.0.into()),
        ("height", 150.0.into()),
        ("img_width", "80%".into()),
        ("limit_move", JsValue::TRUE),
        ("cut_top", JsValue::NULL),
        ("imgSrc", "/tmp/x.jpg".into()),
        ("quality", 0.8.into()),
    ]);
    let expected = core
        .set_props(&PropsPatch {
            width: Some(250.0),
            height: Some(150.0),
            img_width: Some(engine::LengthValue::Text("80%".into())),
            limit_move: Some(true),
            cut_top: Some(None),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(render(js.set_props(patch).unwrap()), expected);
    assert_eq!(render(js.load_image(1000.0, 500.0).unwrap()), core.load_image(1000.0, 500.0).unwrap());
    assert_eq!(get(&js.render().unwrap(), &["img", "width"]).as_f64(), Some(300.0));
    for bad in [
        obj(&[("width", "abc".into())]),
        obj(&[("width", f64::NAN.into())]),
        obj(&[("min_width", 500.0.into())]),
        obj(&[("limit_move", 3.0.into())]),
        obj(&[("img_height", "x%".into())]),
        JsValue::from_str("nope"),
    ] {
        assert_eq!(error_code(&js.set_props(bad).unwrap_err()), "invalid_option");
    }
}

#[wasm_bindgen_test]
fn null_is_the_originals_default_for_position_and_image_size() {
    let (mut js, mut core) = pair();
    let placed = obj(&[("cut_top", 50.0.into()), ("cut_left", 10.0.into()), ("img_width", "50%".into())]);
    let r = js.set_props(placed).unwrap();
    assert_eq!(
        render(r),
        core.set_props(&PropsPatch {
            cut_top: Some(Some(50.0)),
            cut_left: Some(Some(10.0)),
            img_width: Some(engine::LengthValue::Text("50%".into())),
            ..Default::default()
        })
        .unwrap()
    );
    assert_eq!(get(&js.render().unwrap(), &["cut", "y"]).as_f64(), Some(50.0));
    assert_eq!(get(&js.render().unwrap(), &["img", "width"]).as_f64(), Some(187.5));
    // null: centred again on that axis; the image size automatic again (covering the box).
    let r = js.set_props(obj(&[("cut_top", JsValue::NULL), ("img_width", JsValue::NULL)])).unwrap();
    assert_eq!(get(&r, &["cut", "x"]).as_f64(), Some(10.0));
    assert_eq!(get(&r, &["cut", "y"]).as_f64(), Some(233.5));
    assert_eq!(get(&r, &["img", "height"]).as_f64(), Some(200.0));
    let expected = core
        .set_props(&PropsPatch {
            cut_top: Some(None),
            img_width: Some(engine::LengthValue::Number(0.0)),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(render(r), expected);
    // A later size keeps the box's top-left (as the original's height watcher keeps cut_top);
    // a key that is absent changes nothing.
    let r = js.set_props(obj(&[("height", 250.0.into())])).unwrap();
    assert_eq!(get(&r, &["cut", "y"]).as_f64(), Some(233.5));
    assert_eq!(get(&r, &["cut", "x"]).as_f64(), Some(10.0));
    assert_eq!(render(r), core.set_props(&PropsPatch { height: Some(250.0), ..Default::default() }).unwrap());
}

#[wasm_bindgen_test]
fn gestures_match_the_core_in_every_touch_form() {
    let seq: [&[(f64, f64)]; 4] = [
        &[(180.0, 330.0)],
        &[(200.0, 340.0)],
        &[(200.0, 340.0), (300.0, 340.0)],
        &[(190.0, 330.0), (330.0, 360.0)],
    ];
    for form in ["xy", "x", "clientX", "pageX", "flat"] {
        let (mut js, mut core) = pair();
        let start = |js: &mut Cropper, p: &[(f64, f64)], t: f64| match form {
            "flat" => js.touch_start_xy(&xy(p), t),
            "x" | "xy" => js.touch_start(touches(p, "x", "y"), t),
            "clientX" => js.touch_start(touches(p, "clientX", "clientY"), t),
            _ => js.touch_start(touches(p, "pageX", "pageY"), t),
        };
        let mv = |js: &mut Cropper, p: &[(f64, f64)], t: f64| match form {
            "flat" => js.touch_move_xy(&xy(p), t),
            "x" | "xy" => js.touch_move(touches(p, "x", "y"), t),
            "clientX" => js.touch_move(touches(p, "clientX", "clientY"), t),
            _ => js.touch_move(touches(p, "pageX", "pageY"), t),
        };
        assert_eq!(
            render(start(&mut js, seq[0], 0.0).unwrap()),
            core.touch_start(&pts(seq[0]), 0.0).unwrap()
        );
        assert_eq!(
            render(mv(&mut js, seq[1], 16.0).unwrap()),
            core.touch_move(&pts(seq[1]), 16.0).unwrap().unwrap()
        );
        // Nothing changed: undefined.
        assert!(mv(&mut js, seq[1], 20.0).unwrap().is_undefined());
        assert!(core.touch_move(&pts(seq[1]), 20.0).unwrap().is_none());
        assert_eq!(
            render(start(&mut js, seq[2], 30.0).unwrap()),
            core.touch_start(&pts(seq[2]), 30.0).unwrap()
        );
        assert_eq!(
            render(mv(&mut js, seq[3], 46.0).unwrap()),
            core.touch_move(&pts(seq[3]), 46.0).unwrap().unwrap()
        );
        let end =
            if form == "flat" { js.touch_end_xy(&[], 60.0) } else { js.touch_end(Array::new().into(), 60.0) };
        assert_eq!(render(end.unwrap()), core.touch_end(&[], 60.0).unwrap());
    }
}

#[wasm_bindgen_test]
fn methods_during_a_gesture_match_the_core() {
    let (mut js, mut core) = pair();
    let one = [(180.0, 330.0)];
    assert_eq!(
        render(js.touch_start_xy(&xy(&one), 0.0).unwrap()),
        core.touch_start(&pts(&one), 0.0).unwrap()
    );
    assert_eq!(render(js.set_scale(1.5).unwrap()), core.set_scale(1.5).unwrap());
    assert_eq!(
        render(js.set_props(obj(&[("width", 150.0.into())])).unwrap()),
        core.set_props(&PropsPatch { width: Some(150.0), ..Default::default() }).unwrap()
    );
    let moved = [(200.0, 345.0)];
    let r = render(js.touch_move_xy(&xy(&moved), 16.0).unwrap());
    assert_eq!(r, core.touch_move(&pts(&moved), 16.0).unwrap().unwrap());
    // The pan continues from the state the methods left: 20, 15 px from the image centre then.
    assert_eq!((r.img.x, r.img.y), (207.5, 348.5));
    assert_eq!(render(js.touch_end_xy(&[], 30.0).unwrap()), core.touch_end(&[], 30.0).unwrap());
}

#[wasm_bindgen_test]
fn tap_is_reported_by_touch_end() {
    let (mut js, _) = pair();
    js.touch_start(touches(&[(180.0, 330.0)], "x", "y"), 0.0).unwrap();
    let r = js.touch_end(JsValue::UNDEFINED, 80.0).unwrap();
    assert_eq!(get(&r, &["tap"]), JsValue::TRUE);
}

#[wasm_bindgen_test]
fn bad_touches_are_coded_errors() {
    let (mut js, _) = pair();
    let missing_y = Array::of1(&obj(&[("x", 1.0.into())]));
    assert_eq!(error_code(&js.touch_start(missing_y.into(), 0.0).unwrap_err()), "invalid_option");
    let not_number = Array::of1(&obj(&[("x", "1".into()), ("y", 2.0.into())]));
    assert_eq!(error_code(&js.touch_move(not_number.into(), 0.0).unwrap_err()), "invalid_option");
    assert_eq!(error_code(&js.touch_move(JsValue::from_f64(3.0), 0.0).unwrap_err()), "invalid_option");
    assert_eq!(
        error_code(&js.touch_move(Array::of1(&JsValue::NULL).into(), 0.0).unwrap_err()),
        "invalid_option"
    );
    assert_eq!(error_code(&js.touch_move_xy(&[1.0, 2.0, 3.0], 0.0).unwrap_err()), "invalid_option");
    assert_eq!(error_code(&js.touch_move_xy(&[f64::NAN, 2.0], 0.0).unwrap_err()), "invalid_option");
    assert_eq!(error_code(&js.touch_end(Array::new().into(), f64::NAN).unwrap_err()), "invalid_option");
    // A typed array from JS works for the flat form.
    let a = Float64Array::new_with_length(2);
    a.copy_from(&[180.0, 330.0]);
    assert!(js.touch_start_xy(&a.to_vec(), 0.0).is_ok());
}

#[wasm_bindgen_test]
fn methods_match_the_core() {
    let (mut js, mut core) = pair();
    assert_eq!(render(js.set_cut_xy(10.0, 20.0).unwrap()), core.set_cut_xy(10.0, 20.0).unwrap());
    assert_eq!(render(js.set_cut_size(250.0, 150.0).unwrap()), core.set_cut_size(250.0, 150.0).unwrap());
    assert_eq!(render(js.set_cut_center().unwrap()), core.set_cut_center().unwrap());
    assert_eq!(render(js.set_scale(1.7).unwrap()), core.set_scale(1.7).unwrap());
    assert_eq!(render(js.set_angle(33.0).unwrap()), core.set_angle(33.0).unwrap());
    let t =
        obj(&[("x", 5.0.into()), ("cutY", (-7.0).into()), ("scale", 0.1.into()), ("angle", JsValue::NULL)]);
    let expected = core
        .set_transform(&engine::methods::Transform { x: 5.0, cut_y: -7.0, scale: 0.1, ..Default::default() })
        .unwrap();
    assert_eq!(render(js.set_transform(t).unwrap()), expected);
    assert_eq!(
        render(js.set_transform(JsValue::UNDEFINED).unwrap()),
        core.set_transform(&Default::default()).unwrap()
    );
    assert_eq!(render(js.rotate(90.0).unwrap()), core.rotate(90.0).unwrap());
    assert_eq!(render(js.rotate90().unwrap()), core.rotate90().unwrap());
    assert_eq!(render(js.flip(true).unwrap()), core.flip(true).unwrap());
    assert_eq!(render(js.flip(false).unwrap()), core.flip(false).unwrap());
    assert_eq!(render(js.set_aspect_ratio(1.5).unwrap()), core.set_aspect_ratio(1.5).unwrap());
    assert_eq!(render(js.img_reset().unwrap()), core.img_reset().unwrap());
    assert_eq!(error_code(&js.set_scale(f64::NAN).unwrap_err()), "invalid_option");
    assert_eq!(error_code(&js.set_transform(obj(&[("x", "a".into())])).unwrap_err()), "invalid_option");
    assert_eq!(error_code(&js.set_aspect_ratio(-2.0).unwrap_err()), "invalid_option");
}

#[wasm_bindgen_test]
fn crop_data_round_trips_and_matches_the_core() {
    let (mut js, mut core) = pair();
    js.rotate(17.0).unwrap();
    core.rotate(17.0).unwrap();
    let d = js.get_crop_data().unwrap();
    for key in ["x", "y", "width", "height", "rotate", "scaleX", "scaleY"] {
        assert!(get(&d, &[key]).as_f64().is_some(), "{key}");
    }
    let data: CropData = serde_wasm_bindgen::from_value(d.clone()).unwrap();
    assert_eq!(data, core.crop_data().unwrap());
    let want = CropData {
        x: 1016.0,
        y: 512.0,
        width: 2000.0,
        height: 2000.0,
        rotate: 17.0,
        scale_x: 1.0,
        scale_y: 1.0,
    };
    let partial = obj(&[
        ("x", 1016.0.into()),
        ("y", 512.0.into()),
        ("width", 2000.0.into()),
        ("height", 2000.0.into()),
    ]);
    assert_eq!(render(js.set_crop_data(partial).unwrap()), core.set_crop_data(&want).unwrap());
    let back: CropData = serde_wasm_bindgen::from_value(js.get_crop_data().unwrap()).unwrap();
    assert_eq!(back, core.crop_data().unwrap());
    assert!((back.x - 1016.0).abs() < 1e-9 && (back.width - 2000.0).abs() < 1e-9);
    assert_eq!(error_code(&js.set_crop_data(obj(&[("scaleX", 3.0.into())])).unwrap_err()), "invalid_option");
}

#[wasm_bindgen_test]
fn export_map_modes_match_the_core() {
    let (js, core) = pair();
    let map = |v: JsValue| -> CropMap { serde_wasm_bindgen::from_value(v).unwrap() };
    assert_eq!(map(js.export_map(JsValue::UNDEFINED).unwrap()), core.export_map(OutputSize::Scale).unwrap());
    assert_eq!(
        map(js.export_map(obj(&[("mode", "scale".into())])).unwrap()),
        core.export_map(OutputSize::Scale).unwrap()
    );
    assert_eq!(
        map(js.export_map(obj(&[("mode", "source".into())])).unwrap()),
        core.export_map(OutputSize::Source).unwrap()
    );
    let sized = js
        .export_map(obj(&[("mode", "size".into()), ("width", 1080.0.into()), ("height", 720.0.into())]))
        .unwrap();
    assert_eq!(map(sized.clone()), core.export_map(OutputSize::Size { width: 1080, height: 720 }).unwrap());
    for key in ["centerX", "centerY", "angle", "scale", "flipX", "flipY", "outWidth", "outHeight"] {
        assert!(!get(&sized, &[key]).is_undefined(), "{key}");
    }
    assert_eq!(get(&sized, &["outWidth"]).as_f64(), Some(1080.0));
    for bad in [
        obj(&[("mode", "huge".into())]),
        obj(&[("mode", "size".into()), ("width", 10.0.into())]),
        obj(&[("mode", "size".into()), ("width", 0.0.into()), ("height", 10.0.into())]),
        obj(&[("mode", "size".into()), ("width", f64::NAN.into()), ("height", 10.0.into())]),
    ] {
        assert_eq!(error_code(&js.export_map(bad).unwrap_err()), "invalid_option");
    }
    let huge = obj(&[("mode", "size".into()), ("width", 1e9.into()), ("height", 10.0.into())]);
    assert_eq!(error_code(&js.export_map(huge).unwrap_err()), "too_large");
}

/// One rule for touch objects, the one `gestures.js` uses to flatten them: per axis, the first
/// numeric field of `clientX`, `x`, `pageX` (`clientY`, `y`, `pageY`).
#[wasm_bindgen_test]
fn touch_fields_are_read_client_then_plain_then_page() {
    assert_eq!(TOUCH_FIELDS, [["clientX", "x", "pageX"], ["clientY", "y", "pageY"]]);
    let start = |t: JsValue| {
        let (mut js, mut core) = pair();
        js.touch_start(Array::of1(&t).into(), 0.0).unwrap();
        core.touch_start(&pts(&[(100.0, 300.0)]), 0.0).unwrap();
        // Panning from (100, 300) to (110, 305): the image moves by the difference only when
        // the start was read as (100, 300).
        let moved = render(js.touch_move(touches(&[(110.0, 305.0)], "x", "y"), 16.0).unwrap());
        (moved, core.touch_move(&pts(&[(110.0, 305.0)]), 16.0).unwrap().unwrap())
    };
    let cases = [
        obj(&[
            ("clientX", 100.0.into()),
            ("clientY", 300.0.into()),
            ("x", 1.0.into()),
            ("y", 2.0.into()),
            ("pageX", 3.0.into()),
            ("pageY", 4.0.into()),
        ]),
        obj(&[("x", 100.0.into()), ("y", 300.0.into()), ("pageX", 3.0.into()), ("pageY", 4.0.into())]),
        obj(&[("pageX", 100.0.into()), ("pageY", 300.0.into())]),
        // Per axis: a non-numeric clientX falls through to x; y from clientY.
        obj(&[("clientX", "1".into()), ("x", 100.0.into()), ("clientY", 300.0.into()), ("y", 9.0.into())]),
    ];
    for t in cases {
        let (got, want) = start(t);
        assert_eq!(got, want);
    }
}

/// What the component declares as its properties' defaults comes from here.
#[wasm_bindgen_test]
fn prop_defaults_are_the_core_props_as_js_values() {
    let d = prop_defaults().unwrap();
    for (key, value) in [
        ("width", JsValue::from_f64(200.0)),
        ("max_width", JsValue::from_f64(300.0)),
        ("min_scale", JsValue::from_f64(0.5)),
        ("export_scale", JsValue::from_f64(3.0)),
        ("quality", JsValue::from_f64(1.0)),
        ("limit_move", JsValue::FALSE),
        ("limit_any_angle", JsValue::FALSE),
        ("cut_top", JsValue::NULL),
        ("img_width", JsValue::NULL),
        ("file_type", "png".into()),
        ("fill_color", "".into()),
        ("shape", "rect".into()),
        ("export_mode", "scale".into()),
        ("max_bytes", JsValue::from_f64(0.0)),
    ] {
        assert_eq!(get(&d, &[key]), value, "{key}");
    }
    assert_eq!(Object::keys(d.unchecked_ref::<Object>()).length(), 30);
    let js = Cropper::new(VIEWPORT.0, VIEWPORT.1).unwrap();
    let json = |v: &JsValue| js_sys::JSON::stringify(v).unwrap().as_string().unwrap();
    assert_eq!(json(&js.get_props().unwrap()), json(&d));
    assert!(json(&d).starts_with("{\"width\":200,\"height\":200,"), "{}", json(&d));
}

/// The JS forms of the null-default keys: `null` and `""` are the default, a numeric string
/// is its number.
#[wasm_bindgen_test]
fn set_props_reads_strings_and_null_as_the_original() {
    let (mut js, _) = pair();
    let r = js.set_props(obj(&[("cut_top", "50".into()), ("cut_left", " 10px ".into())])).unwrap();
    assert_eq!((get(&r, &["cut", "x"]).as_f64(), get(&r, &["cut", "y"]).as_f64()), (Some(10.0), Some(50.0)));
    let r = js.set_props(obj(&[("cut_top", "".into()), ("img_width", "".into())])).unwrap();
    assert_eq!(get(&r, &["cut", "y"]).as_f64(), Some(233.5));
    assert_eq!(get(&r, &["img", "height"]).as_f64(), Some(200.0));
    js.set_props(obj(&[("fill_color", "#abc".into())])).unwrap();
    js.set_props(obj(&[("fill_color", JsValue::NULL), ("width", JsValue::NULL)])).unwrap();
    let p = js.get_props().unwrap();
    assert_eq!(get(&p, &["fill_color"]), JsValue::from_str(""));
    assert_eq!(get(&p, &["width"]).as_f64(), Some(200.0));
    assert_eq!(get(&p, &["cut_left"]).as_f64(), Some(10.0));
    for bad in [
        obj(&[("cut_top", "top".into())]),
        obj(&[("quality", 1.5.into())]),
        obj(&[("shape", "star".into())]),
        obj(&[("aspect_ratio", (-1.0).into())]),
        obj(&[("width", "".into())]),
    ] {
        assert_eq!(error_code(&js.set_props(bad).unwrap_err()), "invalid_option");
    }
}

/// `exportOptions()` is what `exportImage` takes; `exportMap()` without options is the output
/// properties' size.
#[wasm_bindgen_test]
fn export_options_and_map_follow_the_output_properties() {
    let (mut js, core) = pair();
    let o = js.export_options().unwrap();
    assert_eq!(get(&o, &["fileType"]), JsValue::from_str("png"));
    assert_eq!(get(&o, &["quality"]).as_f64(), Some(1.0));
    assert_eq!(get(&o, &["fillColor"]), JsValue::from_str("#ffffffff"));
    assert_eq!(get(&o, &["shape"]), JsValue::from_str("rect"));
    assert!(get(&o, &["maxBytes"]).is_undefined());
    let patch = obj(&[
        ("file_type", "jpg".into()),
        ("quality", 0.5.into()),
        ("shape", "circle".into()),
        ("max_bytes", 5000.0.into()),
        ("export_mode", "size".into()),
        ("export_width", 64.0.into()),
        ("export_height", 32.0.into()),
    ]);
    let r = js.set_props(patch).unwrap();
    assert_eq!(get(&r, &["round"]), JsValue::TRUE);
    let o = js.export_options().unwrap();
    assert_eq!(get(&o, &["fileType"]), JsValue::from_str("jpg"));
    assert_eq!(get(&o, &["shape"]), JsValue::from_str("ellipse"));
    assert_eq!(get(&o, &["maxBytes"]).as_f64(), Some(5000.0));
    assert_eq!(get(&o, &["quality"]).as_f64(), Some(0.5));
    let map: CropMap = serde_wasm_bindgen::from_value(js.export_map(JsValue::UNDEFINED).unwrap()).unwrap();
    assert_eq!(map, core.export_map(OutputSize::Size { width: 64, height: 32 }).unwrap());
    js.set_props(obj(&[("export_width", 0.0.into())])).unwrap();
    assert_eq!(error_code(&js.export_map(JsValue::UNDEFINED).unwrap_err()), "invalid_option");
}
