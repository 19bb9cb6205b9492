//! Reproducers of what the engine fuzz target (fuzz/fuzz_targets/engine.rs) found, as plain
//! sequences of engine calls, named by the fuzzer's crash file. Each checks
//! `Cropper::check_invariants` after every step, as the fuzz target does, plus the rule that
//! keeps the case harmless.

use image_cropper_wasm::engine::{Cropper, OutputSize, PropsPatch};
use image_cropper_wasm::geometry::Point;
use image_cropper_wasm::ErrorCode;

#[macro_use]
mod engine_common;

use engine_common::*;

const TINY: f64 = f64::MIN_POSITIVE; // 2.2250738585072014e-308, one of the fuzzer's specials

/// crash-20bd8f0e: with a 2.2e-308 px viewport and image the screen-to-source zoom (displayed
/// size / natural size) is Infinity and a fixed-size export map unusable: sides below 1 px are
/// refused.
#[test]
fn sub_pixel_viewport_and_image_are_rejected() {
    assert_eq!(Cropper::new(TINY, TINY).unwrap_err().code, ErrorCode::InvalidOption);
    assert_eq!(Cropper::new(0.5, 100.0).unwrap_err().code, ErrorCode::InvalidOption);
    let mut c = Cropper::new(375.0, 667.0).unwrap();
    assert_eq!(c.load_image(TINY, TINY).unwrap_err().code, ErrorCode::InvalidOption);
    assert_eq!(c.load_image(4032.0, 0.999).unwrap_err().code, ErrorCode::InvalidOption);
    assert!(c.image().is_none());
    ok(&c);

    // The smallest accepted: a 1 × 1 window and a 1 × 1 image, with usable export maps.
    let mut c = Cropper::new(1.0, 1.0).unwrap();
    ok(&c);
    c.load_image(1.0, 1.0).unwrap();
    ok(&c);
    let map = c.export_map(OutputSize::Size { width: 1080, height: 720 }).unwrap();
    assert_eq!(map.scale, 1080.0);
    assert_eq!((map.center_x, map.center_y), (0.5, 0.5));
}

/// crash-34383b69: `max_height: 2.2e-308` would allow a 2.2e-308 px high box, for which a
/// fixed-size export needs an infinite scale: a maximum below 1 px is refused.
#[test]
fn sub_pixel_box_maximum_is_rejected() {
    let mut c = Cropper::new(338.53125, 705.3125).unwrap();
    c.load_image(76.296875, 76.296875).unwrap();
    c.load_image(76.296875, 367.5625).unwrap();
    for size in [OutputSize::Size { width: u32::MAX, height: u32::MAX }; 2] {
        assert_eq!(c.export_map(size).unwrap_err().code, ErrorCode::TooLarge);
        ok(&c);
    }
    let before = c.render();
    let patch = PropsPatch {
        max_height: Some(TINY),
        min_width: Some(TINY),
        min_height: Some(TINY),
        disable_width: Some(true),
        disable_height: Some(true),
        disable_ratio: Some(true),
        cut_top: Some(None),
        angle: Some(324.703125),
        ..Default::default()
    };
    assert_eq!(c.set_props(&patch).unwrap_err().code, ErrorCode::InvalidOption);
    assert_eq!(c.render(), before);
    ok(&c);
    // One pixel is the smallest maximum (it bounds a finger's resize; the box keeps its size).
    let r = c.set_props(&PropsPatch { max_height: Some(1.0), ..patch }).unwrap();
    assert_eq!(r.cut.height, 200.0);
    ok(&c);
    assert!(c.export_map(OutputSize::Size { width: 1080, height: 720 }).is_ok());
}

/// crash-ddce2e12: a property change during a resize must give the gesture a new start box:
/// resizing from the stale one (200 px wide) while `min_width` asks for the whole 285 px
/// viewport width would give a 242.55 px box, below its minimum.
#[test]
fn property_change_during_a_resize_starts_a_new_baseline() {
    let mut c = Cropper::new(285.109375, 34.53125).unwrap();
    // A move without a start begins a gesture; the finger is on the box's top edge.
    assert!(c.touch_move(&[Point::new(40.15625, 1e-300)], 164.15625).unwrap().is_none());
    ok(&c);
    c.set_props(&PropsPatch {
        width: Some(1e6),
        height: Some(1e6),
        max_width: Some(1020.296875),
        max_height: Some(903.515625),
        min_width: Some(903.515625),
        min_height: Some(903.515625),
        ..Default::default()
    })
    .unwrap();
    ok(&c);
    assert_eq!(c.cut().width, 285.109375);
    c.touch_move(&[Point::new(325.375, 967.765625)], 504.046875).unwrap();
    ok(&c);
    assert_eq!(c.cut().width, 285.109375);
    c.touch_end(&[], 600.0).unwrap();
    ok(&c);
}

/// The export map's scale is zoom × `export_scale`: a denormal `export_scale` would underflow
/// it to 0, so `export_scale` has a lower bound.
#[test]
fn export_scale_has_a_lower_bound() {
    let mut c = Cropper::new(375.0, 667.0).unwrap();
    c.load_image(1_000_000.0, 1.0).unwrap();
    c.set_scale(1e-6).unwrap();
    for bad in [TINY, 5e-324, 0.0009] {
        let err = c.set_props(&PropsPatch { export_scale: Some(bad), ..Default::default() }).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidOption);
    }
    c.set_props(&PropsPatch { export_scale: Some(1e-3), ..Default::default() }).unwrap();
    ok(&c);
    let map = c.export_map(OutputSize::Scale).unwrap();
    assert_eq!((map.out_width, map.out_height), (1, 1));
    assert!(map.scale > 0.0);
}
