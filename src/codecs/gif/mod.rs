//! GIF, first frame only, composited on the transparent logical screen (what a browser shows
//! before the animation advances). Written here instead of linking the image crate's GIF stack
//! (about 30 KB of wasm) for one frame of a format phones rarely produce.

use crate::error::{CropError, Result};
use crate::limits::Limits;
use crate::raster::{Raster, Region};

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn bytes(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.data.len());
        let end = end.ok_or_else(|| CropError::truncated("GIF data ends early"))?;
        let s = &self.data[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8> {
        Ok(self.bytes(1)?[0])
    }
    fn u16(&mut self) -> Result<u16> {
        let b = self.bytes(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }
    /// Skips data sub-blocks up to the zero-length terminator.
    fn skip_sub_blocks(&mut self) -> Result<()> {
        loop {
            let n = self.u8()? as usize;
            if n == 0 {
                return Ok(());
            }
            self.bytes(n)?;
        }
    }
}

/// Logical screen size.
pub fn read_size(data: &[u8]) -> Result<(u32, u32)> {
    let mut r = Reader { data, pos: 6 };
    Ok((r.u16()? as u32, r.u16()? as u32))
}

pub fn decode(data: &[u8], limits: &Limits) -> Result<Raster> {
    let mut r = Reader { data, pos: 6 };
    let (sw, sh) = (r.u16()? as u32, r.u16()? as u32);
    limits.check_whole(sw, sh, "the GIF image (decoded whole)")?;
    let flags = r.u8()?;
    r.bytes(2)?; // background index, aspect ratio
    let global = if flags & 0x80 != 0 { Some(r.bytes(3 << ((flags & 7) + 1))?) } else { None };
    let mut transparent: Option<u8> = None;
    loop {
        match r.u8()? {
            0x21 => {
                let label = r.u8()?;
                if label == 0xF9 {
                    let n = r.u8()? as usize;
                    let block = r.bytes(n)?;
                    if n >= 4 && block[0] & 1 != 0 {
                        transparent = Some(block[3]);
                    }
                }
                r.skip_sub_blocks()?;
            }
            0x2C => break,
            0x3B => return Err(CropError::corrupt("GIF has no image")),
            other => return Err(CropError::corrupt(format!("GIF: unexpected block 0x{other:02x}"))),
        }
    }
    let (fx, fy, fw, fh) = (r.u16()? as u32, r.u16()? as u32, r.u16()? as u32, r.u16()? as u32);
    let flags = r.u8()?;
    let local = if flags & 0x80 != 0 { Some(r.bytes(3 << ((flags & 7) + 1))?) } else { None };
    let interlaced = flags & 0x40 != 0;
    let palette = local.or(global).ok_or_else(|| CropError::corrupt("GIF frame has no colour table"))?;
    let min_code = r.u8()?;
    if !(1..=11).contains(&min_code) {
        return Err(CropError::corrupt("GIF: bad LZW code size"));
    }
    let frame_pixels = limits.check_buffer(fw, fh, 1, "the GIF frame")?;
    let indices = lzw_decode(&mut r, min_code, frame_pixels)?;

    let size = limits.check_buffer(sw, sh, 4, "the decoded GIF")?;
    let mut data = vec![0u8; size];
    let row_order = interlaced_rows(fh, interlaced);
    for (k, &fy_row) in row_order.iter().enumerate() {
        let y = fy + fy_row;
        if y >= sh {
            continue;
        }
        for x in 0..fw {
            let sx = fx + x;
            if sx >= sw {
                break;
            }
            let Some(&index) = indices.get(k * fw as usize + x as usize) else { break };
            if Some(index) == transparent {
                continue;
            }
            let p = index as usize * 3;
            if let Some(rgb) = palette.get(p..p + 3) {
                let o = (y as usize * sw as usize + sx as usize) * 4;
                data[o..o + 4].copy_from_slice(&[rgb[0], rgb[1], rgb[2], 255]);
            }
        }
    }
    Ok(Raster::full_resolution(data, 4, Region { x0: 0, y0: 0, x1: sw, y1: sh }, sw, sh))
}

/// Frame row of each decoded row (Adam-style GIF interlace: every 8th from 0, from 4, every 4th
/// from 2, every 2nd from 1).
fn interlaced_rows(h: u32, interlaced: bool) -> Vec<u32> {
    if !interlaced {
        return (0..h).collect();
    }
    let mut rows = Vec::with_capacity(h as usize);
    for (start, step) in [(0, 8), (4, 8), (2, 4), (1, 2)] {
        rows.extend((start..h).step_by(step));
    }
    rows
}

/// Variable-width LZW (GIF flavour, codes up to 12 bits) over the sub-blocks at `r`, stopping
/// after `max` indices. Data cut off inside the file is a `truncated` error; a stream that ends
/// early by itself leaves the remaining pixels at index 0.
fn lzw_decode(r: &mut Reader, min_code: u8, max: usize) -> Result<Vec<u8>> {
    let clear = 1u16 << min_code;
    let end = clear + 1;
    let mut prefix = vec![0u16; 4096];
    let mut suffix = vec![0u8; 4096];
    let mut first = vec![0u8; 4096];
    for i in 0..clear {
        suffix[i as usize] = i as u8;
        first[i as usize] = i as u8;
    }
    let mut out = Vec::with_capacity(max);
    let mut stack = Vec::with_capacity(4096);
    let mut width = min_code as u32 + 1;
    let mut next = end + 1;
    let mut prev: Option<u16> = None;
    let (mut bits, mut nbits) = (0u32, 0u32);
    let mut block: &[u8] = &[];
    let mut ended = false;
    'codes: while out.len() < max {
        while nbits < width {
            if block.is_empty() {
                let n = r.u8()? as usize;
                if n == 0 {
                    ended = true;
                    break 'codes;
                }
                block = r.bytes(n)?;
            }
            bits |= (block[0] as u32) << nbits;
            block = &block[1..];
            nbits += 8;
        }
        let code = (bits & ((1 << width) - 1)) as u16;
        bits >>= width;
        nbits -= width;
        if code == clear {
            width = min_code as u32 + 1;
            next = end + 1;
            prev = None;
            continue;
        }
        if code == end {
            break;
        }
        let Some(p) = prev else {
            if code >= clear {
                return Err(CropError::corrupt("GIF: LZW stream starts with a non-literal"));
            }
            out.push(code as u8);
            prev = Some(code);
            continue;
        };
        let (emit, first_byte) = if code < next {
            (code, first[code as usize])
        } else if code == next {
            (p, first[p as usize]) // KwKwK: previous string + its own first byte, pushed below
        } else {
            return Err(CropError::corrupt("GIF: LZW code out of range"));
        };
        stack.clear();
        if code == next {
            stack.push(first_byte);
        }
        let mut c = emit;
        while c >= clear {
            stack.push(suffix[c as usize]);
            c = prefix[c as usize];
        }
        stack.push(c as u8);
        out.extend(stack.iter().rev().take(max - out.len()));
        if next < 4096 {
            prefix[next as usize] = p;
            suffix[next as usize] = first_byte;
            first[next as usize] = first[p as usize];
            next += 1;
            if next == (1 << width) && width < 12 {
                width += 1;
            }
        }
        prev = Some(code);
    }
    let _ = ended; // an early end leaves the remaining pixels at index 0, as browsers do
    out.resize(max, 0);
    Ok(out)
}
