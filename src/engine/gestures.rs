//! Touches: one finger pans the image or, on a box corner / edge, resizes the box; two fingers
//! pinch-zoom about their midpoint and rotate (unless `disable_rotate`); a short touch without
//! movement inside the box is a tap; when the last finger lifts, the box re-centres in the
//! viewport with the image following (animated).
//!
//! The component forwards `touchstart`, `touchmove` and `touchend` with the touches still on
//! the screen (`event.touches`). A change in the number of fingers starts a new baseline, so
//! nothing jumps when a second finger lands or one lifts.

use super::checks;
use super::layout::{fit_size, Bounds, Rect, Size};
use super::render::Render;
use super::Cropper;
use crate::error::{CropError, Result};
use crate::geometry::{rotate, Point};

/// Half size of the square hit zone around each box corner, px (as the original's 30 px).
pub const CORNER_HIT: f64 = 30.0;
/// Half width of the hit band along each box edge, px.
pub const EDGE_HIT: f64 = 15.0;
/// A tap lasts at most this long, ms (WeChat's `tap` uses 350 ms)…
pub const TAP_MAX_MS: f64 = 350.0;
/// …and moves at most this far, px.
pub const TAP_SLOP: f64 = 5.0;
/// Fingers closer than this give no usable pinch distance / angle, px.
const MIN_PINCH_DISTANCE: f64 = 1.0e-3;

/// Which sides of the box a resize drags: -1 left/top, 1 right/bottom, 0 that axis not dragged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Handle {
    pub x: i8,
    pub y: i8,
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
enum Mode {
    /// No touch, or touches that do nothing (e.g. on the image before one is loaded).
    #[default]
    Idle,
    Pan {
        start_touch: Point,
        start_center: Point,
    },
    Pinch {
        prev: [Point; 2],
    },
    Resize {
        handle: Handle,
        start_touch: Point,
        start_cut: Rect,
    },
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Gesture {
    mode: Mode,
    /// Fingers of the current baseline.
    fingers: usize,
    active: bool,
    start_time: f64,
    /// Where a single-finger gesture began, while it can still be a tap.
    tap_start: Option<Point>,
    /// The first two fingers as last seen, to start a new baseline after a method call.
    last: [Point; 2],
}

/// The render-relevant state, to tell whether a move changed anything.
type Snapshot = (Point, f64, f64, Rect);

impl Cropper {
    /// Fingers touch the screen (`touches`: all fingers now down).
    pub fn touch_start(&mut self, touches: &[Point], time_ms: f64) -> Result<Render> {
        check_touches(touches)?;
        let time_ms = checks::finite(time_ms, "time")?;
        if touches.is_empty() {
            return Err(CropError::invalid("touchstart needs at least one touch"));
        }
        self.begin_call();
        if self.gesture.active {
            // Another finger joined: no longer a tap.
            self.gesture.tap_start = None;
        } else {
            self.gesture.active = true;
            self.gesture.start_time = time_ms;
            self.gesture.tap_start = if touches.len() == 1 { touches.first().copied() } else { None };
        }
        self.baseline(touches);
        Ok(self.output())
    }

    /// Fingers moved. `None` when nothing visible changed (the component skips `setData`).
    pub fn touch_move(&mut self, touches: &[Point], time_ms: f64) -> Result<Option<Render>> {
        check_touches(touches)?;
        checks::finite(time_ms, "time")?;
        if touches.is_empty() {
            return Ok(None);
        }
        self.begin_call();
        if !self.gesture.active {
            // A move without a start (events lost): begin here.
            self.gesture.active = true;
            self.gesture.start_time = time_ms;
            self.gesture.tap_start = None;
            self.baseline(touches);
            return Ok(None);
        }
        if let (Some(start), Some(now)) = (self.gesture.tap_start, touches.first()) {
            if (now.x - start.x).hypot(now.y - start.y) > TAP_SLOP {
                self.gesture.tap_start = None;
            }
        }
        if touches.len() != self.gesture.fingers {
            self.baseline(touches);
            return Ok(None);
        }
        self.remember(touches);
        let before = self.snapshot();
        match self.gesture.mode {
            Mode::Idle => {}
            Mode::Pan { start_touch, start_center } => {
                if let Some(t) = touches.first() {
                    self.center = Point::new(
                        start_center.x + t.x - start_touch.x,
                        start_center.y + t.y - start_touch.y,
                    );
                }
            }
            Mode::Pinch { prev } => {
                if let [a, b, ..] = touches {
                    self.pinch(prev, [*a, *b]);
                    self.gesture.mode = Mode::Pinch { prev: [*a, *b] };
                }
            }
            Mode::Resize { handle, start_touch, start_cut } => {
                if let Some(t) = touches.first() {
                    self.resize(handle, start_cut, Point::new(t.x - start_touch.x, t.y - start_touch.y));
                }
            }
        }
        self.enforce_limits();
        Ok(if self.snapshot() != before { Some(self.output()) } else { None })
    }

