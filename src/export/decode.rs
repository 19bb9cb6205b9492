//! Decoder dispatch: reads headers (checked against the limits before any pixel buffer exists)
//! and decodes the region a plan needs. JPEG goes to our own decoder (region + DCT scaling);
//! PNG is row-streamed with the png crate (only the region's rows are kept, decoding stops after
//! the last one); GIF (first frame) and BMP have small decoders of their own (gif.rs, bmp.rs).

use std::io::Cursor;

use crate::error::{CropError, Result};
use crate::export::options::Limits;
use crate::codecs::jpeg;
use crate::export::{bmp, gif};
use crate::export::plan::Region;
use crate::export::sniff::{sniff, ImageFormat};
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

pub fn read_header(bytes: &[u8], limits: &Limits) -> Result<Header> {
    let format = sniff(bytes)?;
    let (width, height, orientation) = match format {
        ImageFormat::Jpeg => jpeg_header(bytes)?,
        ImageFormat::Png => {
            let reader = png_reader(bytes, limits)?;
            let info = reader.info();
            (info.width, info.height, 1)
        }
        ImageFormat::Gif => {
            let (w, h) = gif::read_size(bytes)?;
            (w, h, 1)
        }
        ImageFormat::Bmp => {
            let h = bmp::read_header(bytes)?;
            (h.width, h.height, 1)
        }
        ImageFormat::Webp => return Err(CropError::unsupported("WebP is not decoded by this build")),
    };
    limits.check_image(width, height)?;
    Ok(Header { format, width, height, orientation })
}

fn jpeg_header(bytes: &[u8]) -> Result<(u32, u32, u8)> {
    let info = jpeg::read_info(bytes)?;
    Ok((info.width, info.height, info.orientation))
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
            let req = jpeg::DecodeRequest { region, luma_step: steps.0, chroma_step: steps.1, footprint, limits: *limits };
            return jpeg::decode(bytes, &req).map(Decoded::Planar);
        }
        ImageFormat::Png => decode_png(bytes, header, region, limits)?,
        ImageFormat::Gif => gif::decode(bytes, limits)?,
        ImageFormat::Bmp => bmp::decode(bytes, region, limits)?,
        ImageFormat::Webp => return Err(CropError::unsupported("WebP is not decoded by this build")),
    };
    Ok(Decoded::Interleaved(raster))
}

fn png_reader<'a>(bytes: &'a [u8], limits: &Limits) -> Result<png::Reader<Cursor<&'a [u8]>>> {
    let budget = png::Limits { bytes: usize::try_from(limits.max_memory).unwrap_or(usize::MAX) };
    let mut decoder = png::Decoder::new_with_limits(Cursor::new(bytes), budget);
    // 8-bit gray / gray+alpha / RGB / RGBA out of every colour type and depth (palette and tRNS
    // expanded, 16-bit reduced to its high byte).
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    // Header first, so a huge announced size is refused before read_info allocates row buffers.
    let header = decoder.read_header_info().map_err(png_error)?;
    limits.check_image(header.width, header.height)?;
    decoder.read_info().map_err(png_error)
}

/// A PNG's rows down to the region's last; rows below it are not inflated. The file must
/// still reach IEND (a cut file is `truncated` whatever the crop), and when the region ends at
/// the last row the image data is read to its end, so its checksums are verified.
fn decode_png(bytes: &[u8], header: &Header, region: Region, limits: &Limits) -> Result<Raster> {
    png_reaches_end(bytes)?;
    let mut reader = png_reader(bytes, limits)?;
    let channels = match reader.output_color_type().0 {
        png::ColorType::Grayscale => 1u8,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        png::ColorType::Indexed => return Err(CropError::corrupt("PNG palette was not expanded")),
    };
    let c = channels as usize;
    let interlaced = reader.info().interlaced;
    let (x0, x1) = (region.x0 as usize, region.x1 as usize);
    let out_w = region.x1 - region.x0;
    let out_h = region.y1 - region.y0;
    if interlaced {
        // Adam7 rows arrive in passes: decode the frame, then keep the region.
        let size = limits.check_buffer(header.width, header.height, channels as u32, "the decoded PNG")?;
        let mut full = vec![0u8; size];
        reader.next_frame(&mut full).map_err(png_error)?;
        reader.finish().map_err(png_error)?;
        let stride = header.width as usize * c;
        let mut data = Vec::with_capacity(out_w as usize * out_h as usize * c);
        for y in region.y0 as usize..region.y1 as usize {
            let row = full.get(y * stride..(y + 1) * stride).ok_or_else(|| CropError::corrupt("PNG row out of range"))?;
            data.extend_from_slice(&row[x0 * c..x1 * c]);
        }
        return Ok(raster(data, out_w, out_h, channels, region, header));
    }
    let size = limits.check_buffer(out_w, out_h, channels as u32, "the decoded PNG region")?;
    let mut data = Vec::with_capacity(size);
    for y in 0..region.y1 {
        let row = reader.next_row().map_err(png_error)?.ok_or_else(|| CropError::truncated("PNG ends before its last row"))?;
        if y >= region.y0 {
            let row = row.data().get(x0 * c..x1 * c).ok_or_else(|| CropError::corrupt("PNG row shorter than its width"))?;
            data.extend_from_slice(row);
        }
    }
    if region.y1 == header.height {
        reader.finish().map_err(png_error)?;
    }
    Ok(raster(data, out_w, out_h, channels, region, header))
}

/// Walks the chunk headers (lengths and types only, no data): a file that ends before its
/// IEND chunk is truncated.
fn png_reaches_end(bytes: &[u8]) -> Result<()> {
    let mut i = 8usize;
    loop {
        let Some(h) = bytes.get(i..i + 8) else {
            return Err(CropError::truncated("PNG data ends before its IEND chunk"));
        };
        let len = u32::from_be_bytes([h[0], h[1], h[2], h[3]]) as usize;
        if &h[4..8] == b"IEND" {
            return Ok(());
        }
        // length + type + data + CRC
        i = i.saturating_add(12).saturating_add(len);
    }
}

fn raster(data: Vec<u8>, width: u32, height: u32, channels: u8, region: Region, header: &Header) -> Raster {
    Raster {
        width,
        height,
        channels,
        data,
        origin_x: region.x0,
        origin_y: region.y0,
        scale_x: 1.0,
        scale_y: 1.0,
        full_width: header.width,
        full_height: header.height,
    }
}

fn png_error(e: png::DecodingError) -> CropError {
    match e {
        png::DecodingError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            CropError::truncated("PNG data ends early")
        }
        png::DecodingError::IoError(io) => CropError::corrupt(format!("PNG: {io}")),
        png::DecodingError::LimitsExceeded => CropError::too_large("PNG exceeds maxMemory"),
        other => CropError::corrupt(format!("PNG: {}", readable(&other.to_string()))),
    }
}

/// png's messages print chunk types as `ChunkType { type: IHDR, critical: true, … }`: keep the
/// four letters.
fn readable(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(start) = rest.find("ChunkType { type: ") {
        out.push_str(&rest[..start]);
        let after = &rest[start + "ChunkType { type: ".len()..];
        let name: String = after.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        out.push_str(&name);
        rest = after.find('}').map(|e| &after[e + 1..]).unwrap_or("");
    }
    out.push_str(rest);
    out
}
