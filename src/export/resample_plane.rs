//! One-channel resampling for the planar (JPEG) path: a plane through an affine map into
//! values and coverage (0 where the output misses the image, partial at its edge).
//!
//! Written for interpreters: positions step in 16-bit fixed point along each output row, the
//! span of the row whose four taps are all inside the plane is computed once, and inside it a
//! sample is four loads, three multiply-adds and one bounds check. Only the few pixels at the
//! image's edge take the general path (weights of the taps that exist). When every tap of every
//! output pixel lies inside the plane (a crop inside the image: the usual case) no coverage
//! plane is made at all.

use crate::error::Result;
use crate::export::orient::Affine;
use crate::export::resample::{box_shrink, SourceView, BOX_FROM_STEP, TENT_FROM_STEP};
use crate::geometry::Point;
use crate::limits::Limits;

/// Values and coverage of a resampled plane, `width × height` each. `coverage` is `None` when
/// it would be 255 everywhere (or when the caller did not ask for it).
pub struct Resampled {
    pub values: Vec<u8>,
    pub coverage: Option<Vec<u8>>,
}

/// Resamples `src` (one channel) through `to_stored` (output pixel → stored full-resolution
/// coordinates) to `out_w × out_h`: bilinear, the tent prefilter for shrinks of 1.5–2, area
/// averaging first for stronger shrinks. Coverage only `with_coverage`.
pub fn resample_plane(
    src: &SourceView,
    to_stored: &Affine,
    out_w: u32,
    out_h: u32,
    with_coverage: bool,
    limits: &Limits,
) -> Result<Resampled> {
    let n = limits.check_buffer(out_w, out_h, 2, "the output plane")? / 2;
    let mut shrunk = None;
    loop {
        let view = match &shrunk {
            Some(r) => SourceView::of(r),
            None => *src,
        };
        let g = view.grid_map(to_stored);
        let step = g.a.hypot(g.c).max(g.b.hypot(g.d));
        if step >= BOX_FROM_STEP && step.is_finite() {
            let k = (step.floor() as u32).clamp(2, 256);
            shrunk = Some(box_shrink(&view, k, limits)?);
            continue;
        }
        let mut values = vec![0u8; n];
        if view.channels != 1 || view.width == 0 || view.height == 0 || !consistent(&view) {
            return Ok(Resampled { values, coverage: with_coverage.then(|| vec![0u8; n]) });
        }
        let tent_path = step > TENT_FROM_STEP;
        // The tent reads bilinear samples at the pixels' corners, bilinear at their centres.
        let inset = if tent_path { 0.0 } else { 0.5 };
        let inside = all_taps_inside(&view, &g, out_w as f64, out_h as f64, inset);
        let mut coverage = (with_coverage && !inside).then(|| vec![0u8; n]);
        let cov = coverage.as_deref_mut();
        if tent_path {
            tent(&view, &g, out_w as usize, &mut values, cov);
        } else if g.b == 0.0 && g.c == 0.0 {
            axis_aligned(&view, &g, out_w as usize, &mut values, cov);
        } else {
            rotated(&view, &g, out_w as usize, &mut values, cov);
        }
        return Ok(Resampled { values, coverage });
    }
}

