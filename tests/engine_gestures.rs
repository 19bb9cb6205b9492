//! Engine: touches (pan, pinch-zoom-rotate, box resize by corner / edge, tap, re-centring).

use image_cropper_wasm::engine::{Cropper, PropsPatch};
use image_cropper_wasm::ErrorCode;

#[macro_use]
mod engine_common;

use engine_common::*;

#[test]
fn one_finger_pans_the_image() {
    let mut c = loaded();
    c.touch_start(&[p(180.0, 330.0)], 0.0).unwrap();
    let r = c.touch_move(&[p(200.0, 340.0)], 16.0).unwrap().unwrap();
    assert_eq!((r.img.x, r.img.y), (207.5, 343.5));
    let r = c.touch_move(&[p(150.0, 300.0)], 32.0).unwrap().unwrap();
    assert_eq!((r.img.x, r.img.y), (157.5, 303.5));
    // The box does not move during a pan.
    assert_eq!((r.cut.x, r.cut.y), (87.5, 233.5));
}

#[test]
fn move_without_change_returns_none() {
    let mut c = loaded();
    c.touch_start(&[p(180.0, 330.0)], 0.0).unwrap();
    assert!(c.touch_move(&[p(190.0, 330.0)], 16.0).unwrap().is_some());
    assert!(c.touch_move(&[p(190.0, 330.0)], 32.0).unwrap().is_none());
}

#[test]
fn short_still_touch_inside_box_is_a_tap() {
    let mut c = loaded();
    c.touch_start(&[p(180.0, 330.0)], 1000.0).unwrap();
    let r = c.touch_end(&[], 1100.0).unwrap();
    assert!(r.tap);
    // Small jitter is still a tap.
    c.touch_start(&[p(180.0, 330.0)], 2000.0).unwrap();
    c.touch_move(&[p(183.0, 333.0)], 2016.0).unwrap();
    assert!(c.touch_end(&[], 2100.0).unwrap().tap);
    // The next render is not a tap any more.
    assert!(!c.render().tap);
}

#[test]
fn long_moved_outside_or_multi_touch_is_not_a_tap() {
    let mut c = loaded();
    c.touch_start(&[p(180.0, 330.0)], 0.0).unwrap();
    assert!(!c.touch_end(&[], 351.0).unwrap().tap);

    c.touch_start(&[p(180.0, 330.0)], 0.0).unwrap();
    c.touch_move(&[p(190.0, 330.0)], 16.0).unwrap();
    c.touch_move(&[p(180.0, 330.0)], 32.0).unwrap();
    assert!(!c.touch_end(&[], 100.0).unwrap().tap);

    c.touch_start(&[p(20.0, 20.0)], 0.0).unwrap();
    assert!(!c.touch_end(&[], 50.0).unwrap().tap);

    c.touch_start(&[p(180.0, 330.0)], 0.0).unwrap();
    c.touch_start(&[p(180.0, 330.0), p(200.0, 330.0)], 10.0).unwrap();
    c.touch_end(&[p(180.0, 330.0)], 20.0).unwrap();
    assert!(!c.touch_end(&[], 30.0).unwrap().tap);
}

#[test]
fn tap_works_before_an_image_is_loaded() {
    let mut c = Cropper::new(375.0, 667.0).unwrap();
    c.touch_start(&[p(180.0, 330.0)], 0.0).unwrap();
    assert!(c.touch_move(&[p(181.0, 330.0)], 5.0).unwrap().is_none());
    assert!(c.touch_end(&[], 50.0).unwrap().tap);
}

#[test]
fn pinch_zooms_about_the_midpoint() {
    let mut c = loaded();
    c.touch_start(&[p(137.5, 333.5), p(237.5, 333.5)], 0.0).unwrap();
    let r = c.touch_move(&[p(112.5, 333.5), p(262.5, 333.5)], 16.0).unwrap().unwrap();
    assert_close!(r.img.scale, 1.5);
    assert_eq!(r.img.angle, 0.0);
    assert_close!(r.img.x, 187.5);
    assert_close!(r.img.y, 333.5);

    let mut c = loaded();
    c.touch_start(&[p(100.0, 300.0), p(200.0, 300.0)], 0.0).unwrap();
    let r = c.touch_move(&[p(50.0, 300.0), p(250.0, 300.0)], 16.0).unwrap().unwrap();
    assert_close!(r.img.scale, 2.0);
    // The image point under the midpoint (150, 300) stays there: c' = m + 2 (c - m).
    assert_close!(r.img.x, 225.0);
    assert_close!(r.img.y, 367.0);
}

