//! Engine: properties, initial layout and render, with exact expected numbers.

use image_cropper_wasm::engine::{Cropper, LengthValue, PropsPatch};
use image_cropper_wasm::ErrorCode;

#[macro_use]
mod engine_common;

use engine_common::*;

#[test]
fn default_box_is_200_square_centred() {
    let r = phone().render();
    assert_eq!((r.cut.x, r.cut.y, r.cut.width, r.cut.height), (87.5, 233.5, 200.0, 200.0));
    assert_eq!((r.img.x, r.img.y, r.img.width, r.img.height), (187.5, 333.5, 0.0, 0.0));
    assert_eq!((r.img.scale, r.img.angle, r.img.flip_x, r.img.flip_y), (1.0, 0.0, false, false));
    assert!(!r.animate && !r.tap);
}

#[test]
fn landscape_photo_covers_box_with_its_height() {
    let mut c = phone();
    let r = c.load_image(4032.0, 3024.0).unwrap();
    assert_close!(r.img.width, 200.0 * 4032.0 / 3024.0);
    assert_close!(r.img.width, 266.666_666_666_666_7);
    assert_eq!(r.img.height, 200.0);
    assert_eq!((r.img.x, r.img.y), (187.5, 333.5));
    assert_eq!((r.cut.x, r.cut.y, r.cut.width, r.cut.height), (87.5, 233.5, 200.0, 200.0));
}

#[test]
fn portrait_photo_covers_box_with_its_width() {
    let mut c = phone();
    let r = c.load_image(3024.0, 4032.0).unwrap();
    assert_eq!(r.img.width, 200.0);
    assert_close!(r.img.height, 200.0 * 4032.0 / 3024.0);
}

#[test]
fn wide_box_covers_with_width_of_a_square_image() {
    let mut c = phone();
    c.set_props(&PropsPatch { width: Some(300.0), height: Some(150.0), ..Default::default() }).unwrap();
    let r = c.load_image(1000.0, 1000.0).unwrap();
    assert_eq!((r.img.width, r.img.height), (300.0, 300.0));
    // The box keeps its top-left, pulled back inside the window (the original's width watcher,
    // `_computeCutSize` and `_cutDetectionPosition`).
    assert_eq!((r.cut.x, r.cut.y, r.cut.width, r.cut.height), (75.0, 233.5, 300.0, 150.0));
}

#[test]
fn img_width_alone_sets_height_by_aspect() {
    let mut c = phone();
    c.set_props(&PropsPatch { img_width: Some(LengthValue::Number(300.0)), ..Default::default() }).unwrap();
    let r = c.load_image(4032.0, 3024.0).unwrap();
    assert_eq!((r.img.width, r.img.height), (300.0, 225.0));
}

#[test]
fn img_height_percent_is_of_viewport_height() {
    let mut c = phone();
    c.set_props(&PropsPatch { img_height: Some(LengthValue::Text("50%".into())), ..Default::default() })
        .unwrap();
    let r = c.load_image(2000.0, 1000.0).unwrap();
    assert_eq!(r.img.height, 333.5);
    assert_eq!(r.img.width, 667.0);
}

#[test]
fn img_width_percent_is_of_viewport_width() {
    let mut c = phone();
    c.set_props(&PropsPatch { img_width: Some(LengthValue::Text(" 80% ".into())), ..Default::default() })
        .unwrap();
    let r = c.load_image(1000.0, 500.0).unwrap();
    assert_eq!((r.img.width, r.img.height), (300.0, 150.0));
}

#[test]
fn both_image_sizes_fit_keeping_aspect() {
    let mut c = phone();
    c.set_props(&PropsPatch {
        img_width: Some(LengthValue::Number(300.0)),
        img_height: Some(LengthValue::Text("300".into())),
        ..Default::default()
    })
    .unwrap();
    let r = c.load_image(4000.0, 2000.0).unwrap();
    assert_eq!((r.img.width, r.img.height), (300.0, 150.0));
}

#[test]
fn zero_img_width_means_automatic() {
    let mut c = phone();
    c.set_props(&PropsPatch { img_width: Some(LengthValue::Number(300.0)), ..Default::default() }).unwrap();
    c.set_props(&PropsPatch { img_width: Some(LengthValue::Number(0.0)), ..Default::default() }).unwrap();
    let r = c.load_image(4032.0, 3024.0).unwrap();
    assert_eq!(r.img.height, 200.0);
}