/// Two planes of the same geometry (a JPEG's Cb and Cr) resampled through one map: `a` with
/// coverage when asked for, `b` values only. Rotated maps share the positions and weights of
/// each sample between the two; other maps resample each on its own.
pub fn resample_pair(
    a: &SourceView,
    b: &SourceView,
    to_stored: &Affine,
    out_w: u32,
    out_h: u32,
    with_coverage: bool,
    limits: &Limits,
) -> Result<(Resampled, Vec<u8>)> {
    let same = (a.width, a.height, a.stride, a.channels, a.origin_x, a.origin_y)
        == (b.width, b.height, b.stride, b.channels, b.origin_x, b.origin_y)
        && (a.scale_x, a.scale_y) == (b.scale_x, b.scale_y)
        && a.data.len() == b.data.len();
    let g = a.grid_map(to_stored);
    let step = g.a.hypot(g.c).max(g.b.hypot(g.d));
    let rotated_path = step <= TENT_FROM_STEP && !(g.b == 0.0 && g.c == 0.0);
    if !(same && rotated_path && a.channels == 1 && a.width > 0 && a.height > 0 && consistent(a)) {
        let first = resample_plane(a, to_stored, out_w, out_h, with_coverage, limits)?;
        return Ok((first, resample_plane(b, to_stored, out_w, out_h, false, limits)?.values));
    }
    let n = limits.check_buffer(out_w, out_h, 3, "the output planes")? / 3;
    let (mut values, mut second) = (vec![0u8; n], vec![0u8; n]);
    let inside = all_taps_inside(a, &g, out_w as f64, out_h as f64, 0.5);
    let mut coverage = (with_coverage && !inside).then(|| vec![0u8; n]);
    let w = out_w as usize;
    for (y, (row, row_b)) in values.chunks_exact_mut(w).zip(second.chunks_exact_mut(w)).enumerate() {
        let start = g.apply(Point::new(0.5, y as f64 + 0.5));
        let cov = coverage.as_deref_mut().map(|c| &mut c[y * w..(y + 1) * w]);
        sample_line_with(a, Some((b, row_b)), start, g.a, g.c, row, cov);
    }
    Ok((Resampled { values, coverage }, second))
}

/// Whether the four taps of every bilinear sample at output positions `inset`..`size - inset`
/// lie inside the plane (positions are affine in the output's, so the corners decide), with a
/// margin for the fixed-point stepping.
fn all_taps_inside(src: &SourceView, g: &Affine, w: f64, h: f64, inset: f64) -> bool {
    const MARGIN: f64 = 0.01;
    let (x1, y1) = (src.width as f64 - 1.0 - MARGIN, src.height as f64 - 1.0 - MARGIN);
    [(inset, inset), (w - inset, inset), (inset, h - inset), (w - inset, h - inset)].iter().all(|&(x, y)| {
        let p = g.apply(Point::new(x, y));
        p.x >= MARGIN && p.y >= MARGIN && p.x <= x1 && p.y <= y1
    })
}

/// Rotated (or sheared) maps: one `sample_line` per output row.
fn rotated(src: &SourceView, g: &Affine, out_w: usize, values: &mut [u8], mut coverage: Option<&mut [u8]>) {
    for (y, row) in values.chunks_exact_mut(out_w).enumerate() {
        let start = g.apply(Point::new(0.5, y as f64 + 0.5));
        let cov = coverage.as_deref_mut().map(|c| &mut c[y * out_w..(y + 1) * out_w]);
        sample_line(src, start, g.a, g.c, row, cov);
    }
}

fn consistent(v: &SourceView) -> bool {
    v.stride >= v.width as usize && (v.height as usize - 1) * v.stride + v.width as usize <= v.data.len()
}

/// Indices `[lo, hi)` of `t` (a row's pixels) for which `lo_bound <= p0 + t·step < hi_bound`,
/// shrunk by one at each end so rounding cannot take a tap outside.
fn inside_span(p0: f64, step: f64, lo_bound: f64, hi_bound: f64, n: usize) -> (usize, usize) {
    if step.abs() < 1e-12 {
        return if p0 >= lo_bound && p0 < hi_bound { (0, n) } else { (0, 0) };
    }
    let t1 = (lo_bound - p0) / step;
    let t2 = (hi_bound - p0) / step;
    let lo = t1.min(t2).ceil() + 1.0;
    let hi = t1.max(t2).floor() - 1.0;
    let clamp = |v: f64| v.clamp(0.0, n as f64) as usize;
    let (lo, hi) = (clamp(lo), clamp(hi));
    (lo, hi.max(lo))
}

const FRAC: u32 = 16;
const ONE: f64 = (1u32 << FRAC) as f64;

/// Bilinear samples at `start + i·(dx, dy)` (grid coordinates), `i in 0..values.len()`; the
/// coverage of each, when asked for.
fn sample_line(
    src: &SourceView,
    start: Point,
    dx: f64,
    dy: f64,
    values: &mut [u8],
    coverage: Option<&mut [u8]>,
) {
    sample_line_with(src, None, start, dx, dy, values, coverage);
}

