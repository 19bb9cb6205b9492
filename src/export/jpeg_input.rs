//! JPEG input for the export.
//!
//! INTERIM: until our own decoder (src/codecs/jpeg, region + DCT-scaled decoding, branch `jpeg`)
//! lands, this decodes with the jpeg-decoder crate: baseline and progressive, DCT scaling to 1/2,
//! 1/4, 1/8, but always the whole image (no region), so big photos cost more time and memory
//! than the contract's decoder will. Swapping in `crate::codecs::jpeg::{read_info, decode}` only
//! changes this file.

use crate::error::{CropError, Result};
use crate::export::exif;
use crate::export::options::Limits;
use crate::export::plan::Region;
use crate::raster::Raster;

/// (stored width, stored height, EXIF orientation).
pub fn read_header(bytes: &[u8]) -> Result<(u32, u32, u8)> {
    let mut dec = jpeg_decoder::Decoder::new(bytes);
    dec.read_info().map_err(jpeg_error)?;
    let info = dec.info().ok_or_else(|| CropError::corrupt("JPEG without a frame header"))?;
    let orientation = dec.exif_data().map(exif::orientation).unwrap_or(1);
    Ok((info.width as u32, info.height as u32, orientation))
}

pub fn decode(bytes: &[u8], _region: Region, scale_denom: u32, limits: &Limits) -> Result<Raster> {
    let mut dec = jpeg_decoder::Decoder::new(bytes);
    dec.read_info().map_err(jpeg_error)?;
    let info = dec.info().ok_or_else(|| CropError::corrupt("JPEG without a frame header"))?;
    let (w, h) = (info.width as u32, info.height as u32);
    limits.check_image(w, h)?;
    let d = scale_denom.clamp(1, 8);
    let (sw, sh) = dec
        .scale(w.div_ceil(d).max(1) as u16, h.div_ceil(d).max(1) as u16)
        .map_err(jpeg_error)?;
    let channels = match info.pixel_format {
        jpeg_decoder::PixelFormat::L8 => 1u8,
        jpeg_decoder::PixelFormat::RGB24 => 3,
        jpeg_decoder::PixelFormat::CMYK32 => 4,
        jpeg_decoder::PixelFormat::L16 => return Err(CropError::unsupported("16-bit (lossless) JPEG")),
    };
    // Output plus the decoder's component planes (about as much again).
    let out = limits.check_buffer(sw as u32, sh as u32, channels as u32, "the decoded JPEG")?;
    limits.check_alloc(2 * out as u64, "decoding the JPEG")?;
    dec.set_max_decoding_buffer_size(usize::try_from(limits.max_memory).unwrap_or(usize::MAX));
    let mut data = dec.decode().map_err(jpeg_error)?;
    let channels = if channels == 4 {
        // Adobe CMYK (stored inverted by Photoshop-style encoders, as jpeg-decoder returns it).
        data = data.chunks_exact(4).flat_map(|p| {
            let k = p[3] as u32;
            [(p[0] as u32 * k / 255) as u8, (p[1] as u32 * k / 255) as u8, (p[2] as u32 * k / 255) as u8]
        }).collect();
        3
    } else {
        channels
    };
    if data.len() != sw as usize * sh as usize * channels as usize {
        return Err(CropError::corrupt("JPEG decoder returned an unexpected size"));
    }
    // Effective denominator: the decoder picks the scale (w / sw is 1, 2, 4 or 8).
    let scale = (w / sw as u32).clamp(1, 8);
    Ok(Raster {
        width: sw as u32,
        height: sh as u32,
        channels,
        data,
        origin_x: 0,
        origin_y: 0,
        scale_denom: scale,
        full_width: w,
        full_height: h,
    })
}

fn jpeg_error(e: jpeg_decoder::Error) -> CropError {
    match e {
        jpeg_decoder::Error::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => CropError::truncated("JPEG data ends early"),
        jpeg_decoder::Error::Unsupported(u) => CropError::unsupported(format!("JPEG: {u:?}")),
        jpeg_decoder::Error::Format(f) if f.contains("end of") || f.contains("EOF") || f.contains("eof") => {
            CropError::truncated(format!("JPEG: {f}"))
        }
        other => CropError::corrupt(format!("JPEG: {other}")),
    }
}
