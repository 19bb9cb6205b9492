//! The export boundary run in wasm: `probe`, `exportImage`, `exportRgba` with JS objects in and
//! out, errors as JS `Error`s with codes.
#![cfg(target_arch = "wasm32")]

use image_cropper_wasm::wasm::export::{export_image, export_rgba, probe};
use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &key.into()).unwrap()
}

fn error_code(err: &JsValue) -> String {
    assert!(err.is_instance_of::<js_sys::Error>());
    get(err, "code").as_string().unwrap()
}

fn js(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

fn map_json(cx: f64, cy: f64, angle: f64, scale: f64, w: u32, h: u32) -> JsValue {
    js(&format!(
        r#"{{"centerX":{cx},"centerY":{cy},"angle":{angle},"scale":{scale},"flipX":false,"flipY":false,"outWidth":{w},"outHeight":{h}}}"#
    ))
}

fn pixels(w: u32, h: u32) -> Vec<u8> {
    (0..w * h * 4).map(|i| (i.wrapping_mul(2654435761) >> 24) as u8).collect()
}

fn png_of(w: u32, h: u32, rgba: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Rgba);
    enc.set_depth(png::BitDepth::Eight);
    let mut writer = enc.write_header().unwrap();
    writer.write_image_data(rgba).unwrap();
    writer.finish().unwrap();
    out
}

fn decode_png(bytes: &[u8]) -> Vec<u8> {
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes)).read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgba);
    buf.truncate(info.buffer_size());
    buf
}

#[wasm_bindgen_test]
fn probe_returns_a_plain_object() {
    let png = png_of(5, 3, &pixels(5, 3));
    let info = probe(&png).unwrap();
    assert_eq!(get(&info, "format").as_string().unwrap(), "png");
    assert_eq!(get(&info, "width").as_f64(), Some(5.0));
    assert_eq!(get(&info, "height").as_f64(), Some(3.0));
    assert_eq!(get(&info, "orientation").as_f64(), Some(1.0));
    assert_eq!(error_code(&probe(b"nope").unwrap_err()), "unsupported_format");
}

#[wasm_bindgen_test]
fn export_rgba_identity_crop_is_exact() {
    let src = pixels(8, 6);
    let out = export_rgba(&src, 8.0, 6.0, map_json(4.0, 3.0, 0.0, 1.0, 8, 6), JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&out, "type").as_string().unwrap(), "png");
    assert_eq!(get(&out, "width").as_f64(), Some(8.0));
    assert_eq!(get(&out, "height").as_f64(), Some(6.0));
    let bytes = get(&out, "bytes").dyn_into::<Uint8Array>().unwrap().to_vec();
    assert_eq!(decode_png(&bytes), src);
}

#[wasm_bindgen_test]
fn export_image_with_options_object() {
    let src = pixels(16, 16);
    let png = png_of(16, 16, &src);
    let opts =
        js(r##"{"fileType":"jpg","quality":0.8,"fillColor":"#000","shape":"circle","maxBytes":100000}"##);
    let out = export_image(&png, map_json(8.0, 8.0, 30.0, 1.5, 20, 20), opts).unwrap();
    assert_eq!(get(&out, "type").as_string().unwrap(), "jpg");
    let bytes = get(&out, "bytes").dyn_into::<Uint8Array>().unwrap().to_vec();
    assert_eq!(&bytes[..3], &[0xFF, 0xD8, 0xFF]);
    // Null options are defaults (PNG).
    let out = export_image(&png, map_json(8.0, 8.0, 0.0, 1.0, 4, 4), JsValue::NULL).unwrap();
    assert_eq!(get(&out, "type").as_string().unwrap(), "png");
}

#[wasm_bindgen_test]
fn bad_arguments_throw_coded_errors() {
    let src = pixels(4, 4);
    let m = || map_json(2.0, 2.0, 0.0, 1.0, 4, 4);
    for bad in [
        r#"{"quality":-1}"#,
        r#"{"quality":"high"}"#,
        r#"{"fileType":"gif"}"#,
        r#"{"shape":"star"}"#,
        r##"{"fillColor":"#12"}"##,
        r#"{"maxBytes":0}"#,
        r#"{"fileTyp":"png"}"#,
    ] {
        let err = export_rgba(&src, 4.0, 4.0, m(), js(bad)).err().unwrap_or_else(|| panic!("accepted {bad}"));
        assert_eq!(error_code(&err), "invalid_option", "{bad}");
    }
    let nan_quality = Object::new();
    Reflect::set(&nan_quality, &"quality".into(), &f64::NAN.into()).unwrap();
    assert_eq!(
        error_code(&export_rgba(&src, 4.0, 4.0, m(), nan_quality.into()).unwrap_err()),
        "invalid_option"
    );
    assert_eq!(
        error_code(&export_rgba(&src, f64::NAN, 4.0, m(), JsValue::UNDEFINED).unwrap_err()),
        "invalid_option"
    );
    assert_eq!(
        error_code(&export_rgba(&src, 3.0, 4.0, m(), JsValue::UNDEFINED).unwrap_err()),
        "invalid_option"
    );
    assert_eq!(
        error_code(&export_rgba(&src, 4.0, 4.0, js(r#"{"centerX":1}"#), JsValue::UNDEFINED).unwrap_err()),
        "invalid_option"
    );
    assert_eq!(error_code(&export_image(&[], m(), JsValue::UNDEFINED).unwrap_err()), "truncated");
    let huge = js(r#"{"maxPixels":10}"#);
    assert_eq!(error_code(&export_image(&png_of(4, 4, &src), m(), huge).unwrap_err()), "too_large");
}

/// A JPEG whose EXIF orientation is 6 (shown rotated 90° clockwise).
fn jpeg_rotated(w: u32, h: u32) -> Vec<u8> {
    let rgb: Vec<u8> = (0..w * h).flat_map(|i| [(i % w * 4) as u8, (i / w * 4) as u8, 90]).collect();
    let mut exif = b"Exif\0\0II\x2a\x00\x08\x00\x00\x00\x01\x00".to_vec();
    exif.extend_from_slice(&[0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0]);
    let mut out = Vec::new();
    let mut enc = jpeg_encoder::Encoder::new(&mut out, 90);
    enc.add_app_segment(1, exif).unwrap();
    enc.encode(&rgb, w as u16, h as u16, jpeg_encoder::ColorType::Rgb).unwrap();
    out
}

#[wasm_bindgen_test]
fn jpeg_probe_and_export_follow_the_exif_orientation() {
    let file = jpeg_rotated(40, 24);
    let info = probe(&file).unwrap();
    assert_eq!(get(&info, "format").as_string().unwrap(), "jpeg");
    assert_eq!((get(&info, "width").as_f64(), get(&info, "height").as_f64()), (Some(24.0), Some(40.0)));
    assert_eq!(get(&info, "orientation").as_f64(), Some(6.0));
    let out = export_image(
        &file,
        map_json(12.0, 20.0, 0.0, 0.5, 12, 20),
        js(r#"{"fileType":"jpeg","quality":0.5}"#),
    )
    .unwrap();
    assert_eq!(get(&out, "type").as_string().unwrap(), "jpg");
    assert_eq!((get(&out, "width").as_f64(), get(&out, "height").as_f64()), (Some(12.0), Some(20.0)));
}
