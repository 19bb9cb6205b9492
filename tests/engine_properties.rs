//! Engine property tests over thousands of random viewports, properties, images and call
//! sequences (gestures, methods, crop data, invalid values): nothing panics, the render is
//! always finite, the box stays in the viewport and at least `min_*`, with `limit_move` the four
//! box corners are always inside the rotated image and the angle a multiple of 90° (unless
//! `limit_any_angle`), crop data round-trips, and the export map sends the output's corners to
//! the source points under the box's corners.
// proptest is a native-only dev-dependency.
#![cfg(not(target_arch = "wasm32"))]

use image_cropper_wasm::engine::methods::Transform;
use image_cropper_wasm::engine::{CropData, Cropper, LengthValue, OutputSize, PropsPatch, Render};
use image_cropper_wasm::geometry::{rotate, Point};
use proptest::prelude::*;

#[derive(Clone, Debug)]
struct Setup {
    viewport: (f64, f64),
    patch: PropsPatch,
    image: (f64, f64),
}

#[derive(Clone, Debug)]
enum Op {
    Start(Vec<(f64, f64)>, f64),
    Move(Vec<(f64, f64)>, f64),
    End(Vec<(f64, f64)>, f64),
    CutXY(f64, f64),
    CutSize(f64, f64),
    CutCenter,
    Scale(f64),
    Angle(f64),
    Transform(Transform),
    Reset,
    Rotate(f64),
    Flip(bool),
    Aspect(f64),
    LimitMove(bool),
    AnyAngle(bool),
    Props(Box<PropsPatch>),
    CropData(CropData),
    Load(f64, f64),
}

/// Mostly ordinary numbers, sometimes hostile ones.
fn num(lo: f64, hi: f64) -> impl Strategy<Value = f64> {
    prop_oneof![
        20 => lo..hi,
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
        1 => Just(-1.0e12),
        1 => Just(0.0),
    ]
}

fn touch() -> impl Strategy<Value = (f64, f64)> {
    (-100.0..600.0f64, -100.0..900.0f64)
}

fn touches() -> impl Strategy<Value = Vec<(f64, f64)>> {
    prop::collection::vec(touch(), 0..3)
}

fn setup() -> impl Strategy<Value = Setup> {
    (
        (50.0..1500.0f64, 50.0..2500.0f64),
        (0.0..200.0f64, 1.0..800.0f64, 0.0..200.0f64, 1.0..800.0f64),
        (0.0..1200.0f64, 0.0..1200.0f64),
        (prop::option::of(-200.0..2000.0f64), prop::option::of(-200.0..2000.0f64)),
        (1.0..8000.0f64, 1.0..8000.0f64),
        (
            0.1..5.0f64,
            -720.0..720.0f64,
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
        ),
        prop_oneof![3 => Just(0.0), 1 => 0.2..5.0f64],
        prop_oneof![
            3 => Just(None),
            1 => (1.0..2000.0f64).prop_map(|v| Some(LengthValue::Number(v))),
            1 => (1.0..300.0f64).prop_map(|v| Some(LengthValue::Text(format!("{v}%")))),
        ],
    )
        .prop_map(
            |(
                (vw, vh),
                (min_w, dw, min_h, dh),
                (w, h),
                (top, left),
                image,
                (scale, angle, limit, dwid, dhei, dratio, any_angle),
                aspect,
                img_width,
            )| Setup {
                viewport: (vw, vh),
                patch: PropsPatch {
                    width: Some(w),
                    height: Some(h),
                    min_width: Some(min_w),
                    max_width: Some(min_w + dw),
                    min_height: Some(min_h),
                    max_height: Some(min_h + dh),
                    cut_top: top.map(Some),
                    cut_left: left.map(Some),
                    scale: Some(scale),
                    angle: Some(angle),
                    limit_move: Some(limit),
                    limit_any_angle: Some(any_angle),
                    disable_width: Some(dwid),
                    disable_height: Some(dhei),
                    disable_ratio: Some(dratio),
                    aspect_ratio: Some(aspect),
                    img_width,
                    ..Default::default()
                },
                image,
            },
        )
}