#[test]
fn pinch_rotates_by_the_fingers_angle() {
    let mut c = loaded();
    c.touch_start(&[p(137.5, 333.5), p(237.5, 333.5)], 0.0).unwrap();
    let r = c.touch_move(&[p(187.5, 283.5), p(187.5, 383.5)], 16.0).unwrap().unwrap();
    assert_close!(r.img.angle, 90.0);
    assert_close!(r.img.scale, 1.0);
    assert_close!(r.img.x, 187.5);
    // Crossing ±180° turns the short way.
    let r = c.touch_move(&[p(237.5, 333.5), p(137.5, 333.5)], 32.0).unwrap().unwrap();
    assert_close!(r.img.angle, 180.0);
    let r = c.touch_move(&[p(237.5, 343.5), p(137.5, 323.5)], 48.0).unwrap().unwrap();
    assert_close!(r.img.angle, 180.0 + (20.0f64).atan2(100.0).to_degrees());
}

#[test]
fn pinch_scale_is_clamped_and_rotation_can_be_disabled() {
    let mut c = with(PropsPatch { disable_rotate: Some(true), ..Default::default() });
    c.touch_start(&[p(137.5, 333.5), p(237.5, 333.5)], 0.0).unwrap();
    let r = c.touch_move(&[p(0.0, 100.0), p(375.0, 600.0)], 16.0).unwrap().unwrap();
    assert_eq!(r.img.scale, 2.0);
    assert_eq!(r.img.angle, 0.0);
    let r = c.touch_move(&[p(180.0, 333.5), p(181.0, 333.5)], 32.0).unwrap().unwrap();
    assert_eq!(r.img.scale, 0.5);
}

#[test]
fn coincident_fingers_do_not_produce_nan() {
    let mut c = loaded();
    c.touch_start(&[p(100.0, 100.0), p(100.0, 100.0)], 0.0).unwrap();
    let r = c.touch_move(&[p(120.0, 100.0), p(120.0, 100.0)], 16.0).unwrap().unwrap();
    assert_eq!(r.img.scale, 1.0);
    assert_eq!((r.img.x, r.img.y), (207.5, 333.5));
}

#[test]
fn second_finger_starts_a_new_baseline_without_a_jump() {
    let mut c = loaded();
    c.touch_start(&[p(180.0, 330.0)], 0.0).unwrap();
    c.touch_move(&[p(190.0, 330.0)], 16.0).unwrap();
    let r = c.touch_start(&[p(190.0, 330.0), p(290.0, 330.0)], 20.0).unwrap();
    assert_eq!((r.img.x, r.img.y, r.img.scale), (197.5, 333.5, 1.0));
    let r = c.touch_move(&[p(190.0, 330.0), p(340.0, 330.0)], 32.0).unwrap().unwrap();
    assert_close!(r.img.scale, 1.5);
    // Lifting one finger: the remaining one pans from where it is.
    c.touch_end(&[p(340.0, 330.0)], 40.0).unwrap();
    let before = c.render().img;
    let r = c.touch_move(&[p(350.0, 335.0)], 48.0).unwrap().unwrap();
    assert_close!(r.img.x, before.x + 10.0);
    assert_close!(r.img.y, before.y + 5.0);
}

#[test]
fn bottom_right_corner_resizes_then_box_recentres_with_image() {
    let mut c = loaded();
    c.touch_start(&[p(287.5, 433.5)], 0.0).unwrap();
    let r = c.touch_move(&[p(337.5, 463.5)], 16.0).unwrap().unwrap();
    assert_eq!((r.cut.x, r.cut.y, r.cut.width, r.cut.height), (87.5, 233.5, 250.0, 230.0));
    assert_eq!((r.img.x, r.img.y), (187.5, 333.5));
    let r = c.touch_end(&[], 500.0).unwrap();
    assert!(r.animate && !r.tap);
    assert_eq!((r.cut.x, r.cut.y, r.cut.width, r.cut.height), (62.5, 218.5, 250.0, 230.0));
    assert_eq!((r.img.x, r.img.y), (162.5, 318.5));
    assert!(!c.render().animate);
}

