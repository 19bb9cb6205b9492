//! Image format from the file's magic bytes (never from a file name).

use serde::Serialize;

use crate::error::{CropError, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageFormat {
    Jpeg,
    Png,
    Gif,
    Bmp,
    Webp,
}

impl ImageFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "jpeg",
            ImageFormat::Png => "png",
            ImageFormat::Gif => "gif",
            ImageFormat::Bmp => "bmp",
            ImageFormat::Webp => "webp",
        }
    }
}

/// The format announced by the first bytes. WebP is recognised (so the error can say so) even
/// when the build cannot decode it.
pub fn sniff(bytes: &[u8]) -> Result<ImageFormat> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Ok(ImageFormat::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Ok(ImageFormat::Png)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Ok(ImageFormat::Gif)
    } else if bytes.starts_with(b"BM") && bytes.len() >= 14 {
        Ok(ImageFormat::Bmp)
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Ok(ImageFormat::Webp)
    } else if bytes.is_empty() {
        Err(CropError::truncated("no image data (0 bytes)"))
    } else {
        Err(CropError::unsupported("the data is not a JPEG, PNG, GIF, BMP or WebP image"))
    }
}
