//! The engine's clamps and snaps, one test per rule, each as the original image-cropper
//! (`src/image-cropper.js`) does it unless the test says why not. The component only passes
//! values on: these rules are the whole of what a page sees.

use image_cropper_wasm::engine::methods::Transform;
use image_cropper_wasm::engine::{CropData, LengthValue, OutputSize, PropsPatch};
use image_cropper_wasm::export::{FileType, Shape};
use image_cropper_wasm::ErrorCode;

#[macro_use]
mod engine_common;

use engine_common::*;

fn angle_patch(angle: f64) -> PropsPatch {
    PropsPatch { angle: Some(angle), ..Default::default() }
}

// ---------------------------------------------------------------- the box

/// Its `width` watcher: a width below `min_width` becomes `min_width`.
#[test]
fn width_property_below_min_is_min() {
    let mut c = phone();
    let r = c.set_props(&PropsPatch { width: Some(40.0), height: Some(60.0), ..Default::default() }).unwrap();
    assert_eq!((r.cut.width, r.cut.height), (100.0, 100.0));
    ok(&c);
}

/// `_computeCutSize`: a box wider or taller than the window is the window's size (also over
/// `min_*`).
#[test]
fn box_larger_than_the_window_is_the_window() {
    let mut c = phone();
    let r =
        c.set_props(&PropsPatch { width: Some(900.0), height: Some(900.0), ..Default::default() }).unwrap();
    assert_eq!((r.cut.x, r.cut.y, r.cut.width, r.cut.height), (0.0, 0.0, 375.0, 667.0));
    let r = c.set_props(&PropsPatch { min_width: Some(500.0), max_width: Some(600.0), ..Default::default() });
    assert_eq!(r.unwrap().cut.width, 375.0);
    ok(&c);
}

/// Neither the `width` / `height` properties nor `setCutSize` are clamped to `max_*`.
#[test]
fn width_property_and_set_cut_size_are_not_clamped_to_max() {
    let mut c = with(PropsPatch { width: Some(340.0), height: Some(320.0), ..Default::default() });
    assert_eq!((c.cut().width, c.cut().height), (340.0, 320.0));
    let r = c.set_cut_size(360.0, 500.0).unwrap();
    assert_eq!((r.cut.width, r.cut.height), (360.0, 500.0));
    ok(&c);
}

/// `_cutTouchMove`: a finger's resize is clamped to `min_*..max_*` (and the window).
#[test]
fn finger_resize_is_clamped_to_min_and_max() {
    let mut c = loaded();
    // The bottom-right corner dragged far out, then far in.
    c.touch_start(&[p(287.5, 433.5)], 0.0).unwrap();
    let r = c.touch_move(&[p(380.0, 660.0)], 16.0).unwrap().unwrap();
    assert_eq!((r.cut.width, r.cut.height), (287.5, 300.0));
    let r = c.touch_move(&[p(90.0, 240.0)], 32.0).unwrap().unwrap();
    assert_eq!((r.cut.width, r.cut.height), (100.0, 100.0));
    ok(&c);
}

/// Its `width` / `height` watchers and `_computeCutSize` keep `cut_left` / `cut_top`: a new size
/// keeps the box's top-left (pulled back inside the window when it no longer fits) and the side
/// not set keeps its current length, also one a finger changed. `aspect_ratio` (ours) keeps the
/// box's centre, as `setAspectRatio`.
#[test]
fn a_new_box_size_keeps_the_top_left_and_the_other_side() {
    let mut c = loaded();
    c.set_cut_xy(30.0, 40.0).unwrap();
    let r = c.set_props(&PropsPatch { width: Some(300.0), ..Default::default() }).unwrap();
    assert_eq!((r.cut.x, r.cut.y, r.cut.width, r.cut.height), (30.0, 40.0, 300.0, 200.0));
    let r = c.set_props(&PropsPatch { width: Some(360.0), ..Default::default() }).unwrap();
    assert_eq!((r.cut.x, r.cut.width), (15.0, 360.0));
    // A finger makes the box 20 px taller; a min_width change then keeps that height.
    c.set_props(&PropsPatch { width: Some(200.0), ..Default::default() }).unwrap();
    let corner = p(15.0 + 200.0, 40.0 + 200.0);
    c.touch_start(&[corner], 0.0).unwrap();
    c.touch_move(&[p(corner.x, corner.y + 20.0)], 16.0).unwrap();
    c.touch_end(&[], 500.0).unwrap();
    let before = c.cut();
    assert_eq!(before.height, 220.0);
    let r = c.set_props(&PropsPatch { min_width: Some(250.0), ..Default::default() }).unwrap();
    assert_eq!((r.cut.x, r.cut.y, r.cut.width, r.cut.height), (before.x, before.y, 250.0, 220.0));
    let centre = (r.cut.x + r.cut.width / 2.0, r.cut.y + r.cut.height / 2.0);
    let r = c.set_props(&PropsPatch { aspect_ratio: Some(2.0), ..Default::default() }).unwrap();
    assert_eq!((r.cut.width, r.cut.height), (250.0, 125.0));
    assert_eq!((r.cut.x + r.cut.width / 2.0, r.cut.y + r.cut.height / 2.0), centre);
    ok(&c);
}

