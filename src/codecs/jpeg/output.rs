//! Where decoded blocks go: the region's raster (interleaved, one channel per component) and,
//! for subsampled components that need upsampling, a plane of their own. `finish` upsamples
//! those planes into their channel and converts the colours in place.
//!
//! Each component is inverse-transformed at the size that lands it at the output resolution
//! when it can: with 4:2:0 chroma and 1/2 output, chroma blocks decode at 8×8 while luma
//! blocks decode at 4×4, so no upsampling is needed. Only what is left over (chroma at full
//! scale) is upsampled, with libjpeg's "fancy" triangle filter for factors of 2.

use crate::codecs::jpeg::idct::{idct, RangeLimit};
use crate::codecs::jpeg::markers::{ColorTransform, Frame};
use crate::error::Result;
use crate::export::options::Limits;
use crate::raster::Raster;

/// The decoded area in MCUs: columns `[x0, x1)`, rows `[y0, y1)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct McuRect {
    pub x0: u32,
    pub y0: u32,
    pub x1: u32,
    pub y1: u32,
}

struct ComponentOut {
    /// IDCT output size (8, 4, 2, 1) and the upsampling left to do.
    n: usize,
    up_x: usize,
    up_y: usize,
    /// Samples of a subsampled component (`None`: it writes its raster channel directly).
    plane: Option<Vec<u8>>,
    plane_w: usize,
    /// Blocks per MCU.
    h: u32,
    v: u32,
}

pub struct Output {
    pub raster: Raster,
    comps: Vec<ComponentOut>,
    transform: ColorTransform,
    limit: RangeLimit,
    block: [u8; 64],
}

impl Output {
    /// Allocates the output of `rect` at 1/`denom` (checked against `limits` first).
    pub fn new(frame: &Frame, rect: McuRect, denom: u32, transform: ColorTransform, limits: &Limits) -> Result<Output> {
        let d = denom;
        let (mw, mh) = (frame.mcu_width() / d, frame.mcu_height() / d);
        let (full_w, full_h) = (frame.width.div_ceil(d), frame.height.div_ceil(d));
        let origin_x = rect.x0 * mw;
        let origin_y = rect.y0 * mh;
        let width = (rect.x1 * mw).min(full_w) - origin_x;
        let height = (rect.y1 * mh).min(full_h) - origin_y;
        let channels = frame.components.len() as u32;
        let mut comps = Vec::with_capacity(frame.components.len());
        let mut bytes = width as u64 * height as u64 * channels as u64;
        for c in &frame.components {
            let (fx, fy) = ((frame.hmax / c.h) as usize, (frame.vmax / c.v) as usize);
            // Output pixels per component block, per axis.
            let (px, py) = (8 * fx / d as usize, 8 * fy / d as usize);
            let n = px.min(py).min(8);
            let (up_x, up_y) = (px / n, py / n);
            let plane_w = ((rect.x1 - rect.x0) * c.h) as usize * n;
            let plane_h = ((rect.y1 - rect.y0) * c.v) as usize * n;
            if up_x > 1 || up_y > 1 {
                bytes += (plane_w * plane_h) as u64;
            }
            comps.push(ComponentOut { n, up_x, up_y, plane: None, plane_w, h: c.h, v: c.v });
        }
        limits.check_alloc(bytes, "the decoded JPEG region")?;
        for (c, out) in comps.iter_mut().enumerate() {
            if out.up_x > 1 || out.up_y > 1 {
                let c = &frame.components[c];
                let plane_h = ((rect.y1 - rect.y0) * c.v) as usize * out.n;
                out.plane = Some(vec![0u8; out.plane_w * plane_h]);
            }
        }
        let size = limits.check_buffer(width, height, channels, "the decoded JPEG region")?;
        let raster = Raster {
            width,
            height,
            channels: channels as u8,
            data: vec![0u8; size],
            origin_x,
            origin_y,
            scale_denom: d,
            full_width: frame.width,
            full_height: frame.height,
        };
        Ok(Output { raster, comps, transform, limit: RangeLimit::new(), block: [0; 64] })
    }

