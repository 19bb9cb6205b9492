//! The YCbCr path for JPEG input: each decoded plane (luma, and chroma at its own subsampled
//! resolution) is resampled straight to the output grid it needs, and the JPEG encoder takes
//! the planes as they are. No full-resolution chroma upsampling, no RGB copy of the region and
//! no RGB → YCbCr conversion of the output: on a phone without a JIT the per-pixel passes over
//! the region are what the export spends its time on, so the cheapest pass is the one not made.
//! PNG output converts to RGB at output resolution only.

use crate::error::Result;
use crate::export::color::{rgb_to_ycc, YccToRgb};
use crate::export::orient::Affine;
use crate::export::resample::SourceView;
use crate::export::resample_plane::{resample_pair, resample_plane as resample_one};
use crate::limits::Limits;
use crate::raster::{PlaneColor, Planes};

/// Output chroma resolution: full (for RGB output) or halved both ways (JPEG 4:2:0).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chroma {
    Full,
    Half,
}

/// A YCbCr output image; `alpha` is the image's coverage (0 outside it, partial at its edge),
/// `None` where it is 255 everywhere (a crop inside the image), and `chroma_alpha` the same on
/// the chroma grid.
pub struct YccImage {
    pub width: u32,
    pub height: u32,
    pub y: Vec<u8>,
    pub alpha: Option<Vec<u8>>,
    pub chroma_width: u32,
    pub chroma_height: u32,
    pub cb: Vec<u8>,
    pub cr: Vec<u8>,
    pub chroma_alpha: Option<Vec<u8>>,
}

impl YccImage {
    /// The coverage planes, made explicit (255 where they were implicit): for the mask.
    pub fn alphas_mut(&mut self) -> (&mut Vec<u8>, &mut Vec<u8>) {
        let (n, cn) = (self.y.len(), self.cb.len());
        (
            self.alpha.get_or_insert_with(|| vec![255; n]),
            self.chroma_alpha.get_or_insert_with(|| vec![255; cn]),
        )
    }
}

/// Chroma plane size for an output of `w × h`.
pub fn chroma_size(w: u32, h: u32, chroma: Chroma) -> (u32, u32) {
    match chroma {
        Chroma::Full => (w, h),
        Chroma::Half => (w.div_ceil(2), h.div_ceil(2)),
    }
}

/// Resamples YCbCr or gray planes through `to_stored` (output pixel → stored full-resolution
/// coordinates) to an `out_w × out_h` image.
pub fn resample_planes(
    p: &Planes,
    to_stored: &Affine,
    out_w: u32,
    out_h: u32,
    chroma: Chroma,
    limits: &Limits,
) -> Result<YccImage> {
    let (cw, ch) = chroma_size(out_w, out_h, chroma);
    let (y, alpha) = resample_plane(p, 0, to_stored, out_w, out_h, true, limits)?;
    let (cb, cr, chroma_alpha) = if p.color == PlaneColor::YCbCr && p.planes.len() >= 3 {
        // A chroma output pixel covers `f × f` output pixels.
        let f = if chroma == Chroma::Half { 2.0 } else { 1.0 };
        let m = to_stored.after(&Affine { a: f, b: 0.0, c: 0.0, d: f, tx: 0.0, ty: 0.0 });
        // Cb and Cr lie on the same grid: one coverage serves both, and one pass samples both.
        let (cb, cr) = (SourceView::of_plane(&p.planes[1]), SourceView::of_plane(&p.planes[2]));
        let (first, cr) = resample_pair(&cb, &cr, &m, cw, ch, true, limits)?;
        (first.values, cr, first.coverage)
    } else {
        // Gray: neutral chroma where the image is.
        let n = limits.check_buffer(cw, ch, 1, "the output chroma")?;
        let ca = match (&alpha, chroma) {
            (None, _) => None,
            (Some(a), Chroma::Full) => Some(a.clone()),
            (Some(a), Chroma::Half) => Some(halve(a, out_w, out_h)),
        };
        (vec![128u8; n], vec![128u8; n], ca)
    };
    Ok(YccImage {
        width: out_w,
        height: out_h,
        y,
        alpha,
        chroma_width: cw,
        chroma_height: ch,
        cb,
        cr,
        chroma_alpha,
    })
}

