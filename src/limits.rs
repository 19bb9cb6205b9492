//! What one decode or export may hold, checked against image headers and buffer sizes before
//! anything is allocated, below the codecs (they take a `Limits`) and the pipeline alike.
//!
//! The checks are on what is allocated, not on the size of the file's image: a JPEG decoder
//! that decodes the crop's blocks at the N/8 scale the output needs holds a few MB of a 200 MP
//! photo, so the photo is fine while a crop of it that must be held at full resolution is not.
//! The pixel count is capped only where an image is held whole: the output, an image passed as
//! pixels, and formats decoded whole (GIF, interlaced PNG, WebP).

use crate::error::{CropError, Result};

/// Largest width or height of any image: JPEG's own limit, and what keeps `width × height`
/// within 32 bits.
pub const MAX_SIDE: u32 = 65_535;

/// Budget checked against image headers before anything is allocated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Most pixels of an image held whole (width × height): the output, pixels passed in, a
    /// whole-image decode. sharp's default input limit (16383²).
    pub max_pixels: u64,
    /// Most bytes one export may hold at once in pixel, sample and coefficient buffers.
    pub max_memory: u64,
    /// Bytes of `max_memory` already taken by buffers that live alongside the next ones (the
    /// output's, while the input is decoded).
    pub reserved: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_pixels: 16_383 * 16_383, max_memory: 512 * 1024 * 1024, reserved: 0 }
    }
}

impl Limits {
    /// Refuses an empty size (corrupt) or a side above [`MAX_SIDE`] (too large).
    pub fn check_sides(&self, width: u32, height: u32) -> Result<()> {
        if width == 0 || height == 0 {
            return Err(CropError::corrupt(format!("image has an empty size {width}x{height}")));
        }
        if width > MAX_SIDE || height > MAX_SIDE {
            return Err(CropError::too_large(format!(
                "image is {width}x{height}, more than {MAX_SIDE} px a side"
            )));
        }
        Ok(())
    }

    /// For an image held whole (`what`: "image", "output", …): its sides, and at most
    /// `max_pixels` pixels.
    pub fn check_whole(&self, width: u32, height: u32, what: &str) -> Result<()> {
        let pixels = width as u64 * height as u64;
        if pixels > self.max_pixels {
            return Err(CropError::too_large(format!(
                "{what} is {width}x{height} = {pixels} pixels, more than maxPixels = {}",
                self.max_pixels
            )));
        }
        self.check_sides(width, height)
    }

    /// Refuses a buffer of `bytes` (already computed without overflow) that does not fit in
    /// what is left of the memory budget.
    pub fn check_alloc(&self, bytes: u64, what: &str) -> Result<()> {
        // Whatever maxMemory says, no buffer is larger than the address space allows (so sizes
        // that passed here are computed in usize without overflow, on wasm32 too).
        if bytes.saturating_add(self.reserved) > isize::MAX as u64 {
            return Err(CropError::too_large(format!(
                "{what} needs {bytes} bytes, more than this machine's address space"
            )));
        }
        if bytes.saturating_add(self.reserved) > self.max_memory {
            if self.reserved == 0 {
                return Err(CropError::too_large(format!(
                    "{what} needs {bytes} bytes, more than maxMemory = {}",
                    self.max_memory
                )));
            }
            return Err(CropError::too_large(format!(
                "{what} needs {bytes} bytes, more than the {} left of maxMemory = {} beside {} bytes \
                 already held",
                self.max_memory.saturating_sub(self.reserved),
                self.max_memory,
                self.reserved
            )));
        }
        Ok(())
    }

    /// `w × h × channels` bytes, checked against the budget.
    pub fn check_buffer(&self, width: u32, height: u32, channels: u32, what: &str) -> Result<usize> {
        let bytes = width as u64 * height as u64 * channels as u64;
        self.check_alloc(bytes, what)?;
        usize::try_from(bytes).map_err(|_| CropError::too_large(format!("{what} does not fit in memory")))
    }

    /// The budget for what is allocated beside `bytes` that stay held (checked to fit first).
    pub fn beside(&self, bytes: u64, what: &str) -> Result<Limits> {
        self.check_alloc(bytes, what)?;
        Ok(Limits { reserved: self.reserved.saturating_add(bytes), ..*self })
    }
}
