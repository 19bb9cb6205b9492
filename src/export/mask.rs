//! Output shaping: the ellipse mask (antialiased edge) on straight RGBA or on a coverage plane,
//! and, for JPEG from RGBA, the fill colour composited under everything that is not opaque.

/// Multiplies alpha by the coverage of the ellipse inscribed in the `w × h` output. Coverage is
/// `0.5 - signed distance` to the ellipse (first-order distance `(f - 1) / |∇f|`), clamped to
/// 0..1: a one-pixel antialiased edge. Fully transparent pixels are cleared.
pub fn apply_ellipse(rgba: &mut [u8], w: u32, h: u32) {
    let n = w as usize;
    ellipse_coverage(w, h, w as f64, h as f64, |y, x0, x1, coverage| {
        for px in rgba[(y * n + x0) * 4..(y * n + x1) * 4].chunks_exact_mut(4) {
            let a = (px[3] as f64 * coverage + 0.5) as u8;
            if a == 0 {
                px.fill(0);
            }
            px[3] = a;
        }
    });
}

/// The same mask on a coverage plane of `w × h` whose pixels each span `scale` output pixels
/// (1 for luma, 2 for 4:2:0 chroma): the ellipse inscribed in the output, seen at this grid.
pub fn apply_ellipse_plane(alpha: &mut [u8], w: u32, h: u32, out_w: u32, out_h: u32, scale: f64) {
    let n = w as usize;
    ellipse_coverage(w, h, out_w as f64 / scale, out_h as f64 / scale, |y, x0, x1, coverage| {
        for a in &mut alpha[y * n + x0..y * n + x1] {
            *a = (*a as f64 * coverage + 0.5) as u8;
        }
    });
}

/// Calls `apply(row, x0, x1, coverage)` for every run of pixels of a `w × h` grid whose ellipse
/// coverage is below 1 (the ellipse inscribed in `ew × eh` grid units, centred). Per row, only
/// pixels within about a pixel of the edge pay for the square root; runs outside get 0.
fn ellipse_coverage(w: u32, h: u32, ew: f64, eh: f64, mut apply: impl FnMut(usize, usize, usize, f64)) {
    let (rx, ry) = (ew / 2.0, eh / 2.0);
    let (inv_rx2, inv_ry2) = (1.0 / (rx * rx), 1.0 / (ry * ry));
    let n = w as usize;
    for y in 0..h as usize {
        let dy = y as f64 + 0.5 - ry;
        let fy = dy * dy * inv_ry2;
        // Half-widths of the ellipses shrunk and grown by 1.5 px (beyond the 1 px edge band):
        // inside the inner one coverage is 1, outside the outer one 0.
        let half = |grow: f64| -> f64 {
            let (a, b) = (rx + grow, ry + grow);
            if a <= 0.0 || b <= 0.0 || dy.abs() >= b {
                return -1.0;
            }
            a * (1.0 - dy * dy / (b * b)).sqrt()
        };
        let (inner, outer) = (half(-1.5), half(1.5));
        let to_index = |x: f64| (x.max(0.0).min(n as f64)) as usize;
        let (o0, o1) = if outer < 0.0 {
            (0, 0)
        } else {
            (to_index((rx - outer).floor()), to_index((rx + outer).ceil()))
        };
        let (i0, i1) = if inner < 0.0 {
            (o0, o0)
        } else {
            (to_index((rx - inner).ceil()), to_index((rx + inner).floor()))
        };
        if o0 > 0 {
            apply(y, 0, o0, 0.0);
        }
        if o1 < n {
            apply(y, o1.max(o0), n, 0.0);
        }
        let (i0, i1) = (i0.clamp(o0, o1), i1.clamp(o0, o1).max(i0.clamp(o0, o1)));
        for x in (o0..i0).chain(i1..o1) {
            let dx = x as f64 + 0.5 - rx;
            let f = dx * dx * inv_rx2 + fy;
            let grad = 2.0 * ((dx * inv_rx2).powi(2) + (dy * inv_ry2).powi(2)).sqrt();
            let dist = if grad > 0.0 { (f - 1.0) / grad } else { -rx.min(ry) };
            let coverage = (0.5 - dist).clamp(0.0, 1.0);
            if coverage < 1.0 {
                apply(y, x, x + 1, coverage);
            }
        }
    }
}

/// Composites straight RGBA over an opaque `fill` colour (its alpha is ignored: JPEG has none);
/// alpha becomes 255.
pub fn composite_over_fill(rgba: &mut [u8], fill: [u8; 4]) {
    let f = [fill[0] as u32, fill[1] as u32, fill[2] as u32];
    for px in rgba.chunks_exact_mut(4) {
        let a = px[3] as u32;
        if a == 255 {
            continue;
        }
        let ia = 255 - a;
        for ch in 0..3 {
            px[ch] = ((px[ch] as u32 * a + f[ch] * ia + 127) / 255) as u8;
        }
        px[3] = 255;
    }
}
