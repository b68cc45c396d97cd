//! LZRW1, the "low (fast)" compression of Geosoft grid blocks.
//!
//! Reference: Ross N. Williams, "An extremely fast Ziv-Lempel data compression algorithm",
//! Data Compression Conference (DCC '91), 1991, pp. 362–371, and its published C
//! implementation `lzrw1.c` (ross.net/compression/lzrw1.html).
//!
//! Stream layout: a 4-byte flag (first byte 0 = compressed items follow, 1 = the input is
//! stored verbatim after the flag), then groups of up to 16 items, each group led by a 16-bit
//! little-endian control word whose bits (least significant first) tell each item's kind:
//! 0 = one literal byte; 1 = a copy of 2 bytes `[oooo llll] [oooo oooo]` — copy `l + 1` bytes
//! (3..=16 from the compressor) from `o` (1..=4095, 12 bits, high nibble first) bytes back in
//! the output. The compressor hashes the next 3 bytes (`(40543·((s0<<4 ^ s1)<<4 ^ s2)) >> 4`,
//! 12 bits) into a table of the last position seen, as the paper's algorithm does.

/// First byte of the flag: items follow.
const FLAG_COMPRESS: u8 = 0;
/// First byte of the flag: the data is stored verbatim.
const FLAG_COPY: u8 = 1;
const FLAG_BYTES: usize = 4;
const MAX_LEN: usize = 16;
const MAX_OFFSET: usize = 4095;

fn hash(s: &[u8]) -> usize {
    let h = ((((s[0] as u32) << 4) ^ s[1] as u32) << 4) ^ s[2] as u32;
    ((40543u32.wrapping_mul(h) >> 4) & 0xFFF) as usize
}

/// Compress `src` to an LZRW1 stream with its 4-byte flag. Data that does not shrink is stored
/// verbatim (flag 1), so the output is at most `src.len() + 4` bytes.
pub fn compress(src: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(src.len() / 2 + 16);
    out.extend_from_slice(&[FLAG_COMPRESS, 0, 0, 0]);
    let mut table = [usize::MAX; 4096];
    let (mut control, mut items, mut control_at) = (0u16, 0u32, out.len());
    out.extend_from_slice(&[0, 0]);
    let mut p = 0;
    while p < src.len() {
        if items == 16 {
            out[control_at..control_at + 2].copy_from_slice(&control.to_le_bytes());
            (control, items, control_at) = (0, 0, out.len());
            out.extend_from_slice(&[0, 0]);
        }
        let mut len = 0;
        let mut offset = 0;
        if src.len() - p >= 3 {
            let slot = &mut table[hash(&src[p..])];
            let cand = std::mem::replace(slot, p);
            if cand != usize::MAX && p - cand <= MAX_OFFSET {
                let max = MAX_LEN.min(src.len() - p);
                while len < max && src[cand + len] == src[p + len] {
                    len += 1;
                }
                offset = p - cand;
            }
        }
        if len >= 3 {
            out.push((((offset & 0xF00) >> 4) | (len - 1)) as u8);
            out.push((offset & 0xFF) as u8);
            control |= 1 << items;
            p += len;
        } else {
            out.push(src[p]);
            p += 1;
        }
        items += 1;
        if out.len() > src.len() + FLAG_BYTES {
            break;
        }
    }
    if items == 0 {
        out.truncate(control_at);
    } else {
        out[control_at..control_at + 2].copy_from_slice(&control.to_le_bytes());
    }
    if p < src.len() || out.len() > src.len() + FLAG_BYTES {
        out.clear();
        out.extend_from_slice(&[FLAG_COPY, 0, 0, 0]);
        out.extend_from_slice(src);
    }
    out
}