/// `_cutDetectionPosition`: `cut_top` / `cut_left` are clamped into the window; a null one
/// centres the box on its own axis only.
#[test]
fn cut_position_is_clamped_into_the_window_and_null_centres_its_axis() {
    let mut c = phone();
    let r = c
        .set_props(&PropsPatch {
            cut_top: Some(Some(-20.0)),
            cut_left: Some(Some(900.0)),
            ..Default::default()
        })
        .unwrap();
    assert_eq!((r.cut.x, r.cut.y), (175.0, 0.0));
    let r = c.set_props(&PropsPatch { cut_left: Some(None), ..Default::default() }).unwrap();
    assert_eq!((r.cut.x, r.cut.y), (87.5, 0.0));
    // setCutXY sets the same two values.
    let r = c.set_cut_xy(-5.0, 1000.0).unwrap();
    assert_eq!((r.cut.x, r.cut.y), (0.0, 467.0));
    ok(&c);
}

// ---------------------------------------------------------------- scale

/// `setTransform`: the scale change is added, then clamped to `min_scale..max_scale`.
#[test]
fn set_transform_scale_is_added_then_clamped() {
    let mut c = loaded();
    let r = c.set_transform(&Transform { scale: 0.25, ..Default::default() }).unwrap();
    assert_eq!(r.img.scale, 1.25);
    let r = c.set_transform(&Transform { scale: 3.0, ..Default::default() }).unwrap();
    assert_eq!(r.img.scale, 2.0);
    let r = c.set_transform(&Transform { scale: -3.0, ..Default::default() }).unwrap();
    assert_eq!(r.img.scale, 0.5);
}

/// `_move` with two fingers: the new scale is clamped to `min_scale..max_scale`, also when
/// `setScale` had put it outside.
#[test]
fn pinch_scale_is_clamped_to_min_and_max() {
    let mut c = loaded();
    c.set_scale(3.0).unwrap();
    c.touch_start(&[p(137.5, 333.5), p(237.5, 333.5)], 0.0).unwrap();
    // Fingers 1 % further apart: 3.03 clamped to max_scale.
    let r = c.touch_move(&[p(137.0, 333.5), p(238.0, 333.5)], 16.0).unwrap().unwrap();
    assert_eq!(r.img.scale, 2.0);
    let r = c.touch_move(&[p(187.0, 333.5), p(188.0, 333.5)], 32.0).unwrap().unwrap();
    assert_eq!(r.img.scale, 0.5);
    ok(&c);
}

/// `setScale` and `setAngle` take any value (ours validates: finite, scale > 0).
#[test]
fn set_scale_and_set_angle_are_not_clamped() {
    let mut c = loaded();
    assert_eq!(c.set_scale(7.5).unwrap().img.scale, 7.5);
    assert_eq!(c.set_scale(0.01).unwrap().img.scale, 0.01);
    assert_eq!(c.set_angle(-1234.5).unwrap().img.angle, -1234.5);
    assert_eq!(c.set_scale(0.0).unwrap_err().code, ErrorCode::InvalidOption);
    // The scale property, like setScale.
    let r = c.set_props(&PropsPatch { scale: Some(9.0), ..Default::default() }).unwrap();
    assert_eq!(r.img.scale, 9.0);
}

// ---------------------------------------------------------------- limit_move and the angle