/// `sample_line`, and the same samples of a second plane of the same geometry.
fn sample_line_with(
    src: &SourceView,
    mut second: Option<(&SourceView, &mut [u8])>,
    start: Point,
    dx: f64,
    dy: f64,
    values: &mut [u8],
    mut coverage: Option<&mut [u8]>,
) {
    let n = values.len();
    let (w, h) = (src.width as f64, src.height as f64);
    // All four taps inside: 0 <= x < w - 1 and 0 <= y < h - 1.
    let (lx, hx) = inside_span(start.x, dx, 0.0, w - 1.0, n);
    let (ly, hy) = inside_span(start.y, dy, 0.0, h - 1.0, n);
    let (lo, hi) = (lx.max(ly), hx.min(hy).max(lx.max(ly)));
    // Pixels that may touch the image at all: -1 < x < w and -1 < y < h.
    let (ex0, ex1) = touch_span(start.x, dx, w, n);
    let (ey0, ey1) = touch_span(start.y, dy, h, n);
    let (e0, e1) = (ex0.max(ey0), ex1.min(ey1));
    let mut edge = |i: usize, values: &mut [u8], second: &mut Option<(&SourceView, &mut [u8])>| {
        let p = start_point(start, dx, dy, i);
        let (v, c) = edge_sample(src, p);
        values[i] = v;
        if let Some(cov) = coverage.as_deref_mut() {
            cov[i] = c;
        }
        if let Some((b, out)) = second {
            out[i] = edge_sample(b, p).0;
        }
    };
    for i in (e0..lo.min(e1)).chain(hi.max(e0)..e1) {
        edge(i, values, &mut second);
    }
    if lo >= hi {
        return;
    }
    let first = start_point(start, dx, dy, lo);
    let misses = match second.as_mut() {
        None => inner_line(src, first, dx, dy, &mut values[lo..hi]),
        Some((b, out)) => inner_line_pair(src, b, first, dx, dy, &mut values[lo..hi], &mut out[lo..hi]),
    };
    // Rounding took a tap out of the buffer (never for consistent spans): the general path.
    if misses {
        for i in lo..hi {
            edge(i, values, &mut second);
        }
    } else if let Some(cov) = coverage {
        cov[lo..hi].fill(255);
    }
}

fn start_point(start: Point, dx: f64, dy: f64, i: usize) -> Point {
    Point::new(start.x + i as f64 * dx, start.y + i as f64 * dy)
}

/// The four-tap loop of `sample_line` over samples whose taps are all inside; true if a
/// position rounded outside the buffer (the caller then redoes the line the general way).
#[inline(always)]
fn inner_line(src: &SourceView, first: Point, dx: f64, dy: f64, values: &mut [u8]) -> bool {
    let stride = src.stride;
    let data = src.data;
    // The largest offset whose four taps lie in the buffer.
    let Some(max_at) = data.len().checked_sub(stride + 2) else { return true };
    let (fx, fy) = ((first.x * ONE).round() as i64, (first.y * ONE).round() as i64);
    let (sx, sy) = ((dx * ONE).round() as i64, (dy * ONE).round() as i64);
    let (lx, ly) = (fx + sx * values.len() as i64, fy + sy * values.len() as i64);
    // Positions in 32-bit arithmetic when every one fits (planes under 32768 samples a side):
    // an interpreter pays for each 64-bit operation and for every conversion.
    if [fx, fy, lx, ly].iter().all(|&v| (0..i32::MAX as i64).contains(&v)) {
        inner_line32(data, stride, max_at, (fx as i32, fy as i32), (sx as i32, sy as i32), values)
    } else {
        inner_line64(data, stride, max_at, (fx, fy), (sx, sy), values)
    }
}

