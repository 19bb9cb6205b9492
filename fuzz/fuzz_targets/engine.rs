//! The cropper engine driven by an arbitrary sequence of property patches, touches (0–3
//! fingers, NaN / huge coordinates included) and every public method, derived from the
//! fuzzer's bytes. After every step:
//! - no panic (libFuzzer reports one as a crash);
//! - `Cropper::check_invariants` holds (finite render and crop data, box inside the viewport
//!   and at least `min_*`, with `limit_move` the box inside the rotated image and the angle a
//!   quarter turn unless `limit_any_angle`, usable export maps);
//! - a call that returns an error changed nothing visible;
//! - a step may ask for the crop-data round trip: `set_crop_data(crop_data())` on a copy
//!   gives back the same crop data.
//!
//! Run: `cargo +nightly fuzz run engine` (seeds in fuzz/corpus/engine). Reproducers of what it
//! found are regression tests in tests/engine_fuzz_regressions.rs.
#![no_main]

use arbitrary::{Arbitrary, Result as ArbResult, Unstructured};
use image_cropper_wasm::engine::methods::Transform;
use image_cropper_wasm::engine::{CropData, Cropper, LengthValue, OutputSize, PropsPatch, Render};
use image_cropper_wasm::geometry::Point;
use libfuzzer_sys::fuzz_target;

/// A number as a caller may send it: mostly ordinary values in a useful range, sometimes a
/// hostile one (NaN, ±Infinity, ±0, huge, tiny, just past the engine's limits) or raw bits.
#[derive(Clone, Copy, Debug)]
struct Num(f64);

impl<'a> Arbitrary<'a> for Num {
    fn arbitrary(u: &mut Unstructured<'a>) -> ArbResult<Self> {
        const SPECIAL: [f64; 16] = [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.0,
            -0.0,
            1.0,
            -1.0,
            1e300,
            -1e300,
            1e-300,
            1.0e6,
            1.0e6 + 1.0,
            1.0e7,
            -1.0e7,
            1.0e-6,
            f64::MIN_POSITIVE,
        ];
        let v = match u.int_in_range(0u8..=15)? {
            // 0..=1000 in steps of 1/64: box sizes, touches, angles.
            0..=8 => f64::from(u.arbitrary::<u16>()?) / 64.0,
            // -1000..=1000 in steps of 1/32: offsets, negative coordinates.
            9..=10 => f64::from(u.arbitrary::<i16>()?) / 32.0,
            // 0.001..1000, log scale: scales, ratios, image sizes.
            11..=12 => 10f64.powf(f64::from(u.int_in_range(-3000i16..=3000)?) / 1000.0),
            13 => f64::from_bits(u.arbitrary::<u64>()?),
            _ => SPECIAL[u.int_in_range(0..=SPECIAL.len() - 1)?],
        };
        Ok(Num(v))
    }
}

/// `img_width` / `img_height` as JS may send them.
#[derive(Clone, Debug, Arbitrary)]
enum LengthInput {
    Number(Num),
    Percent(Num),
    Px(Num),
    Text(String),
}

impl LengthInput {
    fn value(&self) -> LengthValue {
        match self {
            LengthInput::Number(n) => LengthValue::Number(n.0),
            LengthInput::Percent(n) => LengthValue::Text(format!("{}%", n.0)),
            LengthInput::Px(n) => LengthValue::Text(format!("{}px", n.0)),
            LengthInput::Text(s) => LengthValue::Text(s.chars().take(16).collect()),
        }
    }
}

#[derive(Clone, Debug, Arbitrary)]
struct Patch {
    width: Option<Num>,
    height: Option<Num>,
    max_width: Option<Num>,
    max_height: Option<Num>,
    min_width: Option<Num>,
    min_height: Option<Num>,
    disable_width: Option<bool>,
    disable_height: Option<bool>,
    disable_ratio: Option<bool>,
    cut_top: Option<Option<Num>>,
    cut_left: Option<Option<Num>>,
    img_width: Option<LengthInput>,
    img_height: Option<LengthInput>,
    scale: Option<Num>,
    angle: Option<Num>,
    min_scale: Option<Num>,
    max_scale: Option<Num>,
    disable_rotate: Option<bool>,
    limit_move: Option<bool>,
    limit_any_angle: Option<bool>,
    export_scale: Option<Num>,
    aspect_ratio: Option<Num>,
    file_type: Option<String>,
    quality: Option<Num>,
    fill_color: Option<String>,
    shape: Option<String>,
    max_bytes: Option<Num>,
    export_mode: Option<String>,
    export_width: Option<Num>,
    export_height: Option<Num>,
}