/// `Math.round(angle / 90) * 90`: halves go up, towards +∞.
#[test]
fn limit_move_snaps_to_the_nearest_quarter_turn_as_math_round() {
    let mut c = limited();
    for (set, snapped) in [
        (44.9, 0.0),
        (45.0, 90.0),
        (-45.0, 0.0),
        (-45.1, -90.0),
        (135.0, 180.0),
        (-135.0, -90.0),
        (-89.0, -90.0),
        (400.0, 360.0),
    ] {
        let r = c.set_angle(set).unwrap();
        assert_eq!(r.img.angle, snapped, "setAngle({set})");
        assert!(r.img.angle.is_sign_positive() || r.img.angle != 0.0, "no -0");
        ok(&c);
    }
}

/// Its `angle` watcher: the `angle` property snaps with `limit_move`.
#[test]
fn limit_move_snaps_the_angle_property() {
    let mut c = limited();
    let r = c.set_props(&angle_patch(60.0)).unwrap();
    assert_eq!(r.img.angle, 90.0);
    assert!(c.image_covers_box(1e-9));
    // Loaded later, the image takes the property's angle snapped.
    let r = c.load_image(800.0, 600.0).unwrap();
    assert_eq!(r.img.angle, 90.0);
    ok(&c);
}

/// `setTransform`'s angle goes through the same watcher.
#[test]
fn limit_move_snaps_set_transform_angle() {
    let mut c = limited();
    assert_eq!(c.set_transform(&Transform { angle: 30.0, ..Default::default() }).unwrap().img.angle, 0.0);
    assert_eq!(c.set_transform(&Transform { angle: 50.0, ..Default::default() }).unwrap().img.angle, 90.0);
    // Relative to the snapped angle: 90 + 50 = 140 → 180.
    assert_eq!(c.set_transform(&Transform { angle: 50.0, ..Default::default() }).unwrap().img.angle, 180.0);
    ok(&c);
}

/// Its `limit_move` watcher (`setLimitMove(true)`): switching it on snaps the angle there is.
#[test]
fn switching_limit_move_on_snaps_the_angle() {
    let mut c = loaded();
    c.set_angle(100.0).unwrap();
    let r = c.set_props(&PropsPatch { limit_move: Some(true), ..Default::default() }).unwrap();
    assert_eq!(r.img.angle, 90.0);
    assert!(c.image_covers_box(1e-9));
    ok(&c);
}

/// Two-finger rotation sets the angle through the watcher too: each move's small turn snaps
/// back, so the image does not turn (nor swing about the fingers' midpoint).
#[test]
fn limit_move_snaps_two_finger_rotation() {
    let mut c = limited();
    let before = c.render().img;
    c.touch_start(&[p(137.5, 333.5), p(237.5, 333.5)], 0.0).unwrap();
    for i in 1..=10 {
        let a = (i as f64 * 4.0).to_radians();
        let (dx, dy) = (50.0 * a.cos(), 50.0 * a.sin());
        c.touch_move(&[p(187.5 - dx, 333.5 - dy), p(187.5 + dx, 333.5 + dy)], 16.0 * i as f64).unwrap();
        ok(&c);
        assert_eq!(c.render().img.angle, 0.0);
    }
    // Turned 40° in ten moves: no turn, and the image did not swing about the midpoint (the
    // distance between the fingers stayed 100 px up to rounding).
    let r = c.render().img;
    assert_close!(r.x, before.x);
    assert_close!(r.y, before.y);
    assert_close!(r.scale, before.scale);
    // One move turning past 45° reaches the next quarter.
    let r = c.touch_move(&[p(187.5, 283.5), p(187.5, 383.5)], 200.0).unwrap().unwrap();
    assert_eq!(r.img.angle, 90.0);
    ok(&c);
}

/// Our `limit_any_angle` keeps the angle with `limit_move` (containment at any angle): the
/// original's snapping is the default.
#[test]
fn limit_any_angle_keeps_any_angle_with_limit_move() {
    let mut c = limited_any_angle();
    let r = c.set_angle(33.0).unwrap();
    assert_eq!(r.img.angle, 33.0);
    assert!(c.image_covers_box(1e-9));
    c.touch_start(&[p(137.5, 333.5), p(237.5, 333.5)], 0.0).unwrap();
    let r = c.touch_move(&[p(137.5, 323.5), p(237.5, 343.5)], 16.0).unwrap().unwrap();
    assert_close!(r.img.angle, 33.0 + 20f64.atan2(100.0).to_degrees());
    assert!(c.image_covers_box(1e-9));
    // Switched off again, the angle snaps at once.
    let r = c.set_props(&PropsPatch { limit_any_angle: Some(false), ..Default::default() }).unwrap();
    assert_eq!(r.img.angle, 0.0);
    ok(&c);
}