/// One plane resampled: (values, coverage unless it is 255 everywhere or not wanted).
fn resample_plane(
    p: &Planes,
    i: usize,
    m: &Affine,
    w: u32,
    h: u32,
    with_coverage: bool,
    limits: &Limits,
) -> Result<(Vec<u8>, Option<Vec<u8>>)> {
    let r = resample_one(&SourceView::of_plane(&p.planes[i]), m, w, h, with_coverage, limits)?;
    Ok((r.values, r.coverage))
}

/// 2×2 means of a `w × h` plane (edges: the samples that exist).
pub fn halve(src: &[u8], w: u32, h: u32) -> Vec<u8> {
    let (w, h) = (w as usize, h as usize);
    let (hw, hh) = (w.div_ceil(2), h.div_ceil(2));
    let mut out = Vec::with_capacity(hw * hh);
    for y in 0..hh {
        let (r0, r1) = (2 * y * w, (2 * y + 1).min(h - 1) * w);
        for x in 0..hw {
            let (x0, x1) = (2 * x, (2 * x + 1).min(w - 1));
            let sum = src[r0 + x0] as u32 + src[r0 + x1] as u32 + src[r1 + x0] as u32 + src[r1 + x1] as u32;
            out.push(((sum + 2) >> 2) as u8);
        }
    }
    out
}

/// Composites the image over an opaque `fill` colour (JPEG output): alpha becomes 255.
pub fn composite_over_fill(img: &mut YccImage, fill: [u8; 4]) {
    let f = rgb_to_ycc(fill[0], fill[1], fill[2]);
    if let Some(alpha) = img.alpha.take() {
        blend(&mut img.y, &alpha, f[0]);
    }
    if let Some(alpha) = img.chroma_alpha.take() {
        blend(&mut img.cb, &alpha, f[1]);
        blend(&mut img.cr, &alpha, f[2]);
    }
}

fn blend(values: &mut [u8], alpha: &[u8], fill: u8) {
    let f = fill as u32;
    for (v, &a) in values.iter_mut().zip(alpha) {
        let av = a as u32;
        if av != 255 {
            *v = ((*v as u32 * av + f * (255 - av) + 127) / 255) as u8;
        }
    }
}

/// PNG of the image, converted to RGB(A) row by row inside the writer: RGB when the image
/// covers every pixel, RGBA (transparent outside the image or mask) otherwise. Chroma at half
/// resolution is brought to full resolution per row: inside the conversion for RGB
/// (`rgb_row_half`), by `upsample_row` first for RGBA.
pub fn write_png(img: &YccImage) -> Result<Vec<u8>> {
    let t = YccToRgb::new();
    let (w, cw) = (img.width as usize, img.chroma_width as usize);
    let half = cw != w;
    let opaque = img.alpha.as_ref().is_none_or(|a| a.iter().all(|&v| v == 255));
    // Chroma samples the image does not reach hold nothing: where the output has image pixels
    // near them (its edge), they take their covered neighbours' values before interpolation.
    let filled;
    let (cb, cr) = match (&img.chroma_alpha, opaque) {
        (Some(ca), false) => {
            filled = (fill_uncovered(&img.cb, ca, cw), fill_uncovered(&img.cr, ca, cw));
            (&filled.0[..], &filled.1[..])
        }
        _ => (&img.cb[..], &img.cr[..]),
    };
    let (mut ucb, mut ucr) = (vec![0u8; w], vec![0u8; w]);
    let ch = img.chroma_height as usize;
    let alpha = img.alpha.as_deref().filter(|_| !opaque);
    crate::codecs::png::writer::write_png_rows(img.width, img.height, alpha.is_none(), |y, row| {
        let r = y * w..(y + 1) * w;
        if half && alpha.is_none() {
            let ((bn, bf), (rn, rf)) = (chroma_row_pair(cb, cw, ch, y), chroma_row_pair(cr, cw, ch, y));
            return rgb_row_half(&t, &img.y[r], [bn, bf, rn, rf], row);
        }
        let (rb, rr): (&[u8], &[u8]) = if half {
            upsample_row(cb, cw, ch, y, &mut ucb);
            upsample_row(cr, cw, ch, y, &mut ucr);
            (&ucb, &ucr)
        } else {
            (&cb[r.clone()], &cr[r.clone()])
        };
        match alpha {
            None => rgb_row(&t, [&img.y[r], rb, rr], row),
            Some(a) => rgba_row(&t, [&img.y[r.clone()], rb, rr, &a[r]], row),
        }
    })
}

