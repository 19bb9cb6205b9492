//! Baseline and progressive JPEG decoding with region and DCT-scaled output.
//!
//! The export asks for the stored-frame region its crop reads and, per component, the output's
//! sample spacing, from which each component is decoded at N/8 (N = 1..8, `idct_size`).
//! Only the MCUs covering the region are inverse-transformed, at the reduced size, and decoding
//! stops after the region's last MCU row; what the bitstream forces us to parse before it is
//! parsed without being transformed. That, not a faster IDCT, is what makes a 48 MP photo
//! cheap: the work follows the output, not the file.
//!
//! - `markers`: segments, frame and scan headers, tables
//! - `huffman`: Huffman tables and the bit reader
//! - `sequential`: one-scan baseline files, streamed
//! - `progressive`: multi-scan files, coefficients buffered for the region only
//! - `skip`: coefficients that are only parsed, several codes per lookup
//! - `small`: blocks decoded to 2×2 samples, coefficients kept in locals
//! - `idct`: the N-point inverse DCTs (N = 1..8) with their spectral window
//! - `output`: the region's planes (one per component, chroma left subsampled)
//! - `writer`: our baseline 4:2:0 JPEG writer (from YCbCr planes)
//!
//! Supported: 8-bit Huffman-coded baseline, extended and progressive; 1 (gray), 3 (YCbCr or
//! RGB) and 4 (Adobe CMYK / YCCK) components; any integral sampling; restart markers.
//! Arithmetic coding, lossless, hierarchical and 12-bit files are `unsupported_format`.

mod huffman;
mod idct;
mod markers;
mod output;
mod progressive;
mod sequential;
mod skip;
mod small;
pub mod writer;

use crate::error::{CropError, Result};
use crate::limits::Limits;
use crate::raster::{PlaneColor, Planes};
pub use idct::size_for as idct_size;
pub use idct::size_for_output as idct_size_for_output;
use markers::{Segments, Tables};
use output::{McuRect, Output};

/// What the headers say (stored frame: before EXIF orientation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JpegInfo {
    pub width: u32,
    pub height: u32,
    pub components: u8,
    pub progressive: bool,
    /// EXIF orientation 1..8 (1 when absent).
    pub orientation: u8,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DecodeRequest {
    /// Stored full-resolution pixels `(x0, y0, x1, y1)`, half-open; clamped to the image.
    pub region: (u32, u32, u32, u32),
    /// Full-resolution pixels per output sample of the luma (or only) grid and of the chroma
    /// grid: each component is decoded at an N/8 scale at least that fine (`idct_size`), luma
    /// somewhat finer when the resampler gains from it (`idct_size_for_output`), with a
    /// spectral window for that output spacing. 1.0 (or less) decodes at full resolution.
    pub luma_step: f64,
    pub chroma_step: f64,
    /// What of the region the output reads, when that is less than the region (a rotated crop):
    /// blocks farther than `margin` from the quadrilateral are parsed but not transformed,
    /// and their samples are left at zero.
    pub footprint: Option<Footprint>,
    pub limits: Limits,
}

/// A convex quadrilateral in stored full-resolution pixels, and how far around it is needed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Footprint {
    pub corners: [(f64, f64); 4],
    pub margin: f64,
}

impl DecodeRequest {
    /// Full resolution, every component.
    pub fn full(region: (u32, u32, u32, u32), limits: Limits) -> DecodeRequest {
        DecodeRequest { region, luma_step: 1.0, chroma_step: 1.0, footprint: None, limits }
    }
}

/// Reads the headers up to the frame header.
pub fn read_info(data: &[u8]) -> Result<JpegInfo> {
    let mut seg = Segments::new(data)?;
    let mut tables = Tables::default();
    loop {
        let marker = seg.next_marker()?;
        match marker {
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                let frame = markers::parse_frame(marker, seg.segment()?)?;
                return Ok(JpegInfo {
                    width: frame.width,
                    height: frame.height,
                    components: frame.components.len() as u8,
                    progressive: frame.progressive,
                    orientation: tables.orientation,
                });
            }
            markers::SOS | markers::EOI => return Err(CropError::corrupt("JPEG without a frame header")),
            0xE0..=0xEF => {
                let p = seg.segment()?;
                tables.parse_app(marker, p);
            }
            0x01 | 0xD0..=0xD7 => {}
            _ => {
                seg.segment()?;
            }
        }
    }
}