    /// The IDCT size of component `c`: which coefficients it reads (the n×n lowest).
    pub fn idct_size(&self, c: usize) -> usize {
        self.comps[c].n
    }

    /// Inverse-transforms block (`bx`, `by`) of component `c`, counted in blocks from the
    /// region's top-left, and stores its samples.
    #[inline]
    pub fn put_block(&mut self, c: usize, bx: u32, by: u32, coefs: &[i32; 64], last: usize) {
        let comp = &mut self.comps[c];
        let n = comp.n;
        idct(n, coefs, last, &mut self.block, &self.limit);
        let (x0, y0) = (bx as usize * n, by as usize * n);
        match &mut comp.plane {
            Some(plane) => {
                let stride = comp.plane_w;
                for y in 0..n {
                    let o = (y0 + y) * stride + x0;
                    if let Some(dst) = plane.get_mut(o..o + n) {
                        dst.copy_from_slice(&self.block[y * n..y * n + n]);
                    }
                }
            }
            None => {
                let r = &mut self.raster;
                let (w, h, ch) = (r.width as usize, r.height as usize, r.channels as usize);
                if x0 >= w || y0 >= h {
                    return;
                }
                let cols = n.min(w - x0);
                let rows = n.min(h - y0);
                for y in 0..rows {
                    let src = &self.block[y * n..y * n + cols];
                    let start = ((y0 + y) * w + x0) * ch + c;
                    let dst = &mut r.data[start..start + (cols - 1) * ch + 1];
                    for (i, &s) in src.iter().enumerate() {
                        dst[i * ch] = s;
                    }
                }
            }
        }
    }

    /// Blocks of component `c` per MCU (h, v).
    pub fn blocks_per_mcu(&self, c: usize) -> (u32, u32) {
        (self.comps[c].h, self.comps[c].v)
    }

    /// Upsamples the planes, converts to RGB (or gray) and hands the raster over.
    pub fn finish(mut self) -> Raster {
        for c in 0..self.comps.len() {
            if let Some(plane) = self.comps[c].plane.take() {
                let comp = &self.comps[c];
                upsample_into(&plane, comp.plane_w, comp.up_x, comp.up_y, &mut self.raster, c);
            }
        }
        convert(&mut self.raster, self.transform);
        self.raster
    }
}

/// Upsamples a plane by (`ux`, `uy`) into channel `c` of the raster. Factors of 2 use the
/// triangle filter (3/4 nearer sample + 1/4 farther, libjpeg's rounding); others replicate.
fn upsample_into(plane: &[u8], plane_w: usize, ux: usize, uy: usize, r: &mut Raster, c: usize) {
    let (w, h, ch) = (r.width as usize, r.height as usize, r.channels as usize);
    if plane_w == 0 || w == 0 {
        return;
    }
    // Samples that cover the raster (the rest of the plane is block padding).
    let valid_w = w.div_ceil(ux).min(plane_w);
    let valid_h = h.div_ceil(uy).min(plane.len() / plane_w);
    if valid_h == 0 {
        return;
    }
    let mut colsum = vec![0u16; valid_w];
    for y in 0..h {
        // Vertical pass: weights sum to `wv`.
        let sy = y / uy;
        let near = &plane[sy * plane_w..sy * plane_w + valid_w];
        let wv: u32 = if uy == 2 {
            let fy = if y % 2 == 0 { sy.saturating_sub(1) } else { (sy + 1).min(valid_h - 1) };
            let far = &plane[fy * plane_w..fy * plane_w + valid_w];
            for ((s, &a), &b) in colsum.iter_mut().zip(near).zip(far) {
                *s = 3 * a as u16 + b as u16;
            }
            4
        } else {
            for (s, &a) in colsum.iter_mut().zip(near) {
                *s = a as u16;
            }
            1
        };
        let row = &mut r.data[y * w * ch..(y + 1) * w * ch];
        if ux == 2 {
            let last = valid_w - 1;
            let (even_bias, odd_bias, shift) = if wv == 4 { (8u32, 7u32, 4) } else { (1, 2, 2) };
            for x in 0..w {
                let sx = (x / 2).min(last);
                let cur = 3 * colsum[sx] as u32;
                let v = if x % 2 == 0 {
                    (cur + colsum[sx.saturating_sub(1)] as u32 + even_bias) >> shift
                } else {
                    (cur + colsum[(sx + 1).min(last)] as u32 + odd_bias) >> shift
                };
                row[x * ch + c] = v as u8;
            }
        } else {
            let (bias, shift) = if wv == 4 { (2u32, 2) } else { (0, 0) };
            for x in 0..w {
                let sx = (x / ux).min(valid_w - 1);
                row[x * ch + c] = ((colsum[sx] as u32 + bias) >> shift) as u8;
            }
        }
    }
}

