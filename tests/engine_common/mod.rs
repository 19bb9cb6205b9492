//! Shared helpers of the engine tests (`tests/engine_*.rs`): the phone-sized cropper they start
//! from, float comparison, and the invariant check every step may end with.
#![allow(dead_code)]

use image_cropper_wasm::engine::{Cropper, PropsPatch};
use image_cropper_wasm::geometry::Point;

/// The viewport of the tests: a 375 × 667 px phone window.
pub const VIEWPORT: (f64, f64) = (375.0, 667.0);
/// The photo most tests load: 4032 × 3024, shown 266.67 × 200 under the default 200 × 200 box.
pub const PHOTO: (f64, f64) = (4032.0, 3024.0);

/// Equal up to float rounding, relative to the magnitudes.
pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
}

/// `assert!(close(a, b))` naming the expression (bring it in with `#[macro_use] mod engine_common;`).
#[allow(unused_macros)]
macro_rules! assert_close {
    ($a:expr, $b:expr) => {{
        let (a, b) = ($a as f64, $b as f64);
        assert!($crate::engine_common::close(a, b), "{} = {a}, expected {b}", stringify!($a));
    }};
}

pub fn p(x: f64, y: f64) -> Point {
    Point::new(x, y)
}

/// A cropper in the phone viewport, default properties, no image.
pub fn phone() -> Cropper {
    Cropper::new(VIEWPORT.0, VIEWPORT.1).unwrap()
}

/// `phone()` with [`PHOTO`] loaded: default 200 × 200 box at (87.5, 233.5).
pub fn loaded() -> Cropper {
    with(PropsPatch::default())
}

/// `phone()` with `patch` applied, then [`PHOTO`] loaded.
pub fn with(patch: PropsPatch) -> Cropper {
    let mut c = phone();
    c.set_props(&patch).unwrap();
    c.load_image(PHOTO.0, PHOTO.1).unwrap();
    ok(&c);
    c
}

/// [`PHOTO`] loaded with `limit_move` (the original's: angles snap to multiples of 90°).
pub fn limited() -> Cropper {
    with(PropsPatch { limit_move: Some(true), ..Default::default() })
}

/// [`PHOTO`] loaded with `limit_move` and `limit_any_angle`: containment at any angle.
pub fn limited_any_angle() -> Cropper {
    with(PropsPatch { limit_move: Some(true), limit_any_angle: Some(true), ..Default::default() })
}

/// Panics with the first broken engine invariant (`Cropper::check_invariants`).
pub fn ok(c: &Cropper) {
    if let Err(e) = c.check_invariants() {
        panic!("{e}");
    }
}