/// Decodes (at least) the requested region at the requested scale: one plane per component at
/// its own resolution, covering whole MCUs around the region, each saying where it sits.
pub fn decode(data: &[u8], req: &DecodeRequest) -> Result<Planes> {
    let mut seg = Segments::new(data)?;
    let mut tables = Tables::default();
    let mut frame = None;
    let mut target: Option<(McuRect, Output)> = None;
    let mut buffered: Option<progressive::Buffered> = None;
    loop {
        let marker = seg.next_marker()?;
        match marker {
            markers::EOI => break,
            markers::SOS => {
                let frame =
                    frame.as_ref().ok_or_else(|| CropError::corrupt("JPEG: scan before the frame header"))?;
                let scan = markers::parse_scan(seg.segment()?, frame)?;
                tables.default_missing_tables(&scan)?;
                if target.is_none() {
                    let rect = mcu_rect(frame, req.region)?;
                    let color = tables.color_transform(frame);
                    let sizes = idct_sizes(frame, color, req);
                    target = Some((rect, Output::new(frame, rect, &sizes, color, &req.limits)?));
                }
                let (rect, out) = target.as_mut().expect("set above");
                let one_scan = !frame.progressive && scan.components.len() == frame.components.len();
                if one_scan && buffered.is_none() {
                    let spans = row_spans(frame, rect, req.footprint.as_ref());
                    seg.pos =
                        sequential::decode_scan(data, seg.pos, frame, &scan, &tables, *rect, &spans, out)?;
                } else {
                    if buffered.is_none() {
                        // The coefficients live beside the planes they are transformed into.
                        let limits = req.limits.beside(out.bytes(), "the decoded JPEG region")?;
                        buffered = Some(progressive::Buffered::new(frame, *rect, out, &limits)?);
                    }
                    let b = buffered.as_mut().expect("set above");
                    seg.pos = b.decode_scan(data, seg.pos, frame, &scan, &tables)?;
                }
                seg.skip_entropy_data();
            }
            markers::DQT => tables.parse_dqt(seg.segment()?)?,
            markers::DHT => tables.parse_dht(seg.segment()?)?,
            markers::DRI => tables.parse_dri(seg.segment()?)?,
            0xC0..=0xCF => {
                let p = seg.segment()?;
                if frame.is_some() {
                    return Err(CropError::corrupt("JPEG with two frame headers"));
                }
                let f = markers::parse_frame(marker, p)?;
                req.limits.check_sides(f.width, f.height)?;
                frame = Some(f);
            }
            0xE0..=0xEF => {
                let p = seg.segment()?;
                tables.parse_app(marker, p);
            }
            // Stray restart markers and TEM carry no segment.
            0x01 | 0xD0..=0xD7 => {}
            markers::DNL => {
                seg.segment()?;
            }
            _ => {
                seg.segment()?;
            }
        }
    }
    let frame = frame.ok_or_else(|| CropError::corrupt("JPEG without a frame header"))?;
    let (_, mut out) = target.ok_or_else(|| CropError::corrupt("JPEG without image data"))?;
    if let Some(b) = buffered {
        b.finish(&frame, &tables, &mut out)?;
    }
    Ok(out.finish())
}

/// `[v; N]` built on the heap: `Box::new([v; N])` builds the array on the stack and copies it
/// over with `memory.copy`, one byte a loop turn once build.sh lowers it for the MVP.
pub(crate) fn boxed<T: Copy, const N: usize>(v: T) -> Box<[T; N]> {
    match vec![v; N].into_boxed_slice().try_into() {
        Ok(b) => b,
        Err(_) => unreachable!("a vector of N elements"),
    }
}

