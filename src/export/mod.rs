//! Export: decode, orient, crop/rotate/resample, mask, encode.
//!
//! `probe` reads only headers. `export` plans from the CropMap which stored-frame region (and
//! which JPEG DCT scale) the output needs, decodes just that, resamples it straight through the
//! composed output → stored map (EXIF orientation included, no rotated copy), masks, fills and
//! encodes. Buffers are dropped as soon as the next stage has what it needs.
//!
//! JPEG input stays YCbCr (`planar`): its planes are resampled at their own resolution and a
//! JPEG output is written from them; other input goes through straight RGBA.

pub mod color;
pub mod decode;
pub mod encode;
pub mod mask;
pub mod options;
pub mod orient;
pub mod plan;
pub mod planar;
pub mod resample;
pub mod resample_plane;

use serde::Serialize;

pub use crate::codecs::sniff::ImageFormat;
use crate::error::{CropError, Result};
use crate::geometry::CropMap;
use crate::raster::PlaneColor;
use decode::Decoded;
pub use options::{ExportOptions, ExportOptionsInput, FileType, Limits, Shape};
use planar::{Chroma, YccImage};
use resample::SourceView;

/// What `probe` tells: format, size as displayed (after EXIF orientation), orientation 1..8.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ImageInfo {
    pub format: ImageFormat,
    pub width: u32,
    pub height: u32,
    pub orientation: u8,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ExportOutput {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub file_type: FileType,
}

/// Format, displayed size and orientation from the headers (default limits apply).
pub fn probe(bytes: &[u8]) -> Result<ImageInfo> {
    let header = decode::read_header(bytes, &Limits::default())?;
    let (width, height) = orient::displayed_size(header.orientation, header.width, header.height);
    Ok(ImageInfo { format: header.format, width, height, orientation: header.orientation })
}

/// Exports the crop `map` (displayed frame) of the encoded image `bytes`.
pub fn export(bytes: &[u8], map: &CropMap, opts: &ExportOptions) -> Result<ExportOutput> {
    opts.validate()?;
    let decode_limits = plan::validate_map(map, opts.file_type, &opts.limits)?;
    let header = decode::read_header(bytes, &opts.limits)?;
    let plan = plan::plan(map, header.orientation, header.width, header.height);
    let Some(region) = plan.region else {
        // The crop misses the image: nothing to decode, the output is all fill / transparent.
        let rgba = opts
            .limits
            .check_buffer(map.out_width, map.out_height, 4, "the output image")
            .map(|n| vec![0u8; n])?;
        return finish_rgba(rgba, map, opts);
    };
    // JPEG output keeps chroma at half resolution (4:2:0), so it is decoded for that grid. So
    // does PNG output of a shrink by 2 or more (interpolated back per row when written): colour
    // detail finer than two output pixels is what 4:2:0 drops too, and the chroma planes cost a
    // quarter. Below that a 4:4:4 file's chroma would be visibly lost.
    let half = opts.file_type == FileType::Jpeg || plan.source_step >= 2.0;
    let chroma = if half { Chroma::Half } else { Chroma::Full };
    let chroma_step = plan.source_step * if half { 2.0 } else { 1.0 };
    let steps = (plan.source_step, chroma_step);
    let footprint =
        crate::codecs::jpeg::Footprint { corners: plan.corners.map(|p| (p.x, p.y)), margin: plan.margin };
    let raster = match decode::decode(bytes, &header, region, steps, Some(footprint), &decode_limits)? {
        Decoded::Planar(planes) if matches!(planes.color, PlaneColor::YCbCr | PlaneColor::Gray) => {
            let img = planar::resample_planes(
                &planes,
                &plan.to_stored,
                map.out_width,
                map.out_height,
                chroma,
                &opts.limits,
            )?;
            drop(planes);
            return finish_ycc(img, opts);
        }
        Decoded::Planar(planes) => color::planes_to_raster(&planes, &opts.limits)?,
        Decoded::Interleaved(raster) => raster,
    };
    let view = SourceView::of(&raster);
    let rgba =
        resample::resample_antialiased(&view, &plan.to_stored, map.out_width, map.out_height, &opts.limits)?;
    drop(raster);
    finish_rgba(rgba, map, opts)
}