fn inner_line32(
    data: &[u8],
    stride: usize,
    max_at: usize,
    (mut fx, mut fy): (i32, i32),
    (sx, sy): (i32, i32),
    values: &mut [u8],
) -> bool {
    for v in values.iter_mut() {
        let at = (fy >> FRAC) as usize * stride + (fx >> FRAC) as usize;
        let (wx, wy) = ((fx >> 8) & 255, (fy >> 8) & 255);
        fx += sx;
        fy += sy;
        if at > max_at {
            return true;
        }
        *v = bilinear_at(data, at, stride, wx, wy);
    }
    false
}

fn inner_line64(
    data: &[u8],
    stride: usize,
    max_at: usize,
    (mut fx, mut fy): (i64, i64),
    (sx, sy): (i64, i64),
    values: &mut [u8],
) -> bool {
    for v in values.iter_mut() {
        let at = (fy >> FRAC) as usize * stride + (fx >> FRAC) as usize;
        let (wx, wy) = (((fx >> 8) & 255) as i32, ((fy >> 8) & 255) as i32);
        fx += sx;
        fy += sy;
        if at > max_at {
            return true;
        }
        *v = bilinear_at(data, at, stride, wx, wy);
    }
    false
}

/// `inner_line` over two planes of the same geometry (32-bit positions only; otherwise each
/// plane on its own).
fn inner_line_pair(
    a: &SourceView,
    b: &SourceView,
    first: Point,
    dx: f64,
    dy: f64,
    va: &mut [u8],
    vb: &mut [u8],
) -> bool {
    let stride = a.stride;
    let Some(max_at) = a.data.len().checked_sub(stride + 2) else { return true };
    let (fx, fy) = ((first.x * ONE).round() as i64, (first.y * ONE).round() as i64);
    let (sx, sy) = ((dx * ONE).round() as i64, (dy * ONE).round() as i64);
    let (lx, ly) = (fx + sx * va.len() as i64, fy + sy * va.len() as i64);
    if !([fx, fy, lx, ly].iter().all(|&v| (0..i32::MAX as i64).contains(&v)) && b.data.len() == a.data.len())
    {
        return inner_line(a, first, dx, dy, va) || inner_line(b, first, dx, dy, vb);
    }
    let (mut fx, mut fy, sx, sy) = (fx as i32, fy as i32, sx as i32, sy as i32);
    for (v, u) in va.iter_mut().zip(vb.iter_mut()) {
        let at = (fy >> FRAC) as usize * stride + (fx >> FRAC) as usize;
        let (wx, wy) = ((fx >> 8) & 255, (fy >> 8) & 255);
        fx += sx;
        fy += sy;
        if at > max_at {
            return true;
        }
        *v = bilinear_at(a.data, at, stride, wx, wy);
        *u = bilinear_at(b.data, at, stride, wx, wy);
    }
    false
}

/// The bilinear sample whose top-left tap is `data[at]`, weights `wx`, `wy` in 1/256.
/// Callers check `at <= data.len() - stride - 2`.
#[inline(always)]
fn bilinear_at(data: &[u8], at: usize, stride: usize, wx: i32, wy: i32) -> u8 {
    debug_assert!(at + stride + 1 < data.len());
    // SAFETY: callers keep `at + stride + 1 < data.len()`.
    let (a, b, c, d) = unsafe {
        (
            *data.get_unchecked(at) as i32,
            *data.get_unchecked(at + 1) as i32,
            *data.get_unchecked(at + stride) as i32,
            *data.get_unchecked(at + stride + 1) as i32,
        )
    };
    let top = (a << 8) + (b - a) * wx;
    let bottom = (c << 8) + (d - c) * wx;
    (((top << 8) + (bottom - top) * wy + 32768) >> 16) as u8
}

