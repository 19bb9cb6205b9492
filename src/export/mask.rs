//! Output shaping on straight RGBA: the ellipse mask (antialiased edge) and, for JPEG, the fill
//! colour composited under everything that is not opaque (outside the image or the mask).

/// Multiplies alpha by the coverage of the ellipse inscribed in the `w × h` output. Coverage is
/// `0.5 - signed distance` to the ellipse (first-order distance `(f - 1) / |∇f|`), clamped to
/// 0..1: a one-pixel antialiased edge. Rows are handled from the inside out so only pixels near
/// the edge pay for the square root.
pub fn apply_ellipse(rgba: &mut [u8], w: u32, h: u32) {
    let (rx, ry) = (w as f64 / 2.0, h as f64 / 2.0);
    let (inv_rx2, inv_ry2) = (1.0 / (rx * rx), 1.0 / (ry * ry));
    for (y, row) in rgba.chunks_exact_mut(w as usize * 4).enumerate() {
        let dy = y as f64 + 0.5 - ry;
        let fy = dy * dy * inv_ry2;
        for (x, px) in row.chunks_exact_mut(4).enumerate() {
            let dx = x as f64 + 0.5 - rx;
            let f = dx * dx * inv_rx2 + fy;
            let grad = 2.0 * ((dx * inv_rx2).powi(2) + (dy * inv_ry2).powi(2)).sqrt();
            let dist = if grad > 0.0 { (f - 1.0) / grad } else { -rx.min(ry) };
            let coverage = (0.5 - dist).clamp(0.0, 1.0);
            if coverage >= 1.0 {
                continue;
            }
            px[3] = (px[3] as f64 * coverage + 0.5) as u8;
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
