//! Shared helpers of the export tests: deterministic images, encoders and decoders.
#![allow(dead_code)]

use image_cropper_wasm::geometry::CropMap;

/// xorshift32, so every run sees the same pixels.
pub struct Rng(pub u32);
impl Rng {
    pub fn next(&mut self) -> u32 {
        let mut s = self.0;
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        self.0 = s;
        s
    }
    pub fn byte(&mut self) -> u8 {
        (self.next() >> 24) as u8
    }
}

/// Random RGBA with random (often partial) alpha.
pub fn random_rgba(w: u32, h: u32, seed: u32) -> Vec<u8> {
    let mut rng = Rng(seed);
    (0..w * h * 4).map(|_| rng.byte()).collect()
}

pub fn map(cx: f64, cy: f64, angle: f64, scale: f64, w: u32, h: u32) -> CropMap {
    CropMap {
        center_x: cx,
        center_y: cy,
        angle,
        scale,
        flip_x: false,
        flip_y: false,
        out_width: w,
        out_height: h,
    }
}

/// Encodes a PNG with the png crate in any colour type / depth.
pub fn png_bytes(
    w: u32,
    h: u32,
    color: png::ColorType,
    depth: png::BitDepth,
    data: &[u8],
    interlaced: bool,
) -> Vec<u8> {
    png_bytes_with(w, h, color, depth, data, interlaced, None, None)
}

#[allow(clippy::too_many_arguments)]
pub fn png_bytes_with(
    w: u32,
    h: u32,
    color: png::ColorType,
    depth: png::BitDepth,
    data: &[u8],
    interlaced: bool,
    palette: Option<Vec<u8>>,
    trns: Option<Vec<u8>>,
) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(color);
        enc.set_depth(depth);
        assert!(!interlaced, "png's encoder writes no Adam7: use raw_png");
        if let Some(p) = palette {
            enc.set_palette(p);
        }
        if let Some(t) = trns {
            enc.set_trns(t);
        }
        let mut writer = enc.write_header().unwrap();
        writer.write_image_data(data).unwrap();
        writer.finish().unwrap();
    }
    out
}