/// Exports the crop `map` of raw RGBA `pixels` (`width × height`, rows packed, orientation 1).
pub fn export_rgba(
    pixels: &[u8],
    width: u32,
    height: u32,
    map: &CropMap,
    opts: &ExportOptions,
) -> Result<ExportOutput> {
    opts.validate()?;
    plan::validate_map(map, opts.file_type, &opts.limits)?;
    if width == 0 || height == 0 {
        return Err(CropError::invalid(format!("pixels: size must be at least 1x1, got {width}x{height}")));
    }
    opts.limits.check_whole(width, height, "the pixels")?;
    let expected = width as u64 * height as u64 * 4;
    if pixels.len() as u64 != expected {
        return Err(CropError::invalid(format!(
            "pixels: {} bytes for {width}x{height} RGBA, expected {expected}",
            pixels.len()
        )));
    }
    let plan = plan::plan(map, 1, width, height);
    let src = SourceView {
        data: pixels,
        width,
        height,
        stride: width as usize * 4,
        channels: 4,
        origin_x: 0,
        origin_y: 0,
        scale_x: 1.0,
        scale_y: 1.0,
    };
    let rgba =
        resample::resample_antialiased(&src, &plan.to_stored, map.out_width, map.out_height, &opts.limits)?;
    finish_rgba(rgba, map, opts)
}

/// Mask, fill and encode straight RGBA.
fn finish_rgba(mut rgba: Vec<u8>, map: &CropMap, opts: &ExportOptions) -> Result<ExportOutput> {
    let (w, h) = (map.out_width, map.out_height);
    if opts.shape == Shape::Ellipse {
        mask::apply_ellipse(&mut rgba, w, h);
    }
    let bytes = match opts.file_type {
        FileType::Png => encode::encode_png(&rgba, w, h)?,
        FileType::Jpeg => {
            mask::composite_over_fill(&mut rgba, opts.fill);
            let (y, cb, cr) = planar::rgba_to_ycc420(&rgba, w, h);
            drop(rgba);
            encode_jpeg(&encode::YccPlanes { y: &y, cb: &cb, cr: &cr, width: w, height: h }, opts)?
        }
    };
    Ok(ExportOutput { bytes, width: w, height: h, file_type: opts.file_type })
}

/// Mask, fill and encode a YCbCr image (JPEG input).
fn finish_ycc(mut img: YccImage, opts: &ExportOptions) -> Result<ExportOutput> {
    let (w, h) = (img.width, img.height);
    if opts.shape == Shape::Ellipse {
        let grid = w as f64 / img.chroma_width as f64;
        let (cw, ch) = (img.chroma_width, img.chroma_height);
        let (alpha, chroma_alpha) = img.alphas_mut();
        mask::apply_ellipse_plane(alpha, w, h, w, h, 1.0);
        // The fill colour shows through chroma as well in a JPEG; a PNG's transparency is alpha.
        if opts.file_type == FileType::Jpeg {
            mask::apply_ellipse_plane(chroma_alpha, cw, ch, w, h, grid);
        }
    }
    let bytes = match opts.file_type {
        FileType::Png => planar::write_png(&img)?,
        FileType::Jpeg => {
            planar::composite_over_fill(&mut img, opts.fill);
            encode_jpeg(
                &encode::YccPlanes { y: &img.y, cb: &img.cb, cr: &img.cr, width: w, height: h },
                opts,
            )?
        }
    };
    Ok(ExportOutput { bytes, width: w, height: h, file_type: opts.file_type })
}

fn encode_jpeg(planes: &encode::YccPlanes, opts: &ExportOptions) -> Result<Vec<u8>> {
    match opts.max_bytes {
        Some(max) => encode::encode_jpeg_max_bytes(planes, opts.jpeg_quality(), max),
        None => encode::encode_jpeg(planes, opts.jpeg_quality()),
    }
}