#[test]
fn top_left_corner_is_limited_by_max_and_viewport() {
    let mut c = loaded();
    c.touch_start(&[p(90.0, 236.0)], 0.0).unwrap();
    let r = c.touch_move(&[p(-110.0, 36.0)], 16.0).unwrap().unwrap();
    // Width: max 300 but only 287.5 px left of the fixed right side; height: max 300.
    assert_eq!((r.cut.x, r.cut.y, r.cut.width, r.cut.height), (0.0, 133.5, 287.5, 300.0));
    let r = c.touch_move(&[p(290.0, 636.0)], 32.0).unwrap().unwrap();
    assert_eq!((r.cut.width, r.cut.height), (100.0, 100.0));
    assert_eq!((r.cut.x, r.cut.y), (187.5, 333.5));
}

#[test]
fn edges_resize_one_axis() {
    let mut c = loaded();
    c.touch_start(&[p(187.5, 430.0)], 0.0).unwrap();
    let r = c.touch_move(&[p(150.0, 470.0)], 16.0).unwrap().unwrap();
    assert_eq!((r.cut.x, r.cut.y, r.cut.width, r.cut.height), (87.5, 233.5, 200.0, 240.0));
    c.touch_end(&[], 100.0).unwrap();
    let cut = c.cut();
    c.touch_start(&[p(cut.x + 2.0, cut.y + 100.0)], 200.0).unwrap();
    let r = c.touch_move(&[p(cut.x + 32.0, cut.y + 50.0)], 216.0).unwrap().unwrap();
    assert_eq!((r.cut.x, r.cut.width, r.cut.height), (cut.x + 30.0, 170.0, 240.0));
}

#[test]
fn disable_ratio_locks_the_box_ratio() {
    let mut c = with(PropsPatch {
        disable_ratio: Some(true),
        width: Some(200.0),
        height: Some(100.0),
        ..Default::default()
    });
    let cut = c.cut();
    c.touch_start(&[p(cut.x + cut.width, cut.y + cut.height)], 0.0).unwrap();
    let r = c.touch_move(&[p(cut.x + cut.width + 60.0, cut.y + cut.height)], 16.0).unwrap().unwrap();
    assert_eq!((r.cut.width, r.cut.height), (260.0, 130.0));
    // The viewport (287.5 px right of the fixed left side) caps the ratio-locked size.
    let r = c.touch_move(&[p(cut.x + cut.width + 160.0, 0.0)], 32.0).unwrap().unwrap();
    assert_eq!((r.cut.width, r.cut.height), (287.5, 143.75));
}

#[test]
fn aspect_ratio_edge_drag_grows_the_other_axis_about_its_centre() {
    let mut c = with(PropsPatch { aspect_ratio: Some(2.0), ..Default::default() });
    let cut = c.cut();
    assert_eq!((cut.width, cut.height), (200.0, 100.0));
    c.touch_start(&[p(cut.x + cut.width, cut.y + 50.0)], 0.0).unwrap();
    let r = c.touch_move(&[p(cut.x + cut.width + 40.0, cut.y + 50.0)], 16.0).unwrap().unwrap();
    assert_eq!((r.cut.x, r.cut.width, r.cut.height), (cut.x, 240.0, 120.0));
    assert_eq!(r.cut.y, cut.y - 10.0);
}

#[test]
fn disable_width_and_height_lock_axes() {
    let mut c = with(PropsPatch { disable_width: Some(true), ..Default::default() });
    c.touch_start(&[p(287.5, 433.5)], 0.0).unwrap();
    let r = c.touch_move(&[p(337.5, 463.5)], 16.0).unwrap().unwrap();
    assert_eq!((r.cut.width, r.cut.height), (200.0, 230.0));

    let mut c =
        with(PropsPatch { disable_width: Some(true), disable_height: Some(true), ..Default::default() });
    c.touch_start(&[p(287.5, 433.5)], 0.0).unwrap();
    // No handle: the finger pans the image instead.
    let r = c.touch_move(&[p(297.5, 433.5)], 16.0).unwrap().unwrap();
    assert_eq!((r.cut.width, r.cut.height), (200.0, 200.0));
    assert_eq!(r.img.x, 197.5);
}

#[test]
fn limit_move_pan_stops_at_the_image_edge() {
    let mut c = with(PropsPatch { limit_move: Some(true), ..Default::default() });
    c.touch_start(&[p(180.0, 330.0)], 0.0).unwrap();
    let r = c.touch_move(&[p(280.0, 300.0)], 16.0).unwrap().unwrap();
    assert_close!(r.img.x, 87.5 + 400.0 / 3.0);
    assert_close!(r.img.y, 333.5);
    assert!(c.image_covers_box(1e-9));
    // Following the finger back releases the clamp.
    let r = c.touch_move(&[p(170.0, 330.0)], 32.0).unwrap().unwrap();
    assert_close!(r.img.x, 177.5);
}

