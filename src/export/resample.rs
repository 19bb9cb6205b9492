//! Resampling the source (a decoded region, possibly at reduced scale) through the output →
//! stored affine map into straight (non-premultiplied) RGBA.
//!
//! Built for interpreters as much as for JITs: positions step in 32.32 fixed point along each
//! output row, weights are 8-bit, every channel costs four integer multiply-adds, and the span
//! of each row that can touch the image is computed once per row, so pixels outside the image
//! cost nothing (the output starts zeroed = transparent). Pixels outside the image have zero
//! weight: the image's own edge comes out antialiased. Pixel-exact maps (integer offset, scale 1,
//! quarter turns, flips) copy pixels instead, so such crops are bit-identical to the source.

use crate::error::Result;
use crate::export::options::Limits;
use crate::export::orient::Affine;
use crate::geometry::Point;
use crate::raster::Raster;

/// Borrowed pixels with the `Raster` coordinate convention: full-resolution stored coordinate
/// `s` is buffer coordinate `s / scale_denom - origin`.
#[derive(Clone, Copy, Debug)]
pub struct SourceView<'a> {
    pub data: &'a [u8],
    pub width: u32,
    pub height: u32,
    pub channels: u8,
    pub origin_x: u32,
    pub origin_y: u32,
    pub scale_denom: u32,
}

impl<'a> SourceView<'a> {
    pub fn of(r: &'a Raster) -> Self {
        SourceView {
            data: &r.data,
            width: r.width,
            height: r.height,
            channels: r.channels,
            origin_x: r.origin_x,
            origin_y: r.origin_y,
            scale_denom: r.scale_denom.max(1),
        }
    }

    fn is_consistent(&self) -> bool {
        (1..=4).contains(&self.channels)
            && self.width as u64 * self.height as u64 * self.channels as u64 == self.data.len() as u64
    }
}

/// Output pixel coordinates → buffer *grid* coordinates (pixel centres at integers).
fn grid_map(to_stored: &Affine, src: &SourceView) -> Affine {
    let k = 1.0 / src.scale_denom as f64;
    Affine {
        a: to_stored.a * k,
        b: to_stored.b * k,
        c: to_stored.c * k,
        d: to_stored.d * k,
        tx: to_stored.tx * k - src.origin_x as f64 - 0.5,
        ty: to_stored.ty * k - src.origin_y as f64 - 0.5,
    }
}

/// Straight RGBA, `out_w × out_h`, of the source seen through `to_stored`.
pub fn resample(src: &SourceView, to_stored: &Affine, out_w: u32, out_h: u32, limits: &Limits) -> Result<Vec<u8>> {
    let size = limits.check_buffer(out_w, out_h, 4, "the output image")?;
    let mut out = vec![0u8; size];
    if !src.is_consistent() || src.width == 0 || src.height == 0 {
        return Ok(out);
    }
    let g = grid_map(to_stored, src);
    if copy_exact(src, &g, out_w, &mut out) {
        return Ok(out);
    }
    match src.channels {
        1 => bilinear::<1>(src, &g, out_w, &mut out),
        2 => bilinear::<2>(src, &g, out_w, &mut out),
        3 => bilinear::<3>(src, &g, out_w, &mut out),
        _ => bilinear::<4>(src, &g, out_w, &mut out),
    }
    Ok(out)
}

fn near(v: f64, target: f64) -> bool {
    (v - target).abs() < 1e-9
}

/// Nearest-pixel copy when every output pixel centre lands exactly on a source pixel centre
/// (the map is a signed permutation with an integer offset). Returns false when it is not.
fn copy_exact(src: &SourceView, g: &Affine, out_w: u32, out: &mut [u8]) -> bool {
    let unit = |v: f64| near(v, 0.0) || near(v.abs(), 1.0);
    if ![g.a, g.b, g.c, g.d].iter().all(|&v| unit(v)) || near(g.a.abs() + g.b.abs(), 1.0) == false {
        return false;
    }
    if !(near(g.a.abs() + g.c.abs(), 1.0) && near(g.b.abs() + g.d.abs(), 1.0)) {
        return false;
    }
    let p = g.apply(Point::new(0.5, 0.5));
    if !(near(p.x, p.x.round()) && near(p.y, p.y.round())) || p.x.abs() > 1e12 || p.y.abs() > 1e12 {
        return false;
    }
    let (x0, y0) = (p.x.round() as i64, p.y.round() as i64);
    let (ax, bx, cy, dy) = (g.a.round() as i64, g.b.round() as i64, g.c.round() as i64, g.d.round() as i64);
    let (w, h, c) = (src.width as i64, src.height as i64, src.channels as usize);
    for (oy, row) in out.chunks_exact_mut(out_w as usize * 4).enumerate() {
        let oy = oy as i64;
        for (ox, px) in row.chunks_exact_mut(4).enumerate() {
            let ox = ox as i64;
            let sx = x0 + ax * ox + bx * oy;
            let sy = y0 + cy * ox + dy * oy;
            if sx < 0 || sy < 0 || sx >= w || sy >= h {
                continue;
            }
            let i = (sy * w + sx) as usize * c;
            let s = &src.data[i..i + c];
            px.copy_from_slice(&expand(s));
        }
    }
    true
}

/// One source pixel of 1..4 channels as RGBA.
#[inline(always)]
fn expand(s: &[u8]) -> [u8; 4] {
    match s.len() {
        1 => [s[0], s[0], s[0], 255],
        2 => [s[0], s[0], s[0], s[1]],
        3 => [s[0], s[1], s[2], 255],
        _ => [s[0], s[1], s[2], s[3]],
    }
}