/// Chroma samples may be this much coarser than the chroma grid they are resampled to: the
/// eye resolves colour far less finely than brightness (why 4:2:0 exists), PSNR against sharp
/// did not move, and the smaller N saves a few percent of an export's work.
const CHROMA_TOLERANCE: f64 = 1.15;

/// Per component, the IDCT size for the requested output spacing and that spacing (the
/// spectral window follows it): the chroma of a YCbCr file follows the chroma grid, everything
/// else the luma grid.
fn idct_sizes(frame: &markers::Frame, color: PlaneColor, req: &DecodeRequest) -> Vec<(usize, f64)> {
    frame
        .components
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let span = 8.0 * (frame.hmax / c.h).max(frame.vmax / c.v) as f64;
            if color == PlaneColor::YCbCr && i > 0 {
                // Only a component that is reduced anyway: at full resolution chroma stays exact.
                let exact = idct::size_for(span, req.chroma_step);
                if exact < 8 {
                    return (idct::size_for(span, req.chroma_step * CHROMA_TOLERANCE), req.chroma_step);
                }
                return (exact, req.chroma_step);
            }
            (idct::size_for_output(span, req.luma_step), req.luma_step)
        })
        .collect()
}

/// Per MCU row of `rect`, the MCU columns within `margin` of the footprint (all of `rect`'s
/// without one).
fn row_spans(frame: &markers::Frame, rect: &McuRect, footprint: Option<&Footprint>) -> Vec<(u32, u32)> {
    let (mw, mh) = (frame.mcu_width() as f64, frame.mcu_height() as f64);
    (rect.y0..rect.y1)
        .map(|row| {
            let Some(f) = footprint else { return (rect.x0, rect.x1) };
            let band = (row as f64 * mh - f.margin, (row + 1) as f64 * mh + f.margin);
            match x_extent(&f.corners, band) {
                Some((lo, hi)) => {
                    let x0 = ((lo - f.margin) / mw).floor().max(0.0) as u32;
                    let x1 = ((hi + f.margin) / mw).ceil().max(0.0) as u32;
                    (x0.clamp(rect.x0, rect.x1), x1.clamp(rect.x0, rect.x1))
                }
                None => (rect.x0, rect.x0),
            }
        })
        .collect()
}

/// The x range of a convex polygon's part within the horizontal band `[y0, y1]`.
fn x_extent(poly: &[(f64, f64); 4], (y0, y1): (f64, f64)) -> Option<(f64, f64)> {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    let mut take = |x: f64| {
        lo = lo.min(x);
        hi = hi.max(x);
    };
    for i in 0..4 {
        let (a, b) = (poly[i], poly[(i + 1) % 4]);
        if a.1 >= y0 && a.1 <= y1 {
            take(a.0);
        }
        // Where the edge crosses the band's two lines.
        for y in [y0, y1] {
            if (a.1 - y) * (b.1 - y) < 0.0 {
                take(a.0 + (b.0 - a.0) * (y - a.1) / (b.1 - a.1));
            }
        }
    }
    (lo <= hi && lo.is_finite()).then_some((lo, hi))
}

/// MCUs covering the region (clamped to the image; at least one).
fn mcu_rect(frame: &markers::Frame, region: (u32, u32, u32, u32)) -> Result<McuRect> {
    let (x0, y0, x1, y1) = region;
    let (mw, mh) = (frame.mcu_width(), frame.mcu_height());
    let x1 = x1.min(frame.width);
    let y1 = y1.min(frame.height);
    if x0 >= x1 || y0 >= y1 {
        return Err(CropError::invalid("JPEG decode: empty region"));
    }
    Ok(McuRect {
        x0: x0 / mw,
        y0: y0 / mh,
        x1: x1.div_ceil(mw).min(frame.mcus_x),
        y1: y1.div_ceil(mh).min(frame.mcus_y),
    })
}