fn op() -> impl Strategy<Value = Op> {
    let time = 0.0..2000.0f64;
    prop_oneof![
        4 => (touches(), time.clone()).prop_map(|(t, ms)| Op::Start(t, ms)),
        8 => (touches(), time.clone()).prop_map(|(t, ms)| Op::Move(t, ms)),
        3 => (touches(), time).prop_map(|(t, ms)| Op::End(t, ms)),
        1 => (num(-200.0, 800.0), num(-200.0, 800.0)).prop_map(|(x, y)| Op::CutXY(x, y)),
        1 => (num(0.0, 900.0), num(0.0, 900.0)).prop_map(|(w, h)| Op::CutSize(w, h)),
        1 => Just(Op::CutCenter),
        1 => num(0.01, 10.0).prop_map(Op::Scale),
        1 => num(-400.0, 400.0).prop_map(Op::Angle),
        1 => (num(-300.0, 300.0), num(-300.0, 300.0), num(-90.0, 90.0), num(-2.0, 2.0), num(-100.0, 100.0), num(-100.0, 100.0))
            .prop_map(|(x, y, angle, scale, cut_x, cut_y)| Op::Transform(Transform { x, y, angle, scale, cut_x, cut_y })),
        1 => Just(Op::Reset),
        1 => num(-180.0, 180.0).prop_map(Op::Rotate),
        1 => any::<bool>().prop_map(Op::Flip),
        1 => prop_oneof![Just(0.0), num(0.1, 10.0)].prop_map(Op::Aspect),
        1 => any::<bool>().prop_map(Op::LimitMove),
        1 => any::<bool>().prop_map(Op::AnyAngle),
        1 => (num(0.0, 600.0), num(0.0, 600.0), num(-100.0, 400.0)).prop_map(|(w, min_w, cut_top)| Op::Props(Box::new(PropsPatch {
            width: Some(w), min_width: Some(min_w), cut_top: Some(Some(cut_top)), ..Default::default()
        }))),
        1 => (num(-500.0, 5000.0), num(-500.0, 5000.0), num(1.0, 5000.0), num(1.0, 5000.0), num(-360.0, 360.0), any::<bool>(), any::<bool>())
            .prop_map(|(x, y, width, height, rotate, fx, fy)| Op::CropData(CropData {
                x, y, width, height, rotate,
                scale_x: if fx { -1.0 } else { 1.0 },
                scale_y: if fy { -1.0 } else { 1.0 },
            })),
        1 => (num(1.0, 8000.0), num(1.0, 8000.0)).prop_map(|(w, h)| Op::Load(w, h)),
    ]
}

fn pts(t: &[(f64, f64)]) -> Vec<Point> {
    t.iter().map(|&(x, y)| Point::new(x, y)).collect()
}

fn apply(c: &mut Cropper, op: &Op) {
    // Errors are fine (invalid input is rejected); panics are not.
    let _ = match op {
        Op::Start(t, ms) => c.touch_start(&pts(t), *ms).map(|_| ()),
        Op::Move(t, ms) => c.touch_move(&pts(t), *ms).map(|_| ()),
        Op::End(t, ms) => c.touch_end(&pts(t), *ms).map(|_| ()),
        Op::CutXY(x, y) => c.set_cut_xy(*x, *y).map(|_| ()),
        Op::CutSize(w, h) => c.set_cut_size(*w, *h).map(|_| ()),
        Op::CutCenter => c.set_cut_center().map(|_| ()),
        Op::Scale(s) => c.set_scale(*s).map(|_| ()),
        Op::Angle(a) => c.set_angle(*a).map(|_| ()),
        Op::Transform(t) => c.set_transform(t).map(|_| ()),
        Op::Reset => c.img_reset().map(|_| ()),
        Op::Rotate(d) => c.rotate(*d).map(|_| ()),
        Op::Flip(h) => c.flip(*h).map(|_| ()),
        Op::Aspect(r) => c.set_aspect_ratio(*r).map(|_| ()),
        Op::LimitMove(on) => {
            c.set_props(&PropsPatch { limit_move: Some(*on), ..Default::default() }).map(|_| ())
        }
        Op::AnyAngle(on) => {
            c.set_props(&PropsPatch { limit_any_angle: Some(*on), ..Default::default() }).map(|_| ())
        }
        Op::Props(p) => c.set_props(p).map(|_| ()),
        Op::CropData(d) => c.set_crop_data(d).map(|_| ()),
        Op::Load(w, h) => c.load_image(*w, *h).map(|_| ()),
    };
}