impl Patch {
    fn props(&self) -> PropsPatch {
        let n = |v: &Option<Num>| v.map(|n| n.0);
        let pos = |v: &Option<Option<Num>>| v.map(|o| o.map(|n| n.0));
        let text = |v: &Option<String>| v.as_ref().map(|s| s.chars().take(12).collect::<String>());
        PropsPatch {
            width: n(&self.width),
            height: n(&self.height),
            max_width: n(&self.max_width),
            max_height: n(&self.max_height),
            min_width: n(&self.min_width),
            min_height: n(&self.min_height),
            disable_width: self.disable_width,
            disable_height: self.disable_height,
            disable_ratio: self.disable_ratio,
            cut_top: pos(&self.cut_top),
            cut_left: pos(&self.cut_left),
            img_width: self.img_width.as_ref().map(LengthInput::value),
            img_height: self.img_height.as_ref().map(LengthInput::value),
            scale: n(&self.scale),
            angle: n(&self.angle),
            min_scale: n(&self.min_scale),
            max_scale: n(&self.max_scale),
            disable_rotate: self.disable_rotate,
            limit_move: self.limit_move,
            limit_any_angle: self.limit_any_angle,
            export_scale: n(&self.export_scale),
            aspect_ratio: n(&self.aspect_ratio),
            file_type: text(&self.file_type),
            quality: n(&self.quality),
            fill_color: text(&self.fill_color),
            shape: text(&self.shape),
            max_bytes: n(&self.max_bytes),
            export_mode: text(&self.export_mode),
            export_width: n(&self.export_width),
            export_height: n(&self.export_height),
        }
    }
}

/// 0–3 fingers.
#[derive(Clone, Debug)]
struct Touches(Vec<(Num, Num)>);

impl<'a> Arbitrary<'a> for Touches {
    fn arbitrary(u: &mut Unstructured<'a>) -> ArbResult<Self> {
        let n = u.int_in_range(0..=3)?;
        (0..n).map(|_| Ok((u.arbitrary()?, u.arbitrary()?))).collect::<ArbResult<_>>().map(Touches)
    }
}

impl Touches {
    fn points(&self) -> Vec<Point> {
        self.0.iter().map(|(x, y)| Point::new(x.0, y.0)).collect()
    }
}

#[derive(Clone, Debug, Arbitrary)]
enum Export {
    Scale,
    Source,
    Size(u32, u32),
    /// The size the output properties ask for.
    Props,
}

#[derive(Clone, Debug, Arbitrary)]
enum Step {
    Props(Box<Patch>),
    Load(Num, Num),
    Start(Touches, Num),
    Move(Touches, Num),
    End(Touches, Num),
    /// A whole one-finger or two-finger gesture along a straight line, as a phone sends it.
    Drag {
        from: Touches,
        dx: Num,
        dy: Num,
        steps: u8,
        time: Num,
    },
    CutXY(Num, Num),
    CutSize(Num, Num),
    CutCenter,
    Scale(Num),
    Angle(Num),
    Transform {
        x: Num,
        y: Num,
        angle: Num,
        scale: Num,
        cut_x: Num,
        cut_y: Num,
    },
    Reset,
    Rotate(Num),
    Rotate90,
    Flip(bool),
    Aspect(Num),
    SetCropData {
        x: Num,
        y: Num,
        width: Num,
        height: Num,
        rotate: Num,
        scale_x: Num,
        scale_y: Num,
    },
    /// `set_crop_data` of the current crop data, with one field replaced.
    EditCropData {
        field: u8,
        value: Num,
    },
    RoundTrip,
    ExportMap(Export),
}

#[derive(Debug, Arbitrary)]
struct Input {
    viewport: (Num, Num),
    steps: Vec<Step>,
}

/// What a call must leave unchanged when it fails (animate / tap are per call).
fn visible(c: &Cropper) -> Render {
    c.render()
}

fn check(c: &Cropper, step: &Step) {
    if let Err(e) = c.check_invariants() {
        panic!("invariant broken after {step:?}: {e}");
    }
}

/// `set_crop_data(crop_data())` on a copy returns the same crop data (up to rounding).
fn check_round_trip(c: &Cropper) {
    let Ok(d) = c.crop_data() else { return };
    let mut copy = c.clone();
    if let Err(e) = copy.set_crop_data(&d) {
        panic!("set_crop_data refused the engine's own crop data {d:?}: {e}");
    }
    let e = copy.crop_data().expect("crop data after set_crop_data");
    let scale = 1.0 + d.x.abs().max(d.y.abs()) + d.width.max(d.height);
    let tol = 1e-7 * scale;
    let same = (d.x - e.x).abs() <= tol
        && (d.y - e.y).abs() <= tol
        && (d.width - e.width).abs() <= tol
        && (d.height - e.height).abs() <= tol
        && (d.rotate, d.scale_x, d.scale_y) == (e.rotate, e.scale_x, e.scale_y);
    assert!(same, "crop data round trip: {d:?} came back as {e:?}");
}

