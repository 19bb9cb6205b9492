//! Decoded pixels handed from the decoders to the resampler.

/// Stored-frame rectangle in full-resolution pixels, half-open: `[x0, x1) × [y0, y1)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Region {
    pub x0: u32,
    pub y0: u32,
    pub x1: u32,
    pub y1: u32,
}

/// An 8-bit interleaved pixel buffer that may hold only part of an image, possibly at reduced
/// resolution. Source coordinate `s` (full-resolution, *stored* orientation, continuous) maps
/// to buffer coordinate `s / scale - origin` (per axis).
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
    /// Full-resolution pixels per buffer pixel, per axis (1 unless reduced).
    pub scale_x: f64,
    pub scale_y: f64,
    /// Full-resolution size of the whole stored image (before EXIF orientation).
    pub full_width: u32,
    pub full_height: u32,
}

impl Raster {
    /// Full-resolution pixels of `region` (its size is the buffer's) of a stored image of
    /// `full_width × full_height`, `channels` per pixel.
    pub fn full_resolution(
        data: Vec<u8>,
        channels: u8,
        region: Region,
        full_width: u32,
        full_height: u32,
    ) -> Raster {
        Raster {
            width: region.x1 - region.x0,
            height: region.y1 - region.y0,
            channels,
            data,
            origin_x: region.x0,
            origin_y: region.y0,
            scale_x: 1.0,
            scale_y: 1.0,
            full_width,
            full_height,
        }
    }
}

/// One component of a decoded region, at its own resolution (JPEG: luma and chroma planes as
/// the file stores them, so chroma is never upsampled: the resampler reads it where it lies).
#[derive(Clone, Debug, PartialEq)]
pub struct Plane {
    /// Samples, `stride` per row.
    pub data: Vec<u8>,
    pub stride: usize,
    /// Samples that belong to the image (what lies beyond is block padding).
    pub width: u32,
    pub height: u32,
    /// Full-resolution stored pixels per sample, per axis (8/5 for a 5×5 scaled IDCT, say).
    pub scale_x: f64,
    pub scale_y: f64,
    /// Index of the first sample in the whole image's sample grid: sample `i` of the buffer
    /// covers full-resolution `[(origin + i) · scale, (origin + i + 1) · scale)`.
    pub origin_x: u32,
    pub origin_y: u32,
}

/// How a set of planes becomes colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlaneColor {
    Gray,
    /// JFIF YCbCr (full range, BT.601).
    YCbCr,
    Rgb,
    /// Adobe CMYK, stored inverted.
    Cmyk,
    /// Adobe YCCK, stored inverted.
    Ycck,
}

/// A decoded region as planes (JPEG).
#[derive(Clone, Debug, PartialEq)]
pub struct Planes {
    pub planes: Vec<Plane>,
    pub color: PlaneColor,
    /// Full-resolution size of the whole stored image.
    pub full_width: u32,
    pub full_height: u32,
}