/// Without `limit_move` nothing snaps, whatever `limit_any_angle` says.
#[test]
fn without_limit_move_no_angle_snaps() {
    let mut c = loaded();
    assert_eq!(c.set_angle(33.0).unwrap().img.angle, 33.0);
    assert_eq!(c.rotate(10.0).unwrap().img.angle, 43.0);
}

/// Our own `rotate` and crop data follow the same rule with `limit_move`.
#[test]
fn limit_move_snaps_rotate_and_crop_data() {
    let mut c = limited();
    assert_eq!(c.rotate(30.0).unwrap().img.angle, 0.0);
    assert_eq!(c.rotate(-60.0).unwrap().img.angle, -90.0);
    let d =
        CropData { x: 0.0, y: 0.0, width: 1000.0, height: 1000.0, rotate: 80.0, scale_x: 1.0, scale_y: 1.0 };
    c.set_crop_data(&d).unwrap();
    assert_eq!(c.crop_data().unwrap().rotate, 90.0);
    ok(&c);
}

// ---------------------------------------------------------------- our validation (kept)

#[test]
fn values_that_make_no_sense_are_invalid_option() {
    let mut c = loaded();
    let before = c.render();
    let bad = [
        PropsPatch { aspect_ratio: Some(-1.0), ..Default::default() },
        PropsPatch { min_width: Some(350.0), ..Default::default() },
        PropsPatch { max_scale: Some(0.1), ..Default::default() },
        PropsPatch { width: Some(-1.0), ..Default::default() },
        PropsPatch { angle: Some(f64::NAN), ..Default::default() },
        PropsPatch { quality: Some(1.5), ..Default::default() },
        PropsPatch { quality: Some(-0.1), ..Default::default() },
        PropsPatch { quality: Some(f64::NAN), ..Default::default() },
        PropsPatch { file_type: Some("gif".into()), ..Default::default() },
        PropsPatch { shape: Some("star".into()), ..Default::default() },
        PropsPatch { fill_color: Some("white".into()), ..Default::default() },
        PropsPatch { max_bytes: Some(-1.0), ..Default::default() },
        PropsPatch { max_bytes: Some(1000.5), ..Default::default() },
        PropsPatch { export_mode: Some("huge".into()), ..Default::default() },
        PropsPatch { export_width: Some(-3.0), ..Default::default() },
    ];
    for patch in &bad {
        assert_eq!(c.set_props(patch).unwrap_err().code, ErrorCode::InvalidOption, "{patch:?}");
    }
    assert_eq!(c.render(), before);
    assert_eq!(c.props(), &image_cropper_wasm::engine::Props::default());
}

// ---------------------------------------------------------------- output properties

#[test]
fn output_properties_become_the_export_options() {
    let mut c = loaded();
    let o = c.export_options().unwrap();
    assert_eq!(
        (o.file_type, o.quality, o.fill, o.shape, o.max_bytes),
        (FileType::Png, 1.0, [255; 4], Shape::Rect, None)
    );
    c.set_props(&PropsPatch {
        file_type: Some("JPEG".into()),
        quality: Some(0.8),
        fill_color: Some("#102030".into()),
        shape: Some("ellipse".into()),
        max_bytes: Some(60_000.0),
        ..Default::default()
    })
    .unwrap();
    let o = c.export_options().unwrap();
    assert_eq!(
        (o.file_type, o.quality, o.fill, o.shape, o.max_bytes),
        (FileType::Jpeg, 0.8, [16, 32, 48, 255], Shape::Ellipse, Some(60_000))
    );
    // Read back as given (lower-cased); "" and 0 are none again.
    let v = c.props().values();
    assert_eq!(
        (v.file_type.as_str(), v.shape.as_str(), v.fill_color.as_str()),
        ("jpeg", "ellipse", "#102030")
    );
    c.set_props(&PropsPatch { fill_color: Some(String::new()), max_bytes: Some(0.0), ..Default::default() })
        .unwrap();
    let o = c.export_options().unwrap();
    assert_eq!((o.fill, o.max_bytes), ([255; 4], None));
}

