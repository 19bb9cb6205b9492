//! CRC-32 (IEEE 802.3), the checksum of every PNG chunk (decoder and writer).
//!
//! Slicing by 8: eight bytes per step through eight tables, so the steps do not wait on each
//! other byte by byte (faster under V8 than one table, and fewer instructions per byte for an
//! interpreter). The tables (8 KiB) are built on first use rather than stored in the wasm.

use std::sync::OnceLock;

type Tables = [[u32; 256]; 8];

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Box<Tables>> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut t = Box::new([[0u32; 256]; 8]);
        for n in 0..256 {
            let mut c = n as u32;
            for _ in 0..8 {
                c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            }
            t[0][n] = c;
        }
        for k in 1..8 {
            for n in 0..256 {
                let prev = t[k - 1][n];
                t[k][n] = (prev >> 8) ^ t[0][(prev & 0xFF) as usize];
            }
        }
        t
    })
}

/// The CRC of the parts, one after the other.
pub fn crc32(parts: &[&[u8]]) -> u32 {
    let t = tables();
    let mut c = 0xFFFF_FFFFu32;
    for part in parts {
        c = update(t, c, part);
    }
    !c
}

/// Out of line: called per chunk, so V8 optimises it early.
#[inline(never)]
fn update(t: &Tables, mut c: u32, bytes: &[u8]) -> u32 {
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let lo = c ^ u32::from_le_bytes([w[0], w[1], w[2], w[3]]);
        let hi = u32::from_le_bytes([w[4], w[5], w[6], w[7]]);
        c = t[7][(lo & 0xFF) as usize]
            ^ t[6][((lo >> 8) & 0xFF) as usize]
            ^ t[5][((lo >> 16) & 0xFF) as usize]
            ^ t[4][(lo >> 24) as usize]
            ^ t[3][(hi & 0xFF) as usize]
            ^ t[2][((hi >> 8) & 0xFF) as usize]
            ^ t[1][((hi >> 16) & 0xFF) as usize]
            ^ t[0][(hi >> 24) as usize];
    }
    for &b in words.remainder() {
        c = t[0][((c ^ b as u32) & 0xFF) as usize] ^ (c >> 8);
    }
    c
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_values() {
        assert_eq!(super::crc32(&[b"123456789"]), 0xCBF4_3926);
        assert_eq!(super::crc32(&[b"IEND"]), 0xAE42_6082);
        // Every length around the 8-byte steps, against the bit-by-bit definition.
        let data: Vec<u8> = (0..100u32).map(|i| (i * 37 + 11) as u8).collect();
        for n in 0..data.len() {
            let mut c = 0xFFFF_FFFFu32;
            for &b in &data[..n] {
                c ^= b as u32;
                for _ in 0..8 {
                    c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
                }
            }
            assert_eq!(super::crc32(&[&data[..n / 3], &data[n / 3..n]]), !c, "length {n}");
        }
    }
}
