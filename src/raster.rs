//! Decoded pixels handed from the decoders to the resampler.

/// An 8-bit pixel buffer that may hold only part of an image, possibly at reduced resolution
/// (JPEG DCT scaling). Source coordinate `s` (full-resolution, *stored* orientation, continuous)
/// maps to buffer coordinate `s / scale_denom - origin`.
#[derive(Clone, Debug, PartialEq)]
pub struct Raster {
    /// Buffer size in pixels.
    pub width: u32,
    pub height: u32,
    /// 1 = gray, 2 = gray + alpha, 3 = RGB, 4 = RGBA; rows packed, no padding.
    pub channels: u8,
    pub data: Vec<u8>,
    /// Top-left of the buffer in the reduced-resolution image, in reduced pixels.
    pub origin_x: u32,
    pub origin_y: u32,
    /// 1, 2, 4 or 8: one buffer pixel covers `scale_denom²` full-resolution pixels.
    pub scale_denom: u32,
    /// Full-resolution size of the whole stored image (before EXIF orientation).
    pub full_width: u32,
    pub full_height: u32,
}
