//! Image formats, one folder each: our own decoders (region and N/8 DCT-scaled decoding where
//! the format allows it) and, for JPEG and PNG, our writers. Below the export pipeline: codecs
//! know `Limits`, `Raster` / `Planes` and errors, never `crate::export`.
pub mod bmp;
pub mod exif;
pub mod gif;
pub mod jpeg;
pub mod png;
pub mod sniff;
#[cfg(feature = "webp")]
pub mod webp;
