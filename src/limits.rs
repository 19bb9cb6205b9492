//! What one decode or export may hold: checked against image headers and buffer sizes before
//! anything is allocated, below the codecs (they take a `Limits`) and the pipeline alike.

use crate::error::{CropError, Result};

/// Budget checked against image headers before anything is allocated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest image (width × height, full resolution) we agree to decode.
    pub max_pixels: u64,
    /// Largest working memory (bytes) one export may allocate for pixels.
    pub max_memory: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_pixels: 100_000_000, max_memory: 512 * 1024 * 1024 }
    }
}

impl Limits {
    /// Refuses an image whose header announces more pixels than the budget.
    pub fn check_image(&self, width: u32, height: u32) -> Result<()> {
        if width == 0 || height == 0 {
            return Err(CropError::corrupt(format!("image has an empty size {width}x{height}")));
        }
        let pixels = width as u64 * height as u64;
        if pixels > self.max_pixels {
            return Err(CropError::too_large(format!(
                "image is {width}x{height} = {pixels} pixels, more than maxPixels = {}",
                self.max_pixels
            )));
        }
        Ok(())
    }

    /// Refuses a buffer of `bytes` (already computed without overflow) above the memory budget.
    pub fn check_alloc(&self, bytes: u64, what: &str) -> Result<()> {
        if bytes > self.max_memory {
            return Err(CropError::too_large(format!(
                "{what} needs {bytes} bytes, more than maxMemory = {}",
                self.max_memory
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
}
