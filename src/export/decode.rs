//! Decoder dispatch: reads headers (checked against the limits before any pixel buffer exists)
//! and decodes the region a plan needs. JPEG goes to our own decoder (region + DCT scaling);
//! PNG has our own decoder too (codecs/png: only the region's rows are inflated, only its
//! columns converted); GIF (first frame) and BMP have small decoders of their own (gif.rs, bmp.rs).

use crate::codecs::sniff::{sniff, ImageFormat};
use crate::codecs::{bmp, gif};
use crate::codecs::{jpeg, png};
use crate::error::Result;
use crate::limits::Limits;
use crate::raster::Region;
use crate::raster::{Planes, Raster};

/// Decoded pixels: interleaved (PNG, GIF, BMP) or planes (JPEG, chroma left subsampled).
pub enum Decoded {
    Interleaved(Raster),
    Planar(Planes),
}

/// What the header says, in the stored frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    pub format: ImageFormat,
    pub width: u32,
    pub height: u32,
    /// EXIF orientation 1..8 (1 when absent or not applicable).
    pub orientation: u8,
}

/// The header, its sides checked; for formats decoded whole (GIF, interlaced PNG, WebP) its
/// pixel count too, so `probe` already refuses what no export could decode.
pub fn read_header(bytes: &[u8], limits: &Limits) -> Result<Header> {
    let format = sniff(bytes)?;
    let (width, height, orientation, whole) = match format {
        ImageFormat::Jpeg => jpeg_header(bytes)?,
        ImageFormat::Png => {
            let info = png::read_info(bytes, limits)?;
            (info.width, info.height, 1, info.interlaced.then_some("the interlaced PNG (decoded whole)"))
        }
        ImageFormat::Gif => {
            let (w, h) = gif::read_size(bytes)?;
            (w, h, 1, Some("the GIF image (decoded whole)"))
        }
        ImageFormat::Bmp => {
            let h = bmp::read_header(bytes)?;
            (h.width, h.height, 1, None)
        }
        #[cfg(feature = "webp")]
        ImageFormat::Webp => {
            let (w, h) = crate::codecs::webp::read_size(bytes)?;
            (w, h, 1, Some("the WebP image (decoded whole)"))
        }
        #[cfg(not(feature = "webp"))]
        ImageFormat::Webp => return Err(webp_not_built()),
    };
    match whole {
        Some(what) => limits.check_whole(width, height, what)?,
        None => limits.check_sides(width, height)?,
    }
    Ok(Header { format, width, height, orientation })
}

fn jpeg_header(bytes: &[u8]) -> Result<(u32, u32, u8, Option<&'static str>)> {
    let info = jpeg::read_info(bytes)?;
    Ok((info.width, info.height, info.orientation, None))
}

/// Decodes (at least) `region` of the stored image. `steps` (full-resolution pixels per output
/// sample of the luma and chroma grids) let JPEG decode at a reduced scale; other formats
/// return full resolution.
/// `footprint` (the crop's corners and reach in the stored frame) lets JPEG skip the blocks a
/// rotated crop's bounding box holds but the crop does not read.
pub fn decode(
    bytes: &[u8],
    header: &Header,
    region: Region,
    steps: (f64, f64),
    footprint: Option<jpeg::Footprint>,
    limits: &Limits,
) -> Result<Decoded> {
    let raster = match header.format {
        ImageFormat::Jpeg => {
            let region = (region.x0, region.y0, region.x1, region.y1);
            let req = jpeg::DecodeRequest {
                region,
                luma_step: steps.0,
                chroma_step: steps.1,
                footprint,
                limits: *limits,
            };
            return jpeg::decode(bytes, &req).map(Decoded::Planar);
        }
        ImageFormat::Png => decode_png(bytes, header, region, limits)?,
        ImageFormat::Gif => gif::decode(bytes, limits)?,
        ImageFormat::Bmp => bmp::decode(bytes, region, limits)?,
        #[cfg(feature = "webp")]
        ImageFormat::Webp => {
            let (data, channels) =
                crate::codecs::webp::decode(bytes, (region.x0, region.y0, region.x1, region.y1), limits)?;
            Raster::full_resolution(data, channels, region, header.width, header.height)
        }
        #[cfg(not(feature = "webp"))]
        ImageFormat::Webp => return Err(webp_not_built()),
    };
    Ok(Decoded::Interleaved(raster))
}

/// A PNG's region (see codecs/png: rows below it are not inflated, every chunk's CRC is
/// checked, a file that ends before IEND is truncated).
fn decode_png(bytes: &[u8], header: &Header, region: Region, limits: &Limits) -> Result<Raster> {
    let out = png::decode(bytes, (region.x0, region.y0, region.x1, region.y1), limits)?;
    Ok(Raster::full_resolution(out.data, out.channels, region, header.width, header.height))
}

#[cfg(not(feature = "webp"))]
fn webp_not_built() -> crate::error::CropError {
    crate::error::CropError::unsupported("WebP is not decoded by this build (cargo feature `webp`)")
}