/// Bilinear for maps without rotation (the original component's default export): every
/// output column samples the same source columns in every row, so column positions and
/// weights are computed once, and each row reads two source rows at those columns.
fn axis_aligned(
    src: &SourceView,
    g: &Affine,
    out_w: usize,
    values: &mut [u8],
    mut coverage: Option<&mut [u8]>,
) {
    let (w, h) = (src.width as usize, src.height as usize);
    let rows = values.len() / out_w.max(1);
    let edge = |x: usize, y: usize, p: Point, values: &mut [u8], coverage: &mut Option<&mut [u8]>| {
        let (v, c) = edge_sample(src, p);
        values[y * out_w + x] = v;
        if let Some(cov) = coverage.as_deref_mut() {
            cov[y * out_w + x] = c;
        }
    };
    if w < 2 || h < 2 {
        // Too thin for the four-tap fast path: every pixel takes the general one.
        for y in 0..rows {
            let start = g.apply(Point::new(0.5, y as f64 + 0.5));
            for x in 0..out_w {
                edge(x, y, Point::new(start.x + x as f64 * g.a, start.y), values, &mut coverage);
            }
        }
        return;
    }
    // Per column: the left tap and its weight; columns not inside on x take the general path.
    let col = |x: usize| g.a * (x as f64 + 0.5) + g.tx;
    let mut taps = Vec::with_capacity(out_w);
    let mut outside = Vec::new();
    for x in 0..out_w {
        let p = col(x);
        let f = p.floor();
        if p >= 0.0 && p < (w - 1) as f64 {
            taps.push((f as usize, ((p - f) * 256.0) as i32));
        } else {
            taps.push((0, 0));
            outside.push(x);
        }
    }
    for y in 0..rows {
        let p = g.d * (y as f64 + 0.5) + g.ty;
        if !(p >= 0.0 && p < (h - 1) as f64) {
            // Rows at or beyond the image's edge: the general path.
            for x in 0..out_w {
                edge(x, y, Point::new(col(x), p), values, &mut coverage);
            }
            continue;
        }
        let fy = p.floor();
        let (iy, wy) = (fy as usize, ((p - fy) * 256.0) as i32);
        let r0 = &src.data[iy * src.stride..iy * src.stride + w];
        let r1 = &src.data[(iy + 1) * src.stride..(iy + 1) * src.stride + w];
        axis_row(r0, r1, &taps, wy, &mut values[y * out_w..(y + 1) * out_w]);
        if let Some(cov) = coverage.as_deref_mut() {
            cov[y * out_w..(y + 1) * out_w].fill(255);
        }
        for &x in &outside {
            edge(x, y, Point::new(col(x), p), values, &mut coverage);
        }
    }
}

/// One output row from source rows `r0` and `r1` (`w` samples each) at the columns' taps
/// (`ix + 1 < w` for every one: `axis_aligned` makes them so).
#[inline(never)]
fn axis_row(r0: &[u8], r1: &[u8], taps: &[(usize, i32)], wy: i32, out: &mut [u8]) {
    let w = r0.len().min(r1.len());
    for (o, &(ix, wx)) in out.iter_mut().zip(taps) {
        if ix + 1 >= w {
            continue;
        }
        // SAFETY: `ix + 1 < w <= r0.len(), r1.len()` (checked above).
        let (a, b, c, d) = unsafe {
            (
                *r0.get_unchecked(ix) as i32,
                *r0.get_unchecked(ix + 1) as i32,
                *r1.get_unchecked(ix) as i32,
                *r1.get_unchecked(ix + 1) as i32,
            )
        };
        let top = (a << 8) + (b - a) * wx;
        let bottom = (c << 8) + (d - c) * wx;
        *o = (((top << 8) + (bottom - top) * wy + 32768) >> 16) as u8;
    }
}

/// Indices whose position may reach the image on one axis: `-1 < p < limit`.
fn touch_span(p0: f64, step: f64, limit: f64, n: usize) -> (usize, usize) {
    if step.abs() < 1e-12 {
        return if p0 > -1.0 && p0 < limit { (0, n) } else { (0, 0) };
    }
    let t1 = (-1.0 - p0) / step;
    let t2 = (limit - p0) / step;
    let clamp = |v: f64| v.clamp(0.0, n as f64) as usize;
    (clamp(t1.min(t2).floor()), clamp(t1.max(t2).ceil() + 1.0))
}