#[test]
fn bad_touches_are_typed_errors() {
    let mut c = loaded();
    let before = c.render();
    assert_eq!(c.touch_start(&[], 0.0).unwrap_err().code, ErrorCode::InvalidOption);
    assert_eq!(c.touch_start(&[p(f64::NAN, 0.0)], 0.0).unwrap_err().code, ErrorCode::InvalidOption);
    assert_eq!(c.touch_move(&[p(0.0, f64::INFINITY)], 0.0).unwrap_err().code, ErrorCode::InvalidOption);
    assert_eq!(c.touch_end(&[], f64::NAN).unwrap_err().code, ErrorCode::InvalidOption);
    assert_eq!(c.touch_move(&[p(1e12, 0.0)], 0.0).unwrap_err().code, ErrorCode::InvalidOption);
    assert_eq!(c.render(), before);
    // A move or end without a start does nothing harmful.
    assert!(c.touch_move(&[p(10.0, 10.0)], 0.0).unwrap().is_none());
    c.touch_end(&[], 5.0).unwrap();
    c.touch_end(&[], 6.0).unwrap();
}

#[test]
fn a_method_during_a_pan_does_not_make_the_next_move_jump() {
    let mut c = loaded();
    c.touch_start(&[p(180.0, 330.0)], 0.0).unwrap();
    c.touch_move(&[p(190.0, 330.0)], 16.0).unwrap();
    // A button moves the image while the finger is still down.
    let r = c
        .set_transform(&image_cropper_wasm::engine::methods::Transform { x: 50.0, ..Default::default() })
        .unwrap();
    assert_eq!(r.img.x, 247.5);
    // The pan goes on from there: 10 px further right, not back to where the finger began.
    let r = c.touch_move(&[p(200.0, 330.0)], 32.0).unwrap().unwrap();
    assert_eq!((r.img.x, r.img.y), (257.5, 333.5));
}

#[test]
fn a_property_change_during_a_resize_resizes_the_new_box() {
    let mut c = loaded();
    c.touch_start(&[p(287.5, 433.5)], 0.0).unwrap();
    c.touch_move(&[p(297.5, 443.5)], 16.0).unwrap();
    assert_eq!((c.cut().width, c.cut().height), (210.0, 210.0));
    // The page sets a new width mid-gesture: the box takes it and keeps its top-left and its
    // height (as the original's width watcher): 150 × 210.
    let r = c.set_props(&PropsPatch { width: Some(150.0), ..Default::default() }).unwrap();
    assert_eq!((r.cut.x, r.cut.y, r.cut.width, r.cut.height), (87.5, 233.5, 150.0, 210.0));
    // The same corner goes on resizing that box (the finger is no longer on it, and it does
    // not turn into a pan): 10 px more each way, the top-left corner fixed.
    let r = c.touch_move(&[p(307.5, 453.5)], 32.0).unwrap().unwrap();
    assert_eq!((r.cut.x, r.cut.y, r.cut.width, r.cut.height), (87.5, 233.5, 160.0, 220.0));
    assert_eq!((r.img.x, r.img.y), (187.5, 333.5));
    // A property that forbids the handle ends the resize: the finger pans instead.
    c.set_props(&PropsPatch { disable_width: Some(true), disable_height: Some(true), ..Default::default() })
        .unwrap();
    let r = c.touch_move(&[p(317.5, 463.5)], 48.0).unwrap().unwrap();
    assert_eq!((r.cut.width, r.cut.height), (160.0, 220.0));
    assert_eq!((r.img.x, r.img.y), (197.5, 343.5));
}

#[test]
fn a_method_during_a_pinch_keeps_the_two_finger_baseline() {
    let mut c = loaded();
    c.touch_start(&[p(137.5, 333.5), p(237.5, 333.5)], 0.0).unwrap();
    c.touch_move(&[p(112.5, 333.5), p(262.5, 333.5)], 16.0).unwrap();
    assert!((c.render().img.scale - 1.5).abs() < 1e-12);
    c.set_scale(1.0).unwrap();
    // Spreading from 150 to 300 px apart doubles the scale set by the method.
    let r = c.touch_move(&[p(37.5, 333.5), p(337.5, 333.5)], 32.0).unwrap().unwrap();
    assert!((r.img.scale - 2.0).abs() < 1e-12, "{}", r.img.scale);
}