fn run(c: &mut Cropper, step: &Step) {
    let before = visible(c);
    let failed = match step {
        Step::Props(p) => c.set_props(&p.props()).is_err(),
        Step::Load(w, h) => c.load_image(w.0, h.0).is_err(),
        Step::Start(t, ms) => c.touch_start(&t.points(), ms.0).is_err(),
        Step::Move(t, ms) => c.touch_move(&t.points(), ms.0).is_err(),
        Step::End(t, ms) => c.touch_end(&t.points(), ms.0).is_err(),
        Step::Drag { from, dx, dy, steps, time } => {
            let start = from.points();
            let n = (*steps % 16) as usize + 1;
            let mut ok = c.touch_start(&start, time.0).is_ok();
            for i in 1..=n {
                let f = i as f64 / n as f64;
                let now: Vec<Point> =
                    start.iter().map(|p| Point::new(p.x + dx.0 * f, p.y + dy.0 * f)).collect();
                ok &= c.touch_move(&now, time.0 + 16.0 * i as f64).is_ok();
                check(c, step);
            }
            ok &= c.touch_end(&[], time.0 + 16.0 * (n + 1) as f64).is_ok();
            // Part of a drag may fail (a NaN finger) while the rest moved things: no
            // unchanged-on-error check for the whole drag.
            let _ = ok;
            false
        }
        Step::CutXY(x, y) => c.set_cut_xy(x.0, y.0).is_err(),
        Step::CutSize(w, h) => c.set_cut_size(w.0, h.0).is_err(),
        Step::CutCenter => c.set_cut_center().is_err(),
        Step::Scale(s) => c.set_scale(s.0).is_err(),
        Step::Angle(a) => c.set_angle(a.0).is_err(),
        Step::Transform { x, y, angle, scale, cut_x, cut_y } => c
            .set_transform(&Transform {
                x: x.0,
                y: y.0,
                angle: angle.0,
                scale: scale.0,
                cut_x: cut_x.0,
                cut_y: cut_y.0,
            })
            .is_err(),
        Step::Reset => c.img_reset().is_err(),
        Step::Rotate(d) => c.rotate(d.0).is_err(),
        Step::Rotate90 => c.rotate90().is_err(),
        Step::Flip(h) => c.flip(*h).is_err(),
        Step::Aspect(r) => c.set_aspect_ratio(r.0).is_err(),
        Step::SetCropData { x, y, width, height, rotate, scale_x, scale_y } => c
            .set_crop_data(&CropData {
                x: x.0,
                y: y.0,
                width: width.0,
                height: height.0,
                rotate: rotate.0,
                scale_x: scale_x.0,
                scale_y: scale_y.0,
            })
            .is_err(),
        Step::EditCropData { field, value } => match c.crop_data() {
            Ok(mut d) => {
                let v = value.0;
                match field % 7 {
                    0 => d.x = v,
                    1 => d.y = v,
                    2 => d.width = v,
                    3 => d.height = v,
                    4 => d.rotate = v,
                    5 => d.scale_x = -d.scale_x,
                    _ => d.scale_y = -d.scale_y,
                }
                c.set_crop_data(&d).is_err()
            }
            Err(_) => false,
        },
        Step::RoundTrip => {
            check_round_trip(c);
            false
        }
        Step::ExportMap(e) => {
            // Output properties are validated when set: their export options always parse.
            if let Err(err) = c.export_options() {
                panic!("export options of accepted properties {:?}: {err}", c.props().output);
            }
            let size = match *e {
                Export::Scale => OutputSize::Scale,
                Export::Source => OutputSize::Source,
                Export::Size(w, h) => OutputSize::Size { width: w, height: h },
                Export::Props => match c.output_size() {
                    Ok(size) => size,
                    Err(_) => return check(c, step),
                },
            };
            if let Ok(m) = c.export_map(size) {
                let finite = [m.center_x, m.center_y, m.angle, m.scale].iter().all(|v| v.is_finite());
                assert!(finite && m.scale > 0.0, "export map {size:?}: {m:?}");
            }
            false
        }
    };
    if failed {
        let after = visible(c);
        assert_eq!(before, after, "a failed {step:?} changed the state");
    }
    check(c, step);
}

fuzz_target!(|input: Input| {
    let Ok(mut c) = Cropper::new(input.viewport.0 .0, input.viewport.1 .0) else { return };
    check(&c, &Step::Reset);
    for step in input.steps.iter().take(64) {
        run(&mut c, step);
    }
});
