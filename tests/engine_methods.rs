//! Engine: the original's methods plus rotate / flip / aspect ratio, with exact numbers.

use image_cropper_wasm::engine::methods::Transform;
use image_cropper_wasm::engine::PropsPatch;
use image_cropper_wasm::ErrorCode;

#[macro_use]
mod engine_common;

use engine_common::*;

#[test]
fn set_cut_xy_moves_the_box_inside_the_viewport() {
    let mut c = loaded();
    let r = c.set_cut_xy(10.0, 20.0).unwrap();
    assert_eq!((r.cut.x, r.cut.y, r.cut.width), (10.0, 20.0, 200.0));
    assert_eq!((r.img.x, r.img.y), (187.5, 333.5));
    let r = c.set_cut_xy(1000.0, -5.0).unwrap();
    assert_eq!((r.cut.x, r.cut.y), (175.0, 0.0));
    assert_eq!(c.set_cut_xy(f64::NAN, 0.0).unwrap_err().code, ErrorCode::InvalidOption);
}

#[test]
fn set_cut_size_is_clamped() {
    let mut c = loaded();
    let r = c.set_cut_size(250.0, 150.0).unwrap();
    assert_eq!((r.cut.x, r.cut.y, r.cut.width, r.cut.height), (87.5, 233.5, 250.0, 150.0));
    // Below min_width: min_width. Above max_height: kept (a max bounds only a finger's resize).
    let r = c.set_cut_size(50.0, 400.0).unwrap();
    assert_eq!((r.cut.width, r.cut.height), (100.0, 400.0));
    // Beyond the viewport: the viewport.
    let r = c.set_cut_size(1000.0, 1000.0).unwrap();
    assert_eq!((r.cut.x, r.cut.y, r.cut.width, r.cut.height), (0.0, 0.0, 375.0, 667.0));
    assert_eq!(c.set_cut_size(-1.0, 100.0).unwrap_err().code, ErrorCode::InvalidOption);
    assert_eq!(c.set_cut_size(100.0, f64::INFINITY).unwrap_err().code, ErrorCode::InvalidOption);
}

#[test]
fn set_cut_center_moves_box_and_image_together() {
    let mut c = loaded();
    c.set_cut_xy(10.0, 20.0).unwrap();
    let r = c.set_cut_center().unwrap();
    assert_eq!((r.cut.x, r.cut.y), (87.5, 233.5));
    assert_eq!((r.img.x, r.img.y), (265.0, 547.0));
    assert!(r.animate);
    // Already centred: nothing to animate.
    assert!(!c.set_cut_center().unwrap().animate);
}

#[test]
fn set_scale_is_not_clamped() {
    let mut c = loaded();
    assert_eq!(c.set_scale(5.0).unwrap().img.scale, 5.0);
    assert_eq!(c.set_scale(0.1).unwrap().img.scale, 0.1);
    for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, 1e7] {
        assert_eq!(c.set_scale(bad).unwrap_err().code, ErrorCode::InvalidOption);
    }
}

#[test]
fn set_angle_sets_any_angle_animated() {
    let mut c = loaded();
    let r = c.set_angle(45.0).unwrap();
    assert_eq!(r.img.angle, 45.0);
    assert!(r.animate);
    assert_eq!(c.set_angle(0.0).unwrap().img.angle, 0.0);
    assert_eq!(c.set_angle(f64::NAN).unwrap_err().code, ErrorCode::InvalidOption);
}

#[test]
fn set_transform_is_relative_with_scale_clamped() {
    let mut c = loaded();
    let t = Transform { x: 10.0, y: -5.0, angle: 30.0, scale: 0.5, cut_x: 10.0, cut_y: 0.0 };
    let r = c.set_transform(&t).unwrap();
    assert_eq!((r.img.x, r.img.y, r.img.angle, r.img.scale), (197.5, 328.5, 30.0, 1.5));
    assert_eq!((r.cut.x, r.cut.y), (97.5, 233.5));
    let r = c.set_transform(&Transform { scale: 5.0, ..Default::default() }).unwrap();
    assert_eq!(r.img.scale, 2.0);
    let r = c.set_transform(&Transform { scale: -5.0, ..Default::default() }).unwrap();
    assert_eq!(r.img.scale, 0.5);
    let r = c.set_transform(&Transform { cut_x: -1000.0, cut_y: 1000.0, ..Default::default() }).unwrap();
    assert_eq!((r.cut.x, r.cut.y), (0.0, 467.0));
    assert_eq!(
        c.set_transform(&Transform { x: f64::NAN, ..Default::default() }).unwrap_err().code,
        ErrorCode::InvalidOption
    );
}

#[test]
fn set_transform_angle_ignored_with_disable_rotate() {
    let mut c = loaded();
    c.set_props(&PropsPatch { disable_rotate: Some(true), ..Default::default() }).unwrap();
    let r = c.set_transform(&Transform { angle: 30.0, x: 1.0, ..Default::default() }).unwrap();
    assert_eq!((r.img.angle, r.img.x), (0.0, 188.5));
}

