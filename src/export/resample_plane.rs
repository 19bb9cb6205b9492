//! One-channel resampling for the planar (JPEG) path: a plane through an affine map into
//! values and coverage (0 where the output misses the image, partial at its edge).
//!
//! Written for interpreters: positions step in 16-bit fixed point along each output row, the
//! span of the row whose four taps are all inside the plane is computed once, and inside it a
//! sample is four loads, three multiply-adds and one bounds check. Only the few pixels at the
//! image's edge take the general path (weights of the taps that exist).

use crate::error::Result;
use crate::export::orient::Affine;
use crate::export::resample::{box_shrink, SourceView, BOX_FROM_STEP, TENT_FROM_STEP};
use crate::geometry::Point;
use crate::limits::Limits;

/// Values and coverage of a resampled plane, `width × height` each.
pub struct Resampled {
    pub values: Vec<u8>,
    pub coverage: Vec<u8>,
}

/// Resamples `src` (one channel) through `to_stored` (output pixel → stored full-resolution
/// coordinates) to `out_w × out_h`: bilinear, the tent prefilter for shrinks of 1.5–2, area
/// averaging first for stronger shrinks.
pub fn resample_plane(
    src: &SourceView,
    to_stored: &Affine,
    out_w: u32,
    out_h: u32,
    limits: &Limits,
) -> Result<Resampled> {
    let n = limits.check_buffer(out_w, out_h, 2, "the output plane")? / 2;
    let mut out = Resampled { values: vec![0u8; n], coverage: vec![0u8; n] };
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
        if view.channels != 1 || view.width == 0 || view.height == 0 || !consistent(&view) {
            return Ok(out);
        }
        if step > TENT_FROM_STEP {
            tent(&view, &g, out_w as usize, &mut out);
        } else if g.b == 0.0 && g.c == 0.0 {
            axis_aligned(&view, &g, out_w as usize, &mut out);
        } else {
            for y in 0..out_h as usize {
                let row = y * out_w as usize..(y + 1) * out_w as usize;
                let start = g.apply(Point::new(0.5, y as f64 + 0.5));
                sample_line(&view, start, g.a, g.c, &mut out.values[row.clone()], &mut out.coverage[row]);
            }
        }
        return Ok(out);
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

/// Bilinear samples at `start + i·(dx, dy)` (grid coordinates), `i in 0..values.len()`.
fn sample_line(src: &SourceView, start: Point, dx: f64, dy: f64, values: &mut [u8], coverage: &mut [u8]) {
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
    for i in (e0..lo.min(e1)).chain(hi.max(e0)..e1) {
        let p = Point::new(start.x + i as f64 * dx, start.y + i as f64 * dy);
        let (v, c) = edge_sample(src, p);
        values[i] = v;
        coverage[i] = c;
    }
    if lo >= hi {
        return;
    }
    let stride = src.stride;
    let data = src.data;
    // The largest offset whose four taps lie in the buffer: the span above keeps every sample
    // below it; the check costs one comparison and turns any rounding surprise into the slow
    // path instead of a wrong read.
    let max_at = match data.len().checked_sub(stride + 2) {
        Some(m) => m,
        None => return,
    };
    let mut fx = ((start.x + lo as f64 * dx) * ONE).round() as i64;
    let mut fy = ((start.y + lo as f64 * dy) * ONE).round() as i64;
    let (sx, sy) = ((dx * ONE).round() as i64, (dy * ONE).round() as i64);
    coverage[lo..hi].fill(255);
    for i in lo..hi {
        let at = (fy >> FRAC) as usize * stride + (fx >> FRAC) as usize;
        let (wx, wy) = (((fx >> 8) & 255) as i32, ((fy >> 8) & 255) as i32);
        fx += sx;
        fy += sy;
        if at > max_at {
            let (v, c) = edge_sample(src, Point::new(start.x + i as f64 * dx, start.y + i as f64 * dy));
            values[i] = v;
            coverage[i] = c;
            continue;
        }
        // SAFETY: `at + stride + 1 <= max_at + stride + 1 < data.len()`.
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
        values[i] = (((top << 8) + (bottom - top) * wy + 32768) >> 16) as u8;
    }
}

/// Bilinear for maps without rotation (the original component's default export): every
/// output column samples the same source columns in every row, so column positions and
/// weights are computed once, and each row reads two source rows at those columns.
fn axis_aligned(src: &SourceView, g: &Affine, out_w: usize, out: &mut Resampled) {
    let (w, h) = (src.width as usize, src.height as usize);
    if w < 2 || h < 2 {
        // Too thin for the four-tap fast path: every pixel takes the general one.
        for y in 0..out.values.len() / out_w.max(1) {
            let start = g.apply(Point::new(0.5, y as f64 + 0.5));
            for x in 0..out_w {
                let (v, c) = edge_sample(src, Point::new(start.x + x as f64 * g.a, start.y));
                out.values[y * out_w + x] = v;
                out.coverage[y * out_w + x] = c;
            }
        }
        return;
    }
    // Per column: the left tap (`usize::MAX` where the pixel is not inside on x) and its weight.
    let mut cols = Vec::with_capacity(out_w);
    for x in 0..out_w {
        let p = g.a * (x as f64 + 0.5) + g.tx;
        let inside = p >= 0.0 && p < (w - 1) as f64;
        let f = p.floor();
        cols.push(if inside { (f as usize, ((p - f) * 256.0) as i32) } else { (usize::MAX, 0) });
    }
    for (y, (values, coverage)) in
        out.values.chunks_exact_mut(out_w).zip(out.coverage.chunks_exact_mut(out_w)).enumerate()
    {
        let p = g.d * (y as f64 + 0.5) + g.ty;
        let row_inside = p >= 0.0 && p < (h - 1) as f64;
        let fy = p.floor();
        let (iy, wy) = (fy as usize, ((p - fy) * 256.0) as i32);
        if !row_inside {
            // Rows at or beyond the image's edge: the general path.
            for x in 0..out_w {
                let (v, c) = edge_sample(src, Point::new(g.a * (x as f64 + 0.5) + g.tx, p));
                values[x] = v;
                coverage[x] = c;
            }
            continue;
        }
        let r0 = &src.data[iy * src.stride..iy * src.stride + w];
        let r1 = &src.data[(iy + 1) * src.stride..(iy + 1) * src.stride + w];
        for (x, &(ix, wx)) in cols.iter().enumerate() {
            if ix == usize::MAX {
                let (v, c) = edge_sample(src, Point::new(g.a * (x as f64 + 0.5) + g.tx, p));
                values[x] = v;
                coverage[x] = c;
                continue;
            }
            // `ix + 1 < w` by construction of `cols`; the rows have `w` samples.
            let (a, b) = (r0[ix] as i32, r0[ix + 1] as i32);
            let (c, d) = (r1[ix] as i32, r1[ix + 1] as i32);
            let top = (a << 8) + (b - a) * wx;
            let bottom = (c << 8) + (d - c) * wx;
            values[x] = (((top << 8) + (bottom - top) * wy + 32768) >> 16) as u8;
            coverage[x] = 255;
        }
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
fn tent(src: &SourceView, g: &Affine, out_w: usize, out: &mut Resampled) {
    let n = out_w;
    let rows = out.values.len() / n.max(1);
    let (mut top_v, mut top_c) = (vec![0u8; n + 1], vec![0u8; n + 1]);
    let (mut bot_v, mut bot_c) = (vec![0u8; n + 1], vec![0u8; n + 1]);
    let (mut mid_v, mut mid_c) = (vec![0u8; n], vec![0u8; n]);
    let line = |y: f64, x0: f64, v: &mut [u8], c: &mut [u8]| {
        v.fill(0);
        c.fill(0);
        sample_line(src, g.apply(Point::new(x0, y)), g.a, g.c, v, c);
    };
    line(0.0, 0.0, &mut top_v, &mut top_c);
    for y in 0..rows {
        line(y as f64 + 1.0, 0.0, &mut bot_v, &mut bot_c);
        line(y as f64 + 0.5, 0.5, &mut mid_v, &mut mid_c);
        let values = &mut out.values[y * n..(y + 1) * n];
        let coverage = &mut out.coverage[y * n..(y + 1) * n];
        for x in 0..n {
            let (c, tl, tr, bl, br) =
                (mid_v[x] as u32, top_v[x] as u32, top_v[x + 1] as u32, bot_v[x] as u32, bot_v[x + 1] as u32);
            if (mid_c[x] & top_c[x] & top_c[x + 1] & bot_c[x] & bot_c[x + 1]) == 255 {
                values[x] = ((12 * c + 5 * (tl + tr + bl + br) + 16) >> 5) as u8;
                coverage[x] = 255;
                continue;
            }
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
            if let Some(value) = (sum + weight / 2).checked_div(weight) {
                values[x] = value as u8;
                coverage[x] = ((weight + 16) >> 5) as u8;
            }
        }
        std::mem::swap(&mut top_v, &mut bot_v);
        std::mem::swap(&mut top_c, &mut bot_c);
    }
}