#[test]
fn cut_position_given_is_clamped_into_viewport() {
    let mut c = phone();
    let r = c
        .set_props(&PropsPatch {
            cut_top: Some(Some(10.0)),
            cut_left: Some(Some(20.0)),
            ..Default::default()
        })
        .unwrap();
    assert_eq!((r.cut.x, r.cut.y), (20.0, 10.0));
    let r = c
        .set_props(&PropsPatch {
            cut_top: Some(Some(600.0)),
            cut_left: Some(Some(-5.0)),
            ..Default::default()
        })
        .unwrap();
    assert_eq!((r.cut.x, r.cut.y), (0.0, 467.0));
}

#[test]
fn only_cut_top_given_centres_horizontally() {
    let mut c = phone();
    let r = c.set_props(&PropsPatch { cut_top: Some(Some(50.0)), ..Default::default() }).unwrap();
    assert_eq!((r.cut.x, r.cut.y), (87.5, 50.0));
}

#[test]
fn box_size_property_clamped_to_min_and_viewport_not_max() {
    let mut c = phone();
    let r =
        c.set_props(&PropsPatch { width: Some(50.0), height: Some(1000.0), ..Default::default() }).unwrap();
    assert_eq!((r.cut.width, r.cut.height), (100.0, 667.0));
    let r =
        c.set_props(&PropsPatch { width: Some(280.0), height: Some(320.0), ..Default::default() }).unwrap();
    assert_eq!((r.cut.width, r.cut.height), (280.0, 320.0));
    let r = c.set_props(&PropsPatch { width: Some(500.0), ..Default::default() }).unwrap();
    assert_eq!(r.cut.width, 375.0);
    assert_eq!(r.cut.x, 0.0);
}

#[test]
fn aspect_ratio_prop_shapes_the_box() {
    let mut c = phone();
    let r = c.set_props(&PropsPatch { aspect_ratio: Some(2.0), ..Default::default() }).unwrap();
    assert_eq!((r.cut.width, r.cut.height), (200.0, 100.0));
    let r = c.set_props(&PropsPatch { aspect_ratio: Some(0.5), ..Default::default() }).unwrap();
    assert_eq!((r.cut.width, r.cut.height), (200.0, 400.0));
    // Width 200 would need a height of 800 > the viewport's 667: the width shrinks to fit.
    let r = c.set_props(&PropsPatch { aspect_ratio: Some(0.25), ..Default::default() }).unwrap();
    assert_eq!((r.cut.width, r.cut.height), (166.75, 667.0));
}

#[test]
fn scale_and_angle_props_apply_on_load() {
    let mut c = phone();
    c.set_props(&PropsPatch { scale: Some(1.5), angle: Some(30.0), ..Default::default() }).unwrap();
    let r = c.load_image(100.0, 100.0).unwrap();
    assert_eq!((r.img.scale, r.img.angle), (1.5, 30.0));
}

#[test]
fn limit_move_on_load_grows_small_scale() {
    let mut c = phone();
    c.set_props(&PropsPatch { scale: Some(0.5), limit_move: Some(true), ..Default::default() }).unwrap();
    let r = c.load_image(4032.0, 3024.0).unwrap();
    assert_close!(r.img.scale, 1.0);
    assert!(c.image_covers_box(1e-9));
}

#[test]
fn invalid_values_are_typed_errors_and_change_nothing() {
    let mut c = phone();
    c.load_image(400.0, 300.0).unwrap();
    let before = c.render();
    let bad = [
        PropsPatch { width: Some(f64::NAN), ..Default::default() },
        PropsPatch { height: Some(-1.0), ..Default::default() },
        PropsPatch { max_width: Some(0.0), ..Default::default() },
        PropsPatch { min_width: Some(400.0), ..Default::default() },
        PropsPatch { min_scale: Some(3.0), ..Default::default() },
        PropsPatch { scale: Some(f64::INFINITY), ..Default::default() },
        PropsPatch { scale: Some(0.0), ..Default::default() },
        PropsPatch { angle: Some(f64::NEG_INFINITY), ..Default::default() },
        PropsPatch { cut_top: Some(Some(1e300)), ..Default::default() },
        PropsPatch { export_scale: Some(0.0), ..Default::default() },
        PropsPatch { aspect_ratio: Some(-1.0), ..Default::default() },
        PropsPatch { img_width: Some(LengthValue::Text("abc".into())), ..Default::default() },
        PropsPatch { img_width: Some(LengthValue::Text("NaN%".into())), ..Default::default() },
        PropsPatch { img_height: Some(LengthValue::Number(-3.0)), ..Default::default() },
        // Valid first key, invalid second: atomic, nothing applied.
        PropsPatch { width: Some(150.0), max_height: Some(f64::NAN), ..Default::default() },
    ];
    for patch in &bad {
        let err = c.set_props(patch).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidOption, "{patch:?}");
    }
    assert_eq!(c.render(), before);
}