    /// Fingers lifted (`touches`: the fingers still down). When none is left the gesture
    /// ends: `tap` tells a tap inside the box, and the box re-centres (animated).
    pub fn touch_end(&mut self, touches: &[Point], time_ms: f64) -> Result<Render> {
        check_touches(touches)?;
        let time_ms = checks::finite(time_ms, "time")?;
        self.begin_call();
        if !touches.is_empty() {
            self.gesture.tap_start = None;
            if self.gesture.active {
                self.baseline(touches);
            }
            return Ok(self.output());
        }
        if self.gesture.active {
            let duration = time_ms - self.gesture.start_time;
            self.tap = matches!(self.gesture.tap_start, Some(p) if self.cut.contains(p))
                && (0.0..=TAP_MAX_MS).contains(&duration);
            self.gesture = Gesture::default();
            self.recentre();
        }
        Ok(self.output())
    }

    fn remember(&mut self, touches: &[Point]) {
        for (slot, t) in self.gesture.last.iter_mut().zip(touches) {
            *slot = *t;
        }
    }

    fn snapshot(&self) -> Snapshot {
        (self.center, self.scale, self.angle, self.cut)
    }

    /// A property or method changed the state during a gesture: the gesture goes on from the
    /// new state, with the fingers where they were last seen. The gesture keeps its kind (a
    /// finger dragged past the box's limit is away from its handle: looking the handle up again
    /// would turn the resize into a pan) unless a property now forbids it, and its finger
    /// count (so the next move is not taken for a finger landing or lifting).
    pub(super) fn rebaseline_gesture(&mut self) {
        if !self.gesture.active {
            return;
        }
        let last = self.gesture.last;
        self.gesture.mode = match self.gesture.mode {
            Mode::Pan { .. } => Mode::Pan { start_touch: last[0], start_center: self.center },
            Mode::Pinch { .. } => Mode::Pinch { prev: last },
            Mode::Resize { handle, .. } if self.handle_allowed(handle) => {
                Mode::Resize { handle, start_touch: last[0], start_cut: self.cut }
            }
            Mode::Resize { .. } | Mode::Idle => {
                let fingers = self.gesture.fingers;
                self.baseline(&last[..fingers.min(2)]);
                self.gesture.fingers = fingers;
                return;
            }
        };
    }

    /// Starts a new baseline with the fingers now down.
    fn baseline(&mut self, touches: &[Point]) {
        self.remember(touches);
        self.gesture.fingers = touches.len();
        self.gesture.mode = match touches {
            [] => Mode::Idle,
            [a, b, ..] => {
                if self.image.is_some() {
                    Mode::Pinch { prev: [*a, *b] }
                } else {
                    Mode::Idle
                }
            }
            [t] => {
                if let Some(handle) = self.hit_handle(*t) {
                    Mode::Resize { handle, start_touch: *t, start_cut: self.cut }
                } else if self.image.is_some() {
                    Mode::Pan { start_touch: *t, start_center: self.center }
                } else {
                    Mode::Idle
                }
            }
        };
    }

    /// Whether the properties let `handle` resize the box: not with both axes locked, not with
    /// a ratio lock and one axis locked (the other could not follow), and an edge not along a
    /// locked axis.
    fn handle_allowed(&self, handle: Handle) -> bool {
        let p = &self.props;
        let locked = p.aspect_ratio > 0.0 || p.disable_ratio;
        !(p.disable_width && p.disable_height)
            && !(locked && (p.disable_width || p.disable_height))
            && !(handle.y == 0 && p.disable_width)
            && !(handle.x == 0 && p.disable_height)
    }

    /// The corner or edge of the box under `p`, if any and if resizing is possible.
    pub fn hit_handle(&self, p: Point) -> Option<Handle> {
        let c = self.cut;
        let (l, t, r, b) = (c.x, c.y, c.x + c.width, c.y + c.height);
        // Nearest corner within its hit zone (zones overlap on small boxes).
        let mut best: Option<(f64, Handle)> = None;
        for (cx, cy, hx, hy) in [(l, t, -1, -1), (r, t, 1, -1), (r, b, 1, 1), (l, b, -1, 1)] {
            let (dx, dy) = ((p.x - cx).abs(), (p.y - cy).abs());
            if dx < CORNER_HIT && dy < CORNER_HIT {
                let d = dx.hypot(dy);
                if best.is_none_or(|(bd, _)| d < bd) {
                    best = Some((d, Handle { x: hx, y: hy }));
                }
            }
        }
        if let Some((_, h)) = best {
            return Some(h).filter(|&h| self.handle_allowed(h));
        }
        let within_x = p.x >= l && p.x <= r;
        let within_y = p.y >= t && p.y <= b;
        let edge = if within_y && (p.x - l).abs() < EDGE_HIT {
            Handle { x: -1, y: 0 }
        } else if within_y && (p.x - r).abs() < EDGE_HIT {
            Handle { x: 1, y: 0 }
        } else if within_x && (p.y - t).abs() < EDGE_HIT {
            Handle { x: 0, y: -1 }
        } else if within_x && (p.y - b).abs() < EDGE_HIT {
            Handle { x: 0, y: 1 }
        } else {
            return None;
        };
        Some(edge).filter(|&h| self.handle_allowed(h))
    }