fn finite_render(r: &Render) -> bool {
    [
        r.img.x,
        r.img.y,
        r.img.width,
        r.img.height,
        r.img.scale,
        r.img.angle,
        r.cut.x,
        r.cut.y,
        r.cut.width,
        r.cut.height,
    ]
    .iter()
    .all(|v| v.is_finite())
}

fn build(s: &Setup) -> Option<Cropper> {
    let mut c = Cropper::new(s.viewport.0, s.viewport.1).ok()?;
    c.set_props(&s.patch).ok()?;
    c.load_image(s.image.0, s.image.1).ok()?;
    Some(c)
}

/// Independent of the engine: the source point shown at screen point `p` by render `r` of an
/// image whose natural size is `natural` (inverse of the CSS transform documented for Render).
fn screen_to_source(r: &Render, natural: (f64, f64), p: Point) -> Point {
    let k = r.img.scale * r.img.width / natural.0;
    let v = rotate(Point::new((p.x - r.img.x) / k, (p.y - r.img.y) / k), -r.img.angle);
    let fx = if r.img.flip_x { -1.0 } else { 1.0 };
    let fy = if r.img.flip_y { -1.0 } else { 1.0 };
    Point::new(natural.0 / 2.0 + fx * v.x, natural.1 / 2.0 + fy * v.y)
}