/// Decompress an LZRW1 stream (with its 4-byte flag) into at most `max_out` bytes.
/// Never reads outside `src`; a malformed stream (copy before the start of the output,
/// truncated item, output beyond `max_out`) is an error.
pub fn decompress(src: &[u8], max_out: usize) -> Result<Vec<u8>, String> {
    if src.len() < FLAG_BYTES {
        return Err(format!("LZRW1 stream of {} bytes has no flag", src.len()));
    }
    match src[0] {
        FLAG_COPY => {
            let body = &src[FLAG_BYTES..];
            if body.len() > max_out {
                return Err(format!(
                    "LZRW1 stored block of {} bytes exceeds the {max_out} expected",
                    body.len()
                ));
            }
            Ok(body.to_vec())
        }
        FLAG_COMPRESS => decompress_items(&src[FLAG_BYTES..], max_out),
        f => Err(format!("LZRW1 flag byte {f} is neither 0 nor 1")),
    }
}

/// Decode the items of an LZRW1 stream that has no flag (the 1991 paper's form).
pub fn decompress_items(src: &[u8], max_out: usize) -> Result<Vec<u8>, String> {
    let mut out: Vec<u8> = Vec::with_capacity(max_out.min(src.len().saturating_mul(8)));
    let (mut p, mut control, mut bits) = (0usize, 0u16, 0u32);
    while p < src.len() {
        if bits == 0 {
            let c = src
                .get(p..p + 2)
                .ok_or("LZRW1 stream ends inside a control word")?;
            control = u16::from_le_bytes([c[0], c[1]]);
            bits = 16;
            p += 2;
            if p == src.len() {
                break;
            }
        }
        if control & 1 == 1 {
            let c = src
                .get(p..p + 2)
                .ok_or("LZRW1 stream ends inside a copy item")?;
            let offset = (((c[0] & 0xF0) as usize) << 4) | c[1] as usize;
            let len = (c[0] & 0x0F) as usize + 1;
            if offset == 0 || offset > out.len() {
                return Err(format!(
                    "LZRW1 copy reaches {offset} bytes back from output byte {}",
                    out.len()
                ));
            }
            if out.len() + len > max_out {
                return Err(format!("LZRW1 stream expands beyond {max_out} bytes"));
            }
            let from = out.len() - offset;
            for k in 0..len {
                out.push(out[from + k]);
            }
            p += 2;
        } else {
            if out.len() >= max_out {
                return Err(format!("LZRW1 stream expands beyond {max_out} bytes"));
            }
            out.push(src[p]);
            p += 1;
        }
        control >>= 1;
        bits -= 1;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_built_stream_decodes() {
        // "abcabcabcX": literals a b c, copy 6 bytes from 3 back, literal X.
        let control: u16 = 0b0_1000;
        let mut s = vec![0, 0, 0, 0];
        s.extend_from_slice(&control.to_le_bytes());
        s.extend_from_slice(b"abc");
        s.extend_from_slice(&[0x05, 0x03]);
        s.push(b'X');
        assert_eq!(decompress(&s, 100).unwrap(), b"abcabcabcX");
        assert!(decompress(&s, 9).is_err());
    }

    #[test]
    fn round_trips_and_refuses_corrupt_streams() {
        let mut data: Vec<u8> = (0..5000u32).flat_map(|i| (i / 7).to_le_bytes()).collect();
        data.extend_from_slice(&[7; 300]);
        let c = compress(&data);
        assert_eq!(c[0], FLAG_COMPRESS);
        assert!(c.len() < data.len() / 2, "{} vs {}", c.len(), data.len());
        assert_eq!(decompress(&c, data.len()).unwrap(), data);
        let random: Vec<u8> = (0..1000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let c = compress(&random);
        assert_eq!(decompress(&c, random.len()).unwrap(), random);
        for cut in 0..c.len().min(64) {
            let _ = decompress(&c[..cut], 1 << 20);
        }
        assert!(decompress(&[0, 0, 0, 0, 1, 0, 0x0F, 0x10], 100).is_err());
        assert!(decompress(&[2, 0, 0, 0], 100).is_err());
        assert!(decompress(&[0, 0], 100).is_err());
        assert_eq!(compress(&[]), vec![0, 0, 0, 0]);
        assert_eq!(decompress(&[0, 0, 0, 0], 0).unwrap(), Vec::<u8>::new());
    }
}