/// YCbCr → RGB (JFIF, full range) in 16-bit fixed point, through lookup tables.
struct YccTables {
    cr_r: [i32; 256],
    cb_b: [i32; 256],
    /// Green's two terms, still scaled by 2^16 (summed before the shift).
    cr_g: [i32; 256],
    cb_g: [i32; 256],
}

impl YccTables {
    fn new() -> YccTables {
        let fix = |x: f64| (x * 65536.0 + 0.5) as i32;
        let mut t = YccTables { cr_r: [0; 256], cb_b: [0; 256], cr_g: [0; 256], cb_g: [0; 256] };
        for i in 0..256 {
            let x = i as i32 - 128;
            t.cr_r[i] = (fix(1.40200) * x + 32768) >> 16;
            t.cb_b[i] = (fix(1.77200) * x + 32768) >> 16;
            t.cr_g[i] = -fix(0.71414) * x;
            t.cb_g[i] = -fix(0.34414) * x + 32768;
        }
        t
    }
}

/// Clamp to 0..=255 through a table: index `v + 256` for `v` in -256..512.
fn clamp_table() -> [u8; 768] {
    let mut t = [0u8; 768];
    for (i, e) in t.iter_mut().enumerate() {
        *e = (i as i32 - 256).clamp(0, 255) as u8;
    }
    t
}

fn convert(r: &mut Raster, transform: ColorTransform) {
    match transform {
        ColorTransform::Gray | ColorTransform::Rgb => {}
        ColorTransform::YCbCr => {
            let t = YccTables::new();
            let clamp = clamp_table();
            for p in r.data.chunks_exact_mut(3) {
                let (y, cb, cr) = (p[0] as i32 + 256, p[1] as usize, p[2] as usize);
                p[0] = clamp[(y + t.cr_r[cr]) as usize];
                p[1] = clamp[(y + ((t.cb_g[cb] + t.cr_g[cr]) >> 16)) as usize];
                p[2] = clamp[(y + t.cb_b[cb]) as usize];
            }
        }
        ColorTransform::Cmyk | ColorTransform::Ycck => {
            // Adobe stores inverted ink values: RGB = (inverted C, M, Y) · (inverted K) / 255.
            let t = YccTables::new();
            let clamp = clamp_table();
            let n = r.data.len() / 4;
            for i in 0..n {
                let p = [r.data[4 * i], r.data[4 * i + 1], r.data[4 * i + 2], r.data[4 * i + 3]];
                let (c, m, y) = if transform == ColorTransform::Ycck {
                    // YCCK is YCbCr of (255 - stored C, M, Y): convert, then invert back.
                    let (l, cb, cr) = (p[0] as i32 + 256, p[1] as usize, p[2] as usize);
                    (
                        255 - clamp[(l + t.cr_r[cr]) as usize],
                        255 - clamp[(l + ((t.cb_g[cb] + t.cr_g[cr]) >> 16)) as usize],
                        255 - clamp[(l + t.cb_b[cb]) as usize],
                    )
                } else {
                    (p[0], p[1], p[2])
                };
                let k = p[3] as u32;
                let mul = |v: u8| ((v as u32 * k + 127) / 255) as u8;
                r.data[3 * i] = mul(c);
                r.data[3 * i + 1] = mul(m);
                r.data[3 * i + 2] = mul(y);
            }
            r.data.truncate(3 * n);
            r.channels = 3;
        }
    }
}