#[test]
fn bad_viewport_and_image_sizes_are_rejected() {
    for (w, h) in [(0.0, 667.0), (-1.0, 5.0), (f64::NAN, 5.0), (5.0, f64::INFINITY), (1e9, 5.0)] {
        assert_eq!(Cropper::new(w, h).unwrap_err().code, ErrorCode::InvalidOption);
    }
    let mut c = phone();
    for (w, h) in [(0.0, 10.0), (10.0, -1.0), (f64::NAN, 1.0)] {
        assert_eq!(c.load_image(w, h).unwrap_err().code, ErrorCode::InvalidOption);
    }
}

#[test]
fn calls_needing_an_image_fail_with_no_image() {
    let c = phone();
    assert_eq!(c.crop_data().unwrap_err().code, ErrorCode::NoImage);
    assert_eq!(
        c.export_map(image_cropper_wasm::engine::OutputSize::Scale).unwrap_err().code,
        ErrorCode::NoImage
    );
}

#[test]
fn defaults_are_the_originals() {
    let c = phone();
    let p = c.props();
    assert_eq!((p.width, p.height), (200.0, 200.0));
    assert_eq!((p.max_width, p.max_height, p.min_width, p.min_height), (300.0, 300.0, 100.0, 100.0));
    assert_eq!(
        (p.disable_width, p.disable_height, p.disable_ratio, p.disable_rotate),
        (false, false, false, false)
    );
    assert_eq!((p.cut_top, p.cut_left, p.img_width, p.img_height), (None, None, None, None));
    assert_eq!((p.scale, p.angle, p.min_scale, p.max_scale), (1.0, 0.0, 0.5, 2.0));
    assert!(!p.limit_move);
    assert_eq!((p.export_scale, p.aspect_ratio), (3.0, 0.0));
}

#[test]
fn null_cut_top_centres_again_then_size_changes_keep_the_top_left() {
    let mut c = phone();
    c.load_image(4032.0, 3024.0).unwrap();
    let r = c
        .set_props(&PropsPatch {
            cut_top: Some(Some(50.0)),
            cut_left: Some(Some(10.0)),
            ..Default::default()
        })
        .unwrap();
    assert_eq!((r.cut.x, r.cut.y), (10.0, 50.0));
    // `cut_top: null` (JS) is `Some(None)`: centred on that axis only.
    let r = c.set_props(&PropsPatch { cut_top: Some(None), ..Default::default() }).unwrap();
    assert_eq!((r.cut.x, r.cut.y), (10.0, 233.5));
    assert_eq!(c.props().cut_top, None);
    // A later size change keeps the box's top-left (as the original's height watcher keeps
    // `cut_top`); a null `cut_left` in the same patch centres that axis.
    let r =
        c.set_props(&PropsPatch { height: Some(250.0), cut_left: Some(None), ..Default::default() }).unwrap();
    assert_eq!((r.cut.x, r.cut.y, r.cut.height), (87.5, 233.5, 250.0));
    let r = c.set_props(&PropsPatch { height: Some(500.0), ..Default::default() }).unwrap();
    assert_eq!((r.cut.x, r.cut.y, r.cut.height), (87.5, 167.0, 500.0));
}

#[test]
fn box_maximum_below_one_pixel_is_rejected() {
    let mut c = phone();
    for bad in [0.0, 0.5, f64::MIN_POSITIVE] {
        let err = c
            .set_props(&PropsPatch { max_width: Some(bad), min_width: Some(0.0), ..Default::default() })
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidOption);
    }
    let r = c
        .set_props(&PropsPatch { max_width: Some(1.0), min_width: Some(0.0), ..Default::default() })
        .unwrap();
    // Accepted; the 200 px box stays (a maximum bounds a finger's resize), which it then does.
    assert_eq!(r.cut.width, 200.0);
    c.load_image(400.0, 300.0).unwrap();
    c.touch_start(&[p(287.5, 433.5)], 0.0).unwrap();
    let r = c.touch_move(&[p(290.0, 433.5)], 16.0).unwrap().unwrap();
    assert_eq!(r.cut.width, 1.0);
    ok(&c);
}