#[test]
fn img_reset_restores_scale_angle_position_and_flips() {
    let mut c = loaded();
    c.set_transform(&Transform { x: 40.0, y: 40.0, angle: 30.0, scale: 0.5, ..Default::default() }).unwrap();
    c.flip(true).unwrap();
    let r = c.img_reset().unwrap();
    assert_eq!((r.img.x, r.img.y, r.img.scale, r.img.angle, r.img.flip_x), (187.5, 333.5, 1.0, 0.0, false));
}

#[test]
fn rotate_adds_degrees_even_with_disable_rotate() {
    let mut c = loaded();
    c.set_props(&PropsPatch { disable_rotate: Some(true), ..Default::default() }).unwrap();
    assert_eq!(c.rotate(90.0).unwrap().img.angle, 90.0);
    let r = c.rotate(90.0).unwrap();
    assert_eq!(r.img.angle, 180.0);
    assert!(r.animate);
    assert_eq!(c.rotate(-45.0).unwrap().img.angle, 135.0);
    assert_eq!(c.rotate90().unwrap().img.angle, 225.0);
    assert_eq!(c.rotate(f64::INFINITY).unwrap_err().code, ErrorCode::InvalidOption);
}

#[test]
fn flip_toggles_each_axis() {
    let mut c = loaded();
    let r = c.flip(true).unwrap();
    assert_eq!((r.img.flip_x, r.img.flip_y), (true, false));
    let r = c.flip(false).unwrap();
    assert_eq!((r.img.flip_x, r.img.flip_y), (true, true));
    let r = c.flip(true).unwrap();
    assert_eq!((r.img.flip_x, r.img.flip_y), (false, true));
}

#[test]
fn aspect_ratio_resizes_about_the_centre() {
    let mut c = loaded();
    let r = c.set_aspect_ratio(2.0).unwrap();
    assert_eq!((r.cut.x, r.cut.y, r.cut.width, r.cut.height), (87.5, 283.5, 200.0, 100.0));
    assert_eq!(c.props().aspect_ratio, 2.0);
    // Later size changes keep the ratio.
    let r = c.set_cut_size(260.0, 50.0).unwrap();
    assert_eq!((r.cut.width, r.cut.height), (260.0, 130.0));
    // Free again: the box keeps its size.
    let r = c.set_aspect_ratio(0.0).unwrap();
    assert_eq!((r.cut.width, r.cut.height), (260.0, 130.0));
    // A ratio no box within min/max can have is rejected; nothing changes.
    let before = c.render();
    assert_eq!(c.set_aspect_ratio(100.0).unwrap_err().code, ErrorCode::InvalidOption);
    assert_eq!(c.set_aspect_ratio(f64::NAN).unwrap_err().code, ErrorCode::InvalidOption);
    assert_eq!(c.render(), before);
    assert_eq!(c.props().aspect_ratio, 0.0);
}

#[test]
fn limit_move_rotation_grows_scale_to_the_minimum_covering_scale() {
    let mut c = limited_any_angle();
    let r = c.set_angle(45.0).unwrap();
    // The box's extent along each image axis is 200·√2; the image is 200 px high at scale 1.
    assert_close!(r.img.scale, 2f64.sqrt());
    assert_close!(r.img.x, 187.5);
    assert!(c.image_covers_box(1e-9));
    let r = c.set_angle(90.0).unwrap();
    // Turned a quarter, the 266.67 × 200 image is 200 wide on screen: scale 1 covers.
    assert_close!(r.img.scale, 2f64.sqrt());
    c.set_scale(0.2).unwrap();
    assert_close!(c.render().img.scale, 1.0);
}

#[test]
fn limit_move_applies_to_box_methods() {
    let mut c = limited_any_angle();
    let r = c.set_cut_size(300.0, 300.0).unwrap();
    assert_close!(r.img.scale, 1.5);
    assert!(c.image_covers_box(1e-9));
    c.set_cut_xy(0.0, 0.0).unwrap();
    assert!(c.image_covers_box(1e-9));
    c.set_transform(&Transform { x: 500.0, y: -300.0, angle: 17.0, ..Default::default() }).unwrap();
    assert!(c.image_covers_box(1e-9));
}

#[test]
fn limit_move_switched_on_later_contains_at_any_angle() {
    let mut c = loaded();
    c.set_transform(&Transform { x: 300.0, angle: 33.0, scale: -0.5, ..Default::default() }).unwrap();
    assert!(!c.image_covers_box(1e-9));
    c.set_props(&PropsPatch { limit_move: Some(true), limit_any_angle: Some(true), ..Default::default() })
        .unwrap();
    assert!(c.image_covers_box(1e-9));
    assert_eq!(c.render().img.angle, 33.0);
}