/// 'circle' and 'ellipse' both crop to the inscribed ellipse; the render tells the view.
#[test]
fn circle_and_ellipse_shapes_render_round() {
    let mut c = loaded();
    assert!(!c.render().round);
    for shape in ["circle", "ellipse", "Circle"] {
        let r = c.set_props(&PropsPatch { shape: Some(shape.into()), ..Default::default() }).unwrap();
        assert!(r.round, "{shape}");
        assert_eq!(c.export_options().unwrap().shape, Shape::Ellipse);
        c.set_props(&PropsPatch { shape: Some("rect".into()), ..Default::default() }).unwrap();
        assert!(!c.render().round);
    }
}

#[test]
fn export_mode_properties_give_the_output_size() {
    let mut c = loaded();
    assert_eq!(c.output_size().unwrap(), OutputSize::Scale);
    c.set_props(&PropsPatch { export_mode: Some("source".into()), ..Default::default() }).unwrap();
    assert_eq!(c.output_size().unwrap(), OutputSize::Source);
    // 'size' needs both sides: refused at export time (the sides may come in a later patch).
    c.set_props(&PropsPatch { export_mode: Some("size".into()), ..Default::default() }).unwrap();
    assert_eq!(c.output_size().unwrap_err().code, ErrorCode::InvalidOption);
    c.set_props(&PropsPatch { export_width: Some(640.4), export_height: Some(480.0), ..Default::default() })
        .unwrap();
    assert_eq!(c.output_size().unwrap(), OutputSize::Size { width: 640, height: 480 });
    c.set_props(&PropsPatch { export_width: Some(1.0e6), ..Default::default() }).unwrap();
    assert_eq!(c.output_size().unwrap_err().code, ErrorCode::TooLarge);
}

// ---------------------------------------------------------------- defaults

/// The one definition of the defaults, as the component declares them (the original's 25
/// properties with its values, then ours).
#[test]
fn prop_defaults_are_the_originals_then_ours() {
    let v = image_cropper_wasm::engine::Props::default().values();
    assert_eq!(
        (v.width, v.height, v.max_width, v.max_height, v.min_width, v.min_height),
        (200.0, 200.0, 300.0, 300.0, 100.0, 100.0)
    );
    assert_eq!(
        (v.disable_width, v.disable_height, v.disable_ratio, v.disable_rotate, v.limit_move),
        (false, false, false, false, false)
    );
    assert_eq!(
        (v.export_scale, v.quality, v.scale, v.angle, v.min_scale, v.max_scale),
        (3.0, 1.0, 1.0, 0.0, 0.5, 2.0)
    );
    assert_eq!((v.cut_top, v.cut_left, v.img_width.clone(), v.img_height.clone()), (None, None, None, None));
    assert!(!v.limit_any_angle);
    assert_eq!(
        (v.file_type.as_str(), v.fill_color.as_str(), v.shape.as_str(), v.export_mode.as_str()),
        ("png", "", "rect", "scale")
    );
    assert_eq!((v.max_bytes, v.aspect_ratio, v.export_width, v.export_height), (0.0, 0.0, 0.0, 0.0));
    // Lengths read back in the form they were given.
    let mut c = phone();
    c.set_props(&PropsPatch {
        img_width: Some(LengthValue::Text("50%".into())),
        img_height: Some(LengthValue::Number(120.0)),
        ..Default::default()
    })
    .unwrap();
    let v = c.props().values();
    assert_eq!(
        (v.img_width, v.img_height),
        (Some(LengthValue::Text("50%".into())), Some(LengthValue::Number(120.0)))
    );
}

/// "" for `img_width` is automatic, as the original's falsy sizes.
#[test]
fn empty_image_size_is_automatic() {
    let mut c = phone();
    c.set_props(&PropsPatch { img_width: Some(LengthValue::Number(300.0)), ..Default::default() }).unwrap();
    c.set_props(&PropsPatch { img_width: Some(LengthValue::Text(" ".into())), ..Default::default() })
        .unwrap();
    assert_eq!(c.props().img_width, None);
    let r = c.load_image(PHOTO.0, PHOTO.1).unwrap();
    assert_eq!(r.img.height, 200.0);
}
