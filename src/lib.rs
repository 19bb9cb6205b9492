//! image-cropper-wasm core: the cropper engine (geometry, gestures, containment) and the export
//! pipeline (decode with EXIF orientation and limits, rotate/crop/resample, encode). Nothing in
//! here but `wasm` knows about WebAssembly, so `cargo test` runs it all natively.

pub mod codecs;
pub mod engine;
pub mod error;
pub mod export;
pub mod geometry;
pub mod limits;
pub mod raster;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::{CropError, ErrorCode, Result};
pub use geometry::CropMap;
pub use limits::Limits;
