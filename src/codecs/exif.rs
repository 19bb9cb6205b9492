//! EXIF orientation from a TIFF structure (the payload of a JPEG's APP1 "Exif" segment after
//! its 6-byte "Exif\0\0" prefix). Only IFD0's Orientation tag (0x0112) is read.

/// Orientation 1..8, or 1 when absent, malformed or out of range (as browsers treat it).
pub fn orientation(tiff: &[u8]) -> u8 {
    read_orientation(tiff).filter(|o| (1..=8).contains(o)).unwrap_or(1)
}

fn read_orientation(t: &[u8]) -> Option<u8> {
    let big = match t.get(0..2)? {
        b"MM" => true,
        b"II" => false,
        _ => return None,
    };
    let u16_at = |i: usize| -> Option<u16> {
        let b = t.get(i..i.checked_add(2)?)?;
        Some(if big { u16::from_be_bytes([b[0], b[1]]) } else { u16::from_le_bytes([b[0], b[1]]) })
    };
    let u32_at = |i: usize| -> Option<u32> {
        let b = t.get(i..i.checked_add(4)?)?;
        let a = [b[0], b[1], b[2], b[3]];
        Some(if big { u32::from_be_bytes(a) } else { u32::from_le_bytes(a) })
    };
    if u16_at(2)? != 42 {
        return None;
    }
    let ifd = u32_at(4)? as usize;
    let count = u16_at(ifd)? as usize;
    for k in 0..count.min(512) {
        let e = ifd.checked_add(2 + 12 * k)?;
        if u16_at(e)? == 0x0112 {
            // SHORT (type 3) value sits in the first two bytes of the value field.
            return u8::try_from(u16_at(e + 8)?).ok();
        }
    }
    None
}
