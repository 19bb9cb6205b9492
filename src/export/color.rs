//! Colour conversions: JFIF YCbCr ↔ RGB (full-range BT.601, 16-bit fixed point, libjpeg's
//! rounding) and Adobe CMYK / YCCK → RGB for the JPEG files that use them.

use crate::error::Result;
use crate::limits::Limits;
use crate::raster::{Plane, PlaneColor, Planes, Raster};

const ONE_HALF: i32 = 1 << 15;

const fn fix(x: f64) -> i32 {
    (x * 65536.0 + 0.5) as i32
}

/// YCbCr → RGB through tables (the JPEG decoder's conversion).
pub struct YccToRgb {
    cr_r: [i32; 256],
    cb_b: [i32; 256],
    /// Green's two terms, still scaled by 2^16 (summed before the shift).
    cr_g: [i32; 256],
    cb_g: [i32; 256],
    /// `clamp[v + 256] = clamp(v, 0, 255)` for v in -256..512 (the 256 entries past them are
    /// never read: a power-of-two size lets an index masked to it go unchecked, where each
    /// bounds check of three lookups a pixel is a compare and a branch to an interpreter).
    clamp: [u8; 1024],
}

impl Default for YccToRgb {
    fn default() -> Self {
        Self::new()
    }
}

impl YccToRgb {
    pub fn new() -> YccToRgb {
        let mut t =
            YccToRgb { cr_r: [0; 256], cb_b: [0; 256], cr_g: [0; 256], cb_g: [0; 256], clamp: [0; 1024] };
        for i in 0..256 {
            let x = i as i32 - 128;
            t.cr_r[i] = (fix(1.40200) * x + ONE_HALF) >> 16;
            t.cb_b[i] = (fix(1.77200) * x + ONE_HALF) >> 16;
            t.cr_g[i] = -fix(0.71414) * x;
            t.cb_g[i] = -fix(0.34414) * x + ONE_HALF;
        }
        for (i, e) in t.clamp.iter_mut().enumerate() {
            *e = (i as i32 - 256).clamp(0, 255) as u8;
        }
        t
    }

    #[inline(always)]
    pub fn rgb(&self, y: u8, cb: u8, cr: u8) -> [u8; 3] {
        let (y, cb, cr) = (y as i32 + 256, cb as usize, cr as usize);
        [
            self.clamp[((y + self.cr_r[cr]) & 1023) as usize],
            self.clamp[((y + ((self.cb_g[cb] + self.cr_g[cr]) >> 16)) & 1023) as usize],
            self.clamp[((y + self.cb_b[cb]) & 1023) as usize],
        ]
    }
}

/// RGB → YCbCr (the JPEG encoder's conversion).
#[inline(always)]
pub fn rgb_to_ycc(r: u8, g: u8, b: u8) -> [u8; 3] {
    let (r, g, b) = (r as i32, g as i32, b as i32);
    let y = (fix(0.29900) * r + fix(0.58700) * g + fix(0.11400) * b + ONE_HALF) >> 16;
    // +128 (the chroma offset) and the rounding half, minus one so 255 stays 255.
    let offset = (128 << 16) + ONE_HALF - 1;
    let cb = (-fix(0.16874) * r - fix(0.33126) * g + (1 << 15) * b + offset) >> 16;
    let cr = ((1 << 15) * r - fix(0.41869) * g - fix(0.08131) * b + offset) >> 16;
    [y as u8, cb.clamp(0, 255) as u8, cr.clamp(0, 255) as u8]
}

/// Interleaved RGB (or gray) from planes whose colours the planar path does not handle
/// (RGB, CMYK, YCCK JPEGs): on the first plane's grid, the others sampled nearest.
pub fn planes_to_raster(p: &Planes, limits: &Limits) -> Result<Raster> {
    let first = &p.planes[0];
    let (sx, sy) = (first.scale_x, first.scale_y);
    let (origin_x, origin_y, width, height) = (first.origin_x, first.origin_y, first.width, first.height);
    let gray = p.color == PlaneColor::Gray || p.planes.len() < 3;
    let channels: u8 = if gray { 1 } else { 3 };
    let size = limits.check_buffer(width, height, channels as u32, "the converted JPEG region")?;
    let mut data = vec![0u8; size];
    // Sample of plane `q` under the first plane's pixel (x, y).
    let at = |q: &Plane, x: u32, y: u32| -> u8 {
        let pick = |o: u32, i: u32, s: f64, qs: f64, qo: u32, qn: u32| -> u32 {
            ((((o + i) as f64 + 0.5) * s / qs) as u32).saturating_sub(qo).min(qn.saturating_sub(1))
        };
        let qx = pick(origin_x, x, sx, q.scale_x, q.origin_x, q.width);
        let qy = pick(origin_y, y, sy, q.scale_y, q.origin_y, q.height);
        q.data.get(qy as usize * q.stride + qx as usize).copied().unwrap_or(0)
    };
    let ycc = YccToRgb::new();
    let mut i = 0;
    for y in 0..height {
        for x in 0..width {
            if gray {
                data[i] = at(first, x, y);
                i += 1;
                continue;
            }
            let c: Vec<u8> = p.planes.iter().take(4).map(|q| at(q, x, y)).collect();
            let rgb = match p.color {
                PlaneColor::YCbCr | PlaneColor::Gray => ycc.rgb(c[0], c[1], c[2]),
                PlaneColor::Rgb => [c[0], c[1], c[2]],
                PlaneColor::Cmyk | PlaneColor::Ycck => {
                    // Adobe stores inverted inks: RGB = (inverted C, M, Y) · (inverted K) / 255.
                    // YCCK is YCbCr of (255 - stored C, M, Y): convert, then invert back.
                    let cmy = if p.color == PlaneColor::Ycck {
                        ycc.rgb(c[0], c[1], c[2]).map(|v| 255 - v)
                    } else {
                        [c[0], c[1], c[2]]
                    };
                    let k = c.get(3).copied().unwrap_or(255) as u32;
                    cmy.map(|v| ((v as u32 * k + 127) / 255) as u8)
                }
            };
            data[i..i + 3].copy_from_slice(&rgb);
            i += 3;
        }
    }
    Ok(Raster {
        width,
        height,
        channels,
        data,
        origin_x,
        origin_y,
        scale_x: sx,
        scale_y: sy,
        full_width: p.full_width,
        full_height: p.full_height,
    })
}