fn check_invariants(c: &Cropper) -> Result<(), TestCaseError> {
    let r = c.render();
    prop_assert!(finite_render(&r), "non-finite render {r:?}");
    let vp = c.viewport();
    let p = c.props();
    let eps = 1e-9 * (1.0 + vp.width.max(vp.height));
    let cut = r.cut;
    prop_assert!(cut.x >= -eps && cut.y >= -eps, "box outside viewport {cut:?}");
    prop_assert!(cut.x + cut.width <= vp.width + eps, "box right edge outside viewport {cut:?} {vp:?}");
    prop_assert!(cut.y + cut.height <= vp.height + eps, "box bottom edge outside viewport {cut:?} {vp:?}");
    prop_assert!(
        cut.width >= p.min_width.min(vp.width) * (1.0 - 1e-12) - eps
            && cut.height >= p.min_height.min(vp.height) * (1.0 - 1e-12) - eps,
        "box below min {cut:?} min {} {}",
        p.min_width,
        p.min_height
    );
    if p.limit_move {
        let tol = 1e-7 * (1.0 + r.img.scale * r.img.width.max(r.img.height) + vp.width.max(vp.height));
        prop_assert!(c.image_covers_box(tol), "limit_move: box not inside image {r:?}");
        if !p.limit_any_angle {
            prop_assert!(r.img.angle % 90.0 == 0.0, "limit_move: angle {} not a quarter turn", r.img.angle);
        }
    }
    if let Err(e) = c.check_invariants() {
        return Err(TestCaseError::fail(e));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn random_sequences_keep_every_invariant(s in setup(), ops in prop::collection::vec(op(), 0..40)) {
        let Some(mut c) = build(&s) else { return Ok(()); };
        check_invariants(&c)?;
        for op in &ops {
            apply(&mut c, op);
            check_invariants(&c)?;
        }
    }

    #[test]
    fn crop_data_round_trips_from_any_reachable_state(s in setup(), ops in prop::collection::vec(op(), 0..20)) {
        let Some(mut c) = build(&s) else { return Ok(()); };
        for op in &ops {
            apply(&mut c, op);
        }
        let Some(natural) = c.image() else { return Ok(()); };
        let d = c.crop_data().unwrap();
        let mut c2 = c.clone();
        c2.set_crop_data(&d).unwrap();
        let e = c2.crop_data().unwrap();
        let tol = 1e-9 * (1.0 + natural.width.max(natural.height) + d.x.abs().max(d.y.abs()));
        prop_assert!((d.x - e.x).abs() <= tol && (d.y - e.y).abs() <= tol, "{d:?} -> {e:?}");
        prop_assert!((d.width - e.width).abs() <= tol && (d.height - e.height).abs() <= tol, "{d:?} -> {e:?}");
        prop_assert_eq!((d.rotate, d.scale_x, d.scale_y), (e.rotate, e.scale_x, e.scale_y));
        check_invariants(&c2)?;
    }

    #[test]
    fn set_crop_data_then_get_returns_it(
        s in setup(),
        x in -500.0..5000.0f64, y in -500.0..5000.0f64,
        ratio in 0.3..3.0f64, width in 1.0..5000.0f64,
        rot in -360.0..360.0f64, fx in any::<bool>(), fy in any::<bool>(),
    ) {
        let Some(mut c) = build(&s) else { return Ok(()); };
        c.set_props(&PropsPatch { limit_move: Some(false), ..Default::default() }).unwrap();
        let d = CropData { x, y, width, height: width / ratio, rotate: rot,
            scale_x: if fx { -1.0 } else { 1.0 }, scale_y: if fy { -1.0 } else { 1.0 } };
        // Box side bounds as documented (at most the viewport, which wins over min, sides >= 1
        // px; max_* bounds a finger's resize only).
        let p = c.props().clone();
        let vp = c.viewport();
        let hi_w = vp.width;
        let hi_h = vp.height;
        let lo_w = p.min_width.max(1.0).min(hi_w);
        let lo_h = p.min_height.max(1.0).min(hi_h);
        // A locked aspect ratio a box can have replaces the data's height by width / ratio.
        let a = p.aspect_ratio;
        let locked = a > 0.0 && lo_w.max(lo_h * a) <= hi_w.min(hi_h * a);
        let want = CropData { height: if locked { width / a } else { d.height }, ..d };
        if c.set_crop_data(&d).is_err() {
            // Only a ratio no box within those bounds fits may be refused.
            prop_assert!((lo_w / want.width).max(lo_h / want.height) > (hi_w / want.width).min(hi_h / want.height));
            return Ok(());
        }
        let e = c.crop_data().unwrap();
        let tol = 1e-9 * (1.0 + want.width.max(want.height) + want.x.abs().max(want.y.abs()));
        prop_assert!((want.x - e.x).abs() <= tol && (want.y - e.y).abs() <= tol, "{want:?} -> {e:?}");
        prop_assert!((want.width - e.width).abs() <= tol && (want.height - e.height).abs() <= tol, "{want:?} -> {e:?}");
        prop_assert_eq!((want.rotate, want.scale_x, want.scale_y), (e.rotate, e.scale_x, e.scale_y));
        check_invariants(&c)?;
    }

    #[test]
    fn export_map_sends_output_corners_to_box_corners(s in setup(), ops in prop::collection::vec(op(), 0..20)) {
        let Some(mut c) = build(&s) else { return Ok(()); };
        for op in &ops {
            apply(&mut c, op);
        }
        let Some(natural) = c.image() else { return Ok(()); };
        let r = c.render();
        let nat = (natural.width, natural.height);
        let k = r.img.scale * r.img.width / natural.width;
        let tol = 1e-7 * (1.0 + nat.0.max(nat.1) + (r.img.x.abs() + r.img.y.abs()) / k);
        for size in [OutputSize::Scale, OutputSize::Source, OutputSize::Size { width: 640, height: 480 }] {
            let Ok(map) = c.export_map(size) else { continue };
            prop_assert!(map.scale.is_finite() && map.scale > 0.0);
            // Output px per screen px; the output's centre is the box's centre.
            let zoom = map.scale / k;
            let bc = Point::new(r.cut.x + r.cut.width / 2.0, r.cut.y + r.cut.height / 2.0);
            let (ow, oh) = (map.out_width as f64, map.out_height as f64);
            for o in [Point::new(0.0, 0.0), Point::new(ow, 0.0), Point::new(ow, oh), Point::new(0.0, oh), Point::new(ow / 2.0, oh / 2.0)] {
                let screen = Point::new(bc.x + (o.x - ow / 2.0) / zoom, bc.y + (o.y - oh / 2.0) / zoom);
                let expected = screen_to_source(&r, nat, screen);
                let got = map.output_to_source(o);
                prop_assert!((got.x - expected.x).abs() <= tol && (got.y - expected.y).abs() <= tol,
                    "{size:?} o={o:?}: {got:?} vs {expected:?}");
            }
            match size {
                OutputSize::Scale => {
                    let e = c.props().export_scale;
                    prop_assert!((zoom - e).abs() <= 1e-9 * e);
                    prop_assert!((ow - (r.cut.width * e).round().max(1.0)).abs() < 0.5);
                    prop_assert!((oh - (r.cut.height * e).round().max(1.0)).abs() < 0.5);
                }
                OutputSize::Source => prop_assert_eq!(map.scale, 1.0),
                OutputSize::Size { width, height } => {
                    prop_assert_eq!((map.out_width, map.out_height), (width, height));
                    // Filling: the output never reaches outside the box.
                    prop_assert!(ow / zoom <= r.cut.width * (1.0 + 1e-9) && oh / zoom <= r.cut.height * (1.0 + 1e-9));
                }
            }
        }
    }
}

/// Log-uniform positive numbers over many orders of magnitude.
fn log_uniform(lo_exp: f64, hi_exp: f64) -> impl Strategy<Value = f64> {
    (lo_exp..hi_exp).prop_map(|e| 10f64.powf(e))
}

fn extreme_op() -> impl Strategy<Value = Op> {
    let big = prop_oneof![log_uniform(-6.0, 7.0), log_uniform(-6.0, 7.0).prop_map(|v| -v), Just(0.0)];
    let pair = (big.clone(), big.clone());
    prop_oneof![
        2 => (prop::collection::vec(pair.clone(), 1..3), big.clone()).prop_map(|(t, ms)| Op::Start(t, ms)),
        4 => (prop::collection::vec(pair.clone(), 1..3), big.clone()).prop_map(|(t, ms)| Op::Move(t, ms)),
        2 => (prop::collection::vec(pair, 0..2), big.clone()).prop_map(|(t, ms)| Op::End(t, ms)),
        1 => (big.clone(), big.clone()).prop_map(|(w, h)| Op::CutSize(w, h)),
        1 => big.clone().prop_map(Op::Scale),
        1 => big.clone().prop_map(Op::Rotate),
        1 => (big.clone(), big.clone(), big.clone(), big.clone()).prop_map(|(x, y, angle, scale)| Op::Transform(Transform { x, y, angle, scale, cut_x: x, cut_y: y })),
        1 => (big.clone(), big.clone(), big.clone(), big.clone(), big.clone()).prop_map(|(x, y, width, height, rotate)| Op::CropData(CropData { x, y, width, height, rotate, scale_x: 1.0, scale_y: -1.0 })),
        1 => big.prop_map(Op::Aspect),
        1 => any::<bool>().prop_map(Op::LimitMove),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// Sizes and coordinates over 13 orders of magnitude: still no panic, no NaN, and the box
    /// inside the image under `limit_move` (relative tolerance).
    #[test]
    fn extreme_magnitudes_stay_finite_and_contained(
        vw in log_uniform(0.0, 6.0), vh in log_uniform(0.0, 6.0),
        iw in log_uniform(0.0, 6.0), ih in log_uniform(0.0, 6.0),
        min_w in log_uniform(-3.0, 6.0), min_h in log_uniform(-3.0, 6.0),
        limit in any::<bool>(),
        ops in prop::collection::vec(extreme_op(), 0..30),
    ) {
        let mut c = Cropper::new(vw, vh).unwrap();
        let _ = c.set_props(&PropsPatch {
            min_width: Some(min_w), max_width: Some(min_w * 3.0), min_height: Some(min_h), max_height: Some(min_h * 3.0),
            width: Some(min_w * 2.0), height: Some(min_h * 2.0), limit_move: Some(limit), ..Default::default()
        });
        let _ = c.load_image(iw, ih);
        for op in &ops {
            apply(&mut c, op);
            let r = c.render();
            prop_assert!(finite_render(&r), "non-finite render {r:?} after {op:?}");
            if c.props().limit_move {
                let scale_px = r.img.scale * r.img.width.max(r.img.height);
                let tol = 1e-7 * (1.0 + scale_px + vw.max(vh) + r.img.x.abs() + r.img.y.abs());
                prop_assert!(c.image_covers_box(tol), "not contained {r:?} after {op:?}");
            }
            if let Ok(d) = c.crop_data() {
                prop_assert!([d.x, d.y, d.width, d.height, d.rotate].iter().all(|v| v.is_finite()), "{d:?}");
            }
            if let Ok(m) = c.export_map(OutputSize::Scale) {
                prop_assert!(m.center_x.is_finite() && m.center_y.is_finite() && m.scale.is_finite() && m.scale > 0.0);
            }
        }
    }
}