/// Output x indices `[lo, hi)` of a row whose grid positions are `g0 + ox·step` on one axis,
/// conservatively covering every ox with `-1 < g < limit` (beyond that the weights are zero).
fn axis_span(g0: f64, step: f64, limit: f64, out_w: u32) -> (u32, u32) {
    if step.abs() < 1e-12 {
        return if g0 > -1.0 && g0 < limit { (0, out_w) } else { (0, 0) };
    }
    let t1 = (-1.0 - g0) / step;
    let t2 = (limit - g0) / step;
    let lo = t1.min(t2).floor() - 1.0;
    let hi = t1.max(t2).ceil() + 1.0;
    let clamp = |v: f64| v.clamp(0.0, out_w as f64) as u32;
    (clamp(lo), clamp(hi))
}

const FRAC: u32 = 32;
const ONE: f64 = (1u64 << FRAC) as f64;

fn bilinear<const C: usize>(src: &SourceView, g: &Affine, out_w: u32, out: &mut [u8]) {
    let (w, h) = (src.width as usize, src.height as usize);
    let stride = w * C;
    let data = src.data;
    let step_x = (g.a * ONE).round() as i64;
    let step_y = (g.c * ONE).round() as i64;
    for (oy, row) in out.chunks_exact_mut(out_w as usize * 4).enumerate() {
        let start = g.apply(Point::new(0.5, oy as f64 + 0.5));
        let (lx, hx) = axis_span(start.x, g.a, w as f64, out_w);
        let (ly, hy) = axis_span(start.y, g.c, h as f64, out_w);
        let (lo, hi) = (lx.max(ly), hx.min(hy));
        if lo >= hi {
            continue;
        }
        let first = Point::new(start.x + lo as f64 * g.a, start.y + lo as f64 * g.c);
        let mut fx = (first.x * ONE).round() as i64;
        let mut fy = (first.y * ONE).round() as i64;
        for px in row[lo as usize * 4..hi as usize * 4].chunks_exact_mut(4) {
            let ix = fx >> FRAC;
            let iy = fy >> FRAC;
            let wx = ((fx >> (FRAC - 8)) & 255) as u32;
            let wy = ((fy >> (FRAC - 8)) & 255) as u32;
            fx += step_x;
            fy += step_y;
            if (ix as u64) < (w as u64).wrapping_sub(1) && (iy as u64) < (h as u64).wrapping_sub(1) {
                let i = iy as usize * stride + ix as usize * C;
                let j = i + stride;
                let w00 = (256 - wx) * (256 - wy);
                let w01 = wx * (256 - wy);
                let w10 = (256 - wx) * wy;
                let w11 = wx * wy;
                let opaque = C % 2 == 1
                    || (data[i + C - 1] & data[i + 2 * C - 1] & data[j + C - 1] & data[j + 2 * C - 1]) == 255;
                if opaque {
                    let mut v = [0u8; 4];
                    for ch in 0..C.min(3) {
                        let s = data[i + ch] as u32 * w00
                            + data[i + C + ch] as u32 * w01
                            + data[j + ch] as u32 * w10
                            + data[j + C + ch] as u32 * w11;
                        v[ch] = ((s + 32768) >> 16) as u8;
                    }
                    write_px::<C>(px, v, 255);
                    continue;
                }
            }
            border_px::<C>(data, w, h, ix, iy, wx, wy, px);
        }
    }
}

#[inline(always)]
fn write_px<const C: usize>(px: &mut [u8], v: [u8; 4], alpha: u8) {
    if C <= 2 {
        px.copy_from_slice(&[v[0], v[0], v[0], alpha]);
    } else {
        px.copy_from_slice(&[v[0], v[1], v[2], alpha]);
    }
}

/// A pixel whose neighbours are partly outside the source or not all opaque: weights by
/// coverage × alpha (premultiplied interpolation), straight colour out.
#[allow(clippy::too_many_arguments)]
#[cold]
fn border_px<const C: usize>(data: &[u8], w: usize, h: usize, ix: i64, iy: i64, wx: u32, wy: u32, px: &mut [u8]) {
    let has_alpha = C % 2 == 0;
    let taps = [(0i64, 0i64, (256 - wx) * (256 - wy)), (1, 0, wx * (256 - wy)), (0, 1, (256 - wx) * wy), (1, 1, wx * wy)];
    let mut total = 0u64;
    let mut sums = [0u64; 3];
    for (dx, dy, weight) in taps {
        let (x, y) = (ix + dx, iy + dy);
        if weight == 0 || x < 0 || y < 0 || x >= w as i64 || y >= h as i64 {
            continue;
        }
        let i = (y as usize * w + x as usize) * C;
        let a = if has_alpha { data[i + C - 1] as u64 } else { 255 };
        let wa = weight as u64 * a;
        total += wa;
        for (ch, sum) in sums.iter_mut().enumerate().take(if C <= 2 { 1 } else { 3 }) {
            *sum += wa * data[i + ch] as u64;
        }
    }
    if total == 0 {
        return;
    }
    let alpha = ((total + 32768) >> 16) as u8;
    if alpha == 0 {
        return;
    }
    let mut v = [0u8; 4];
    for ch in 0..3 {
        v[ch] = ((sums[ch] + total / 2) / total) as u8;
    }
    write_px::<C>(px, v, alpha);
}
