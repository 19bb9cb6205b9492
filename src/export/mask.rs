//! Output shaping on straight RGBA: the ellipse mask (antialiased edge) and, for JPEG, the fill
//! colour composited under everything that is not opaque (outside the image or the mask).

/// Multiplies alpha by the coverage of the ellipse inscribed in the `w × h` output. Coverage is
/// `0.5 - signed distance` to the ellipse (first-order distance `(f - 1) / |∇f|`), clamped to
/// 0..1: a one-pixel antialiased edge. Per row, only pixels within about a pixel of the edge pay
/// for the square root; the rest are cleared or left alone wholesale.
pub fn apply_ellipse(rgba: &mut [u8], w: u32, h: u32) {
    let (rx, ry) = (w as f64 / 2.0, h as f64 / 2.0);
    let (inv_rx2, inv_ry2) = (1.0 / (rx * rx), 1.0 / (ry * ry));
    let n = w as usize;
    for (y, row) in rgba.chunks_exact_mut(n * 4).enumerate() {
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
        let (o0, o1) = if outer < 0.0 { (0, 0) } else { (to_index((rx - outer).floor()), to_index((rx + outer).ceil())) };
        let (i0, i1) = if inner < 0.0 { (o0, o0) } else { (to_index((rx - inner).ceil()), to_index((rx + inner).floor())) };
        row[..o0 * 4].fill(0);
        row[o1 * 4..].fill(0);
        let edge = |x: usize, px: &mut [u8]| {
            let dx = x as f64 + 0.5 - rx;
            let f = dx * dx * inv_rx2 + fy;
            let grad = 2.0 * ((dx * inv_rx2).powi(2) + (dy * inv_ry2).powi(2)).sqrt();
            let dist = if grad > 0.0 { (f - 1.0) / grad } else { -rx.min(ry) };
            let coverage = (0.5 - dist).clamp(0.0, 1.0);
            if coverage < 1.0 {
                let a = (px[3] as f64 * coverage + 0.5) as u8;
                if a == 0 {
                    px.fill(0);
                }
                px[3] = a;
            }
        };
        let (i0, i1) = (i0.clamp(o0, o1), i1.clamp(o0, o1).max(i0.clamp(o0, o1)));
        for x in (o0..i0).chain(i1..o1) {
            edge(x, &mut row[x * 4..x * 4 + 4]);
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
