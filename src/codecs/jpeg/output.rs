//! Where decoded blocks go: one plane per component, covering the decoded MCUs, at the
//! component's own resolution (chroma stays subsampled: the export resamples each plane
//! straight to the output, so no full-resolution chroma or RGB copy of the region ever exists).
//! Blocks are inverse-transformed straight into their plane.

use crate::codecs::jpeg::idct::{idct, idct2_of, Basis, RangeLimit, W};
use crate::codecs::jpeg::markers::Frame;
use crate::error::Result;
use crate::limits::Limits;
use crate::raster::{Plane, PlaneColor, Planes};

/// The decoded area in MCUs: columns `[x0, x1)`, rows `[y0, y1)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct McuRect {
    pub x0: u32,
    pub y0: u32,
    pub x1: u32,
    pub y1: u32,
}

struct ComponentOut {
    /// IDCT output size: 1..=8 samples per block side.
    n: usize,
    basis: Basis,
    /// Blocks per MCU.
    h: u32,
    v: u32,
    plane: Plane,
}

pub struct Output {
    comps: Vec<ComponentOut>,
    color: PlaneColor,
    full_width: u32,
    full_height: u32,
    limit: RangeLimit,
    /// IDCT scratch, kept so no block pays for initialising it.
    workspace: [W<i32>; 64],
}

impl Output {
    /// Allocates the planes of `rect`, component `c` inverse-transformed at `sizes[c].0` samples
    /// per block side for an output spacing of `sizes[c].1` full-resolution pixels (checked
    /// against `limits` first).
    pub fn new(
        frame: &Frame,
        rect: McuRect,
        sizes: &[(usize, f64)],
        color: PlaneColor,
        limits: &Limits,
    ) -> Result<Output> {
        let mut bytes = 0u64;
        for (c, &(n, _)) in frame.components.iter().zip(sizes) {
            let w = ((rect.x1 - rect.x0) * c.h) as u64 * n as u64;
            let h = ((rect.y1 - rect.y0) * c.v) as u64 * n as u64;
            bytes += w * h;
        }
        limits.check_alloc(bytes, "the decoded JPEG region")?;
        let comps = frame
            .components
            .iter()
            .zip(sizes)
            .map(|(c, &(n, step))| {
                let (fx, fy) = ((frame.hmax / c.h) as f64, (frame.vmax / c.v) as f64);
                // Full-resolution pixels per sample, and the samples the image really has.
                let (scale_x, scale_y) = (8.0 * fx / n as f64, 8.0 * fy / n as f64);
                let stride = ((rect.x1 - rect.x0) * c.h) as usize * n;
                let rows = ((rect.y1 - rect.y0) * c.v) as usize * n;
                let origin_x = rect.x0 * c.h * n as u32;
                let origin_y = rect.y0 * c.v * n as u32;
                let image_w = (frame.width as f64 / scale_x - 1e-9).ceil() as u32;
                let image_h = (frame.height as f64 / scale_y - 1e-9).ceil() as u32;
                ComponentOut {
                    n,
                    basis: Basis::new(n, 8.0 * fx.max(fy), step),
                    h: c.h,
                    v: c.v,
                    plane: Plane {
                        data: vec![0u8; stride * rows],
                        stride,
                        width: (stride as u32).min(image_w.saturating_sub(origin_x)),
                        height: (rows as u32).min(image_h.saturating_sub(origin_y)),
                        scale_x,
                        scale_y,
                        origin_x,
                        origin_y,
                    },
                }
            })
            .collect();
        Ok(Output {
            comps,
            color,
            full_width: frame.width,
            full_height: frame.height,
            limit: RangeLimit::new(),
            workspace: [W(0); 64],
        })
    }

    /// Bytes the planes take.
    pub fn bytes(&self) -> u64 {
        self.comps.iter().map(|c| c.plane.data.len() as u64).sum()
    }

    /// Blocks of component `c` per MCU (h, v).
    #[inline(always)]
    pub fn blocks_per_mcu(&self, c: usize) -> (u32, u32) {
        (self.comps[c].h, self.comps[c].v)
    }

    /// The IDCT size of component `c` (it reads the n×n lowest frequencies).
    pub fn idct_size(&self, c: usize) -> usize {
        self.comps[c].n
    }

    /// Inverse-transforms block (`bx`, `by`) of component `c`, counted in blocks from the
    /// region's top-left, into its plane. `last`: zigzag index of the last nonzero coefficient.
    #[inline]
    pub fn put_block(&mut self, c: usize, bx: u32, by: u32, coefs: &[i32; 64], last: usize) {
        let comp = &mut self.comps[c];
        let n = comp.n;
        let stride = comp.plane.stride;
        let start = by as usize * n * stride + bx as usize * n;
        // Planes hold whole blocks, so a block of the region always fits.
        if let Some(out) = comp.plane.data.get_mut(start..start + (n - 1) * stride + n) {
            idct(n, coefs, last, out, stride, &self.limit, &mut self.workspace, &comp.basis);
        }
    }

    /// `put_block` for a block whose nonzero coefficients all lie in its IDCT's n×n corner
    /// (stored through `sequential::Positions::for_idct`), which are zeroed after: the block is
    /// ready for the next one, at a constant cost instead of a pass over its zigzag order.
    #[inline]
    pub fn put_block_and_clear(&mut self, c: usize, bx: u32, by: u32, coefs: &mut [i32; 64], last: usize) {
        self.put_block(c, bx, by, coefs, last);
        if last == 0 {
            coefs[0] = 0;
            return;
        }
        match self.comps[c].n {
            1 => coefs[0] = 0,
            2 => clear_corner::<2>(coefs),
            3 => clear_corner::<3>(coefs),
            4 => clear_corner::<4>(coefs),
            5 => clear_corner::<5>(coefs),
            6 => clear_corner::<6>(coefs),
            7 => clear_corner::<7>(coefs),
            _ => clear_corner::<8>(coefs),
        }
    }

    /// The 2×2 samples of block (`bx`, `by`) of component `c` (IDCT size 2) from its four
    /// dequantized coefficients `[c00, c01, c10, c11]` (see `codecs::jpeg::small`).
    #[inline]
    pub fn put_2x2(&mut self, c: usize, bx: u32, by: u32, q: [i32; 4]) {
        let comp = &mut self.comps[c];
        let stride = comp.plane.stride;
        let start = by as usize * 2 * stride + bx as usize * 2;
        if let Some(out) = comp.plane.data.get_mut(start..start + stride + 2) {
            idct2_of(q, out, stride, &self.limit, &comp.basis);
        }
    }

    pub fn finish(self) -> Planes {
        Planes {
            planes: self.comps.into_iter().map(|c| c.plane).collect(),
            color: self.color,
            full_width: self.full_width,
            full_height: self.full_height,
        }
    }
}

/// Zeroes the n×n corner (u, v < N) of a block: N stores of constant length a row.
#[inline(always)]
fn clear_corner<const N: usize>(coefs: &mut [i32; 64]) {
    for v in 0..N {
        coefs[v * 8..v * 8 + N].copy_from_slice(&[0; N]);
    }
}