    /// Two fingers moved from `prev` to `now`: zoom by the change of their distance, clamped to
    /// `min_scale..max_scale` (as the original's pinch: a scale `setScale` left outside them
    /// comes back inside on the first move), rotate by the change of their angle (unless
    /// `disable_rotate`; with `limit_move` the angle snaps as everywhere, so small turns are
    /// undone as in the original), keeping the image point under their midpoint under their
    /// new midpoint.
    fn pinch(&mut self, prev: [Point; 2], now: [Point; 2]) {
        let [p0, p1] = prev;
        let [q0, q1] = now;
        let (pv, qv) = (Point::new(p1.x - p0.x, p1.y - p0.y), Point::new(q1.x - q0.x, q1.y - q0.y));
        let (pd, qd) = (pv.x.hypot(pv.y), qv.x.hypot(qv.y));
        let usable = pd > MIN_PINCH_DISTANCE && qd > MIN_PINCH_DISTANCE;
        let mut ratio = 1.0;
        if usable {
            let target = (self.scale * qd / pd).clamp(self.props.min_scale, self.props.max_scale);
            ratio = target / self.scale;
            self.scale = target;
        }
        let mut turn = 0.0;
        if usable && !self.props.disable_rotate {
            turn = (qv.y.atan2(qv.x) - pv.y.atan2(pv.x)).to_degrees();
            if turn > 180.0 {
                turn -= 360.0;
            } else if turn < -180.0 {
                turn += 360.0;
            }
            // The image turns about the midpoint by what the angle really changed.
            let angle = self.allowed_angle(self.angle + turn);
            turn = angle - self.angle;
            self.angle = angle;
        }
        let pm = Point::new((p0.x + p1.x) / 2.0, (p0.y + p1.y) / 2.0);
        let qm = Point::new((q0.x + q1.x) / 2.0, (q0.y + q1.y) / 2.0);
        let v = rotate(Point::new(self.center.x - pm.x, self.center.y - pm.y), turn);
        self.center = Point::new(qm.x + v.x * ratio, qm.y + v.y * ratio);
    }

    /// A finger dragged `handle` by `delta` from `start`: the new box within min/max (only
    /// here: the original clamps to `max_*` in its resize alone), the viewport, `disable_width` / `disable_height`, and the ratio lock (`aspect_ratio`, or the
    /// box's ratio with `disable_ratio`). The opposite side stays put; an axis that is not
    /// dragged but must follow the ratio grows about its centre.
    fn resize(&mut self, handle: Handle, start: Rect, delta: Point) {
        let p = &self.props;
        let vp = self.viewport;
        let mut w = start.width;
        let mut h = start.height;
        if handle.x != 0 && !p.disable_width {
            w += handle.x as f64 * delta.x;
        }
        if handle.y != 0 && !p.disable_height {
            h += handle.y as f64 * delta.y;
        }
        let (l, t, r, b) = (start.x, start.y, start.x + start.width, start.y + start.height);
        let room_x = match handle.x {
            1 => vp.width - l,
            -1 => r,
            _ => 2.0 * (start.center().x).min(vp.width - start.center().x),
        };
        let room_y = match handle.y {
            1 => vp.height - t,
            -1 => b,
            _ => 2.0 * (start.center().y).min(vp.height - start.center().y),
        };
        let bw = Bounds::new(p.min_width, p.max_width, room_x);
        let bh = Bounds::new(p.min_height, p.max_height, room_y);
        let ratio = if p.aspect_ratio > 0.0 {
            p.aspect_ratio
        } else if p.disable_ratio && start.height > 0.0 {
            start.width / start.height
        } else {
            0.0
        };
        if ratio > 0.0 && handle.x == 0 {
            // The height drives.
            w = h * ratio;
        }
        let Some(size) = fit_size(w, h, ratio, bw, bh) else {
            return;
        };
        let Size { width, height } = size;
        let x = match handle.x {
            1 => l,
            -1 => r - width,
            _ => start.center().x - width / 2.0,
        };
        let y = match handle.y {
            1 => t,
            -1 => b - height,
            _ => start.center().y - height / 2.0,
        };
        self.cut = Rect {
            x: checks::clamp_to(x, 0.0, vp.width - width),
            y: checks::clamp_to(y, 0.0, vp.height - height),
            width,
            height,
        };
    }
}

/// Touch coordinates must be finite and within ±`MAX_COORD`.
fn check_touches(touches: &[Point]) -> Result<()> {
    for t in touches {
        checks::coord(t.x, "touch x")?;
        checks::coord(t.y, "touch y")?;
    }
    Ok(())
}