/// Bilinear at `p` with the taps that exist: (value, coverage).
fn edge_sample(src: &SourceView, p: Point) -> (u8, u8) {
    if !(p.x > -1.0 && p.y > -1.0 && p.x < src.width as f64 && p.y < src.height as f64) {
        return (0, 0);
    }
    let (fx, fy) = (p.x.floor(), p.y.floor());
    let (wx, wy) = (p.x - fx, p.y - fy);
    let (ix, iy) = (fx as i64, fy as i64);
    let mut total = 0.0;
    let mut sum = 0.0;
    for (dx, dy, weight) in
        [(0, 0, (1.0 - wx) * (1.0 - wy)), (1, 0, wx * (1.0 - wy)), (0, 1, (1.0 - wx) * wy), (1, 1, wx * wy)]
    {
        let (x, y) = (ix + dx, iy + dy);
        if x < 0 || y < 0 || x >= src.width as i64 || y >= src.height as i64 || weight <= 0.0 {
            continue;
        }
        let v = src.data.get(y as usize * src.stride + x as usize).copied().unwrap_or(0);
        total += weight;
        sum += weight * v as f64;
    }
    if total <= 0.0 {
        return (0, 0);
    }
    ((sum / total + 0.5) as u8, (total * 255.0 + 0.5) as u8)
}

/// The tent prefilter (see `resample::tent`): 3/8 of the bilinear sample at the pixel's
/// centre plus 5/32 of each at its four corners; corner rows are shared by neighbouring rows.
fn tent(src: &SourceView, g: &Affine, out_w: usize, values: &mut [u8], mut coverage: Option<&mut [u8]>) {
    let n = out_w;
    let rows = values.len() / n.max(1);
    let (mut top_v, mut top_c) = (vec![0u8; n + 1], vec![0u8; n + 1]);
    let (mut bot_v, mut bot_c) = (vec![0u8; n + 1], vec![0u8; n + 1]);
    let (mut mid_v, mut mid_c) = (vec![0u8; n], vec![0u8; n]);
    let line = |y: f64, x0: f64, v: &mut [u8], c: &mut [u8]| {
        v.fill(0);
        c.fill(0);
        sample_line(src, g.apply(Point::new(x0, y)), g.a, g.c, v, Some(c));
    };
    line(0.0, 0.0, &mut top_v, &mut top_c);
    for y in 0..rows {
        line(y as f64 + 1.0, 0.0, &mut bot_v, &mut bot_c);
        line(y as f64 + 0.5, 0.5, &mut mid_v, &mut mid_c);
        let out_v = &mut values[y * n..(y + 1) * n];
        let mut out_c = coverage.as_deref_mut().map(|c| &mut c[y * n..(y + 1) * n]);
        for x in 0..n {
            let (c, tl, tr, bl, br) =
                (mid_v[x] as u32, top_v[x] as u32, top_v[x + 1] as u32, bot_v[x] as u32, bot_v[x + 1] as u32);
            let (value, cover) = if (mid_c[x] & top_c[x] & top_c[x + 1] & bot_c[x] & bot_c[x + 1]) == 255 {
                (((12 * c + 5 * (tl + tr + bl + br) + 16) >> 5) as u8, 255)
            } else {
                // At the image's edge: weight each tap by its coverage.
                let taps = [
                    (c, mid_c[x], 12u32),
                    (tl, top_c[x], 5),
                    (tr, top_c[x + 1], 5),
                    (bl, bot_c[x], 5),
                    (br, bot_c[x + 1], 5),
                ];
                let (mut sum, mut weight) = (0u32, 0u32);
                for (v, cov, w) in taps {
                    sum += v * cov as u32 * w;
                    weight += cov as u32 * w;
                }
                match (sum + weight / 2).checked_div(weight) {
                    Some(value) => (value as u8, ((weight + 16) >> 5) as u8),
                    None => (0, 0),
                }
            };
            out_v[x] = value;
            if let Some(c) = out_c.as_deref_mut() {
                c[x] = cover;
            }
        }
        std::mem::swap(&mut top_v, &mut bot_v);
        std::mem::swap(&mut top_c, &mut bot_c);
    }
}