/// Output row `y` of a chroma plane at half resolution (`cw × ch`, centred on 2×2 output
/// pixels), interpolated linearly to full resolution: weights 3/4 and 1/4 both ways (the
/// samples sit a quarter of a chroma pixel from each output pixel centre), edges repeated.
#[inline(never)]
fn upsample_row(plane: &[u8], cw: usize, ch: usize, y: usize, out: &mut [u8]) {
    let (near, far) = chroma_row_pair(plane, cw, ch, y);
    // Vertical first (×4), then across (×4 again): 16 in all.
    let v = |i: usize| 3 * near[i] as u32 + far[i] as u32;
    let w = out.len();
    let mut left = v(0);
    let mut here = left;
    for i in 0..cw {
        let right = if i + 1 < cw { v(i + 1) } else { here };
        if 2 * i < w {
            out[2 * i] = ((3 * here + left + 8) >> 4) as u8;
        }
        if 2 * i + 1 < w {
            out[2 * i + 1] = ((3 * here + right + 8) >> 4) as u8;
        }
        left = here;
        here = right;
    }
}

/// A chroma plane (`cw` wide) whose samples without coverage take the mean of their covered
/// neighbours (8-connected), if any.
fn fill_uncovered(plane: &[u8], coverage: &[u8], cw: usize) -> Vec<u8> {
    let mut out = plane.to_vec();
    let rows = plane.len() / cw.max(1);
    for y in 0..rows {
        for x in 0..cw {
            if coverage[y * cw + x] != 0 {
                continue;
            }
            let (mut sum, mut n) = (0u32, 0u32);
            for ny in y.saturating_sub(1)..(y + 2).min(rows) {
                for nx in x.saturating_sub(1)..(x + 2).min(cw) {
                    if coverage[ny * cw + nx] != 0 {
                        sum += plane[ny * cw + nx] as u32;
                        n += 1;
                    }
                }
            }
            if let Some(mean) = (sum + n / 2).checked_div(n) {
                out[y * cw + x] = mean as u8;
            }
        }
    }
    out
}

/// The rows (near, far) of a half-resolution chroma plane (`cw × ch`) that output row `y`
/// interpolates between (edges repeated).
#[inline(always)]
fn chroma_row_pair(plane: &[u8], cw: usize, ch: usize, y: usize) -> (&[u8], &[u8]) {
    let j = (y / 2).min(ch - 1);
    let k = if y % 2 == 0 { j.saturating_sub(1) } else { (j + 1).min(ch - 1) };
    (&plane[j * cw..(j + 1) * cw], &plane[k * cw..(k + 1) * cw])
}

/// One RGB row from Y and half-resolution chroma: `upsample_row` of Cb and Cr and `rgb_row` in
/// one loop, chroma kept in locals (no full-resolution chroma row is stored and read back).
/// `c` holds the near and far chroma rows of Cb, then of Cr.
#[inline(never)]
fn rgb_row_half(t: &YccToRgb, ys: &[u8], c: [&[u8]; 4], row: &mut [u8]) {
    let [bn, bf, rn, rf] = c;
    let cw = bn.len().min(bf.len()).min(rn.len()).min(rf.len());
    if cw == 0 {
        return;
    }
    let vb = |i: usize| 3 * bn[i] as u32 + bf[i] as u32;
    let vr = |i: usize| 3 * rn[i] as u32 + rf[i] as u32;
    let (mut bl, mut bh, mut rl, mut rh) = (vb(0), vb(0), vr(0), vr(0));
    let put = |px: &mut [u8], y: u8, cb: u32, cr: u32| {
        let rgb = t.rgb(y, ((cb + 8) >> 4) as u8, ((cr + 8) >> 4) as u8);
        px[0] = rgb[0];
        px[1] = rgb[1];
        px[2] = rgb[2];
    };
    // Pairs of output pixels around chroma sample i: the left one leans on i - 1, the right one
    // on i + 1.
    let pairs = row.chunks_exact_mut(6).zip(ys.chunks_exact(2));
    for (i, (px, y2)) in pairs.enumerate() {
        let (br, rr) = if i + 1 < cw { (vb(i + 1), vr(i + 1)) } else { (bh, rh) };
        put(&mut px[..3], y2[0], 3 * bh + bl, 3 * rh + rl);
        put(&mut px[3..], y2[1], 3 * bh + br, 3 * rh + rr);
        (bl, bh, rl, rh) = (bh, br, rh, rr);
    }
    // An odd width: the last pixel, left of its chroma sample.
    if ys.len() % 2 == 1 {
        let n = ys.len() - 1;
        if let Some(px) = row.get_mut(3 * n..3 * n + 3) {
            put(px, ys[n], 3 * bh + bl, 3 * rh + rl);
        }
    }
}