/// Decodes a PNG to (width, height, RGBA8) with the png crate.
pub fn decode_png_rgba(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut dec = png::Decoder::new(std::io::Cursor::new(bytes));
    dec.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = dec.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    let rgba = match info.color_type {
        png::ColorType::Rgba => buf,
        png::ColorType::Rgb => buf.chunks_exact(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect(),
        png::ColorType::Grayscale => buf.iter().flat_map(|&g| [g, g, g, 255]).collect(),
        png::ColorType::GrayscaleAlpha => {
            buf.chunks_exact(2).flat_map(|p| [p[0], p[0], p[0], p[1]]).collect()
        }
        png::ColorType::Indexed => unreachable!("expanded"),
    };
    (info.width, info.height, rgba)
}

/// Decodes a JPEG to (width, height, RGB8) with the independent jpeg-decoder crate.
pub fn decode_jpeg_rgb(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut dec = jpeg_decoder::Decoder::new(bytes);
    let px = dec.decode().unwrap();
    let info = dec.info().unwrap();
    let px = match info.pixel_format {
        jpeg_decoder::PixelFormat::RGB24 => px,
        jpeg_decoder::PixelFormat::L8 => px.iter().flat_map(|&v| [v, v, v]).collect(),
        other => panic!("unexpected JPEG pixel format {other:?}"),
    };
    (info.width as u32, info.height as u32, px)
}

/// Crops `[x0, x0 + w) × [y0, y0 + h)` out of RGBA.
pub fn crop_rgba(src: &[u8], src_w: u32, x0: u32, y0: u32, w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    for y in y0..y0 + h {
        let i = ((y * src_w + x0) * 4) as usize;
        out.extend_from_slice(&src[i..i + (w * 4) as usize]);
    }
    out
}

/// PNG chunk checksum (the library's: its known values are tested in codecs/png/crc.rs).
fn crc32(data: &[u8]) -> u32 {
    image_cropper_wasm::codecs::png::crc32(&[data])
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// zlib stream of stored (uncompressed) deflate blocks.
fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = if data.is_empty() { vec![&[][..]] } else { data.chunks(65_535).collect() };
    for (i, block) in blocks.iter().enumerate() {
        out.push((i + 1 == blocks.len()) as u8);
        out.extend_from_slice(&(block.len() as u16).to_le_bytes());
        out.extend_from_slice(&(!(block.len() as u16)).to_le_bytes());
        out.extend_from_slice(block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &x in data {
        a = (a + x as u32) % 65_521;
        b = (b + a) % 65_521;
    }
    out.extend_from_slice(&((b << 16) | a).to_be_bytes());
    out
}

/// A PNG written by hand (any IHDR, optional Adam7), for what png's encoder cannot write.
/// `pixels`: packed samples of whole bytes per pixel (`bpp` bytes: bit depth 8 or 16).
pub fn raw_png(
    w: u32,
    h: u32,
    color_type: u8,
    depth: u8,
    bpp: usize,
    pixels: &[u8],
    interlaced: bool,
) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[depth, color_type, 0, 0, interlaced as u8]);
    chunk(&mut out, b"IHDR", &ihdr);
    let passes: Vec<(u32, u32, u32, u32)> = if interlaced {
        vec![(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
    } else {
        vec![(0, 0, 1, 1)]
    };
    let mut raw = Vec::new();
    for (x0, y0, dx, dy) in passes {
        if x0 >= w || y0 >= h {
            continue;
        }
        for y in (y0..h).step_by(dy as usize) {
            raw.push(0); // filter: none
            for x in (x0..w).step_by(dx as usize) {
                let i = (y * w + x) as usize * bpp;
                raw.extend_from_slice(&pixels[i..i + bpp]);
            }
        }
    }
    chunk(&mut out, b"IDAT", &zlib_stored(&raw));
    chunk(&mut out, b"IEND", &[]);
    out
}

/// Just a signature and an IHDR announcing `w × h` RGBA (no pixel data).
pub fn png_header_only(w: u32, h: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    out
}

/// An APP1 Exif payload (after the marker and length) holding only an orientation tag, in
/// little- (`II`) or big-endian (`MM`) TIFF order.
pub fn exif_orientation(orientation: u16, big_endian: bool) -> Vec<u8> {
    let u16b = |v: u16| if big_endian { v.to_be_bytes() } else { v.to_le_bytes() };
    let u32b = |v: u32| if big_endian { v.to_be_bytes() } else { v.to_le_bytes() };
    let mut d = b"Exif\0\0".to_vec();
    d.extend_from_slice(if big_endian { b"MM" } else { b"II" });
    d.extend_from_slice(&u16b(42));
    d.extend_from_slice(&u32b(8)); // IFD0 right after the header
    d.extend_from_slice(&u16b(1)); // one entry
    d.extend_from_slice(&u16b(0x0112)); // Orientation
    d.extend_from_slice(&u16b(3)); // SHORT
    d.extend_from_slice(&u32b(1));
    d.extend_from_slice(&u16b(orientation));
    d.extend_from_slice(&[0, 0]);
    d.extend_from_slice(&u32b(0)); // no next IFD
    d
}

/// A JPEG of RGB pixels (jpeg-encoder), optionally with an EXIF orientation.
pub fn jpeg_bytes(rgb: &[u8], w: u32, h: u32, quality: u8, orientation: Option<(u16, bool)>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = jpeg_encoder::Encoder::new(&mut out, quality);
    enc.set_sampling_factor(jpeg_encoder::SamplingFactor::F_1_1);
    if let Some((o, be)) = orientation {
        enc.add_app_segment(1, exif_orientation(o, be)).unwrap();
    }
    enc.encode(rgb, w as u16, h as u16, jpeg_encoder::ColorType::Rgb).unwrap();
    out
}