/// One RGB row from Y, Cb, Cr (out of line: see `png_writer::paeth`).
#[inline(never)]
fn rgb_row(t: &YccToRgb, [ys, cbs, crs]: [&[u8]; 3], row: &mut [u8]) {
    for (px, ((&y, &cb), &cr)) in row.chunks_exact_mut(3).zip(ys.iter().zip(cbs).zip(crs)) {
        let rgb = t.rgb(y, cb, cr);
        px[0] = rgb[0];
        px[1] = rgb[1];
        px[2] = rgb[2];
    }
}

/// One RGBA row from Y, Cb, Cr and the coverage.
#[inline(never)]
fn rgba_row(t: &YccToRgb, [ys, cbs, crs, alpha]: [&[u8]; 4], row: &mut [u8]) {
    let samples = ys.iter().zip(cbs).zip(crs).zip(alpha);
    for (px, (((&y, &cb), &cr), &a)) in row.chunks_exact_mut(4).zip(samples) {
        if a == 0 {
            px.fill(0);
            continue;
        }
        let rgb = t.rgb(y, cb, cr);
        px[0] = rgb[0];
        px[1] = rgb[1];
        px[2] = rgb[2];
        px[3] = a;
    }
}

/// Straight RGBA (alpha already 255: composited) → Y and 4:2:0 chroma planes for the encoder.
pub fn rgba_to_ycc420(rgba: &[u8], w: u32, h: u32) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let n = (w as usize) * (h as usize);
    let (mut y, mut cb, mut cr) = (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
    for px in rgba.chunks_exact(4) {
        let c = rgb_to_ycc(px[0], px[1], px[2]);
        y.push(c[0]);
        cb.push(c[1]);
        cr.push(c[2]);
    }
    (y, halve(&cb, w, h), halve(&cr, w, h))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fused row is `upsample_row` of both chroma planes then `rgb_row`, for even and odd
    /// widths and every row parity (edges included).
    #[test]
    fn half_chroma_rgb_row_is_upsample_then_convert() {
        let t = YccToRgb::new();
        let mut seed = 7u32;
        let mut next = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) as u8
        };
        for w in [1usize, 2, 3, 4, 7, 10, 31] {
            let (cw, h) = (w.div_ceil(2), 5usize);
            let ch = h.div_ceil(2);
            let ys: Vec<u8> = (0..w * h).map(|_| next()).collect();
            let cb: Vec<u8> = (0..cw * ch).map(|_| next()).collect();
            let cr: Vec<u8> = (0..cw * ch).map(|_| next()).collect();
            for y in 0..h {
                let (mut ucb, mut ucr) = (vec![0u8; w], vec![0u8; w]);
                upsample_row(&cb, cw, ch, y, &mut ucb);
                upsample_row(&cr, cw, ch, y, &mut ucr);
                let mut want = vec![0u8; 3 * w];
                rgb_row(&t, [&ys[y * w..(y + 1) * w], &ucb, &ucr], &mut want);
                let ((bn, bf), (rn, rf)) = (chroma_row_pair(&cb, cw, ch, y), chroma_row_pair(&cr, cw, ch, y));
                let mut got = vec![0u8; 3 * w];
                rgb_row_half(&t, &ys[y * w..(y + 1) * w], [bn, bf, rn, rf], &mut got);
                assert_eq!(got, want, "width {w}, row {y}");
            }
        }
    }
}
