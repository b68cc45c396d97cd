//! TIFF container structure: header, the first image file directory (IFD) and tag values,
//! classic TIFF (TIFF 6.0, Adobe 1992) and BigTIFF (Aware Systems 2008 specification).
//! Every count and offset is checked against the file length before anything is allocated.

use std::collections::BTreeMap;
use std::fs::File;

/// Where the bytes come from: a slice in memory or a file read with positioned reads
/// (so rayon workers read tiles concurrently without a shared cursor).
pub(crate) enum Source<'a> {
    Mem(&'a [u8]),
    File(&'a File, u64),
}

impl Source<'_> {
    pub fn len(&self) -> u64 {
        match self {
            Source::Mem(b) => b.len() as u64,
            Source::File(_, n) => *n,
        }
    }

    /// `len` bytes at `off`: borrowed from memory or read into `scratch`.
    pub fn bytes<'s>(
        &'s self,
        off: u64,
        len: u64,
        scratch: &'s mut Vec<u8>,
    ) -> Result<&'s [u8], String> {
        let end = off
            .checked_add(len)
            .filter(|&e| e <= self.len())
            .ok_or_else(|| format!("data at offset {off} (+{len} bytes) lies beyond the end of the file ({} bytes)", self.len()))?;
        match self {
            Source::Mem(b) => Ok(&b[off as usize..end as usize]),
            Source::File(f, _) => {
                scratch.clear();
                scratch.resize(len as usize, 0);
                read_exact_at(f, scratch, off)
                    .map_err(|e| format!("cannot read {len} bytes at offset {off}: {e}"))?;
                Ok(&scratch[..])
            }
        }
    }
}

#[cfg(unix)]
fn read_exact_at(f: &File, buf: &mut [u8], off: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(f, buf, off)
}

#[cfg(windows)]
fn read_exact_at(f: &File, mut buf: &mut [u8], mut off: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        let n = f.seek_read(buf, off)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf = &mut buf[n..];
        off += n as u64;
    }
    Ok(())
}

/// One tag's raw value bytes, in the file's byte order.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub typ: u16,
    pub data: Vec<u8>,
}

/// The first IFD of a TIFF file.
#[derive(Debug)]
pub(crate) struct Ifd {
    pub little: bool,
    pub entries: BTreeMap<u16, Entry>,
}

fn type_size(t: u16) -> Option<u64> {
    Some(match t {
        1 | 2 | 6 | 7 => 1,
        3 | 8 => 2,
        4 | 9 | 11 | 13 => 4,
        5 | 10 | 12 | 16 | 17 | 18 => 8,
        _ => return None,
    })
}

/// Tags whose values are kept; others are skipped without being read.
const KEEP: &[u16] = &[
    256, 257, 258, 259, 262, 273, 277, 278, 279, 284, 317, 322, 323, 324, 325, 339, 33550, 33922,
    34264, 34735, 34736, 34737, 42112, 42113,
];

/// The largest number of entries accepted in one IFD.
const MAX_ENTRIES: u64 = 4096;

impl Ifd {
    /// Parse the header and the first IFD.
    pub fn read(src: &Source) -> Result<Ifd, String> {
        let mut scratch = Vec::new();
        if src.len() < 8 {
            return Err("file is too short for a TIFF header".into());
        }
        let head = src.bytes(0, 8.min(src.len()), &mut scratch)?.to_vec();
        let little = match &head[0..2] {
            b"II" => true,
            b"MM" => false,
            _ => return Err("not a TIFF file (byte-order mark is neither II nor MM)".into()),
        };
        let rd16 = |b: &[u8]| {
            if little {
                u16::from_le_bytes([b[0], b[1]])
            } else {
                u16::from_be_bytes([b[0], b[1]])
            }
        };
        let rd32 = |b: &[u8]| {
            let a = [b[0], b[1], b[2], b[3]];
            if little {
                u32::from_le_bytes(a)
            } else {
                u32::from_be_bytes(a)
            }
        };
        let rd64 = |b: &[u8]| {
            let a: [u8; 8] = b[..8].try_into().unwrap_or([0; 8]);
            if little {
                u64::from_le_bytes(a)
            } else {
                u64::from_be_bytes(a)
            }
        };
        let magic = rd16(&head[2..4]);
        let (big, ifd_off) = match magic {
            42 => (false, rd32(&head[4..8]) as u64),
            43 => {
                let h = src
                    .bytes(0, 16, &mut scratch)
                    .map_err(|_| "file is too short for a BigTIFF header".to_string())?;
                if rd16(&h[4..6]) != 8 {
                    return Err("BigTIFF header has an offset size other than 8".into());
                }
                (true, rd64(&h[8..16]))
            }
            m => {
                return Err(format!(
                    "not a TIFF file (magic number {m}, expected 42 or 43)"
                ))
            }
        };
        if ifd_off < 8 {
            return Err(format!("first IFD offset {ifd_off} is invalid"));
        }
        let (cnt_size, ent_size, val_size) = if big { (8u64, 20u64, 8u64) } else { (2, 12, 4) };
        let c = src.bytes(ifd_off, cnt_size, &mut scratch)?;
        let n = if big { rd64(c) } else { rd16(c) as u64 };
        if n == 0 || n > MAX_ENTRIES {
            return Err(format!("IFD has {n} entries"));
        }
        let raw = src
            .bytes(ifd_off + cnt_size, n * ent_size, &mut scratch)?
            .to_vec();
        let mut entries = BTreeMap::new();
        let mut vscratch = Vec::new();
        for e in raw.chunks_exact(ent_size as usize) {
            let tag = rd16(&e[0..2]);
            if !KEEP.contains(&tag) {
                continue;
            }
            let typ = rd16(&e[2..4]);
            let (count, vo) = if big {
                (rd64(&e[4..12]), &e[12..20])
            } else {
                (rd32(&e[4..8]) as u64, &e[8..12])
            };
            let Some(ts) = type_size(typ) else {
                return Err(format!("tag {tag} has unknown field type {typ}"));
            };
            let size = count
                .checked_mul(ts)
                .filter(|&s| s <= src.len())
                .ok_or_else(|| {
                    format!("tag {tag} claims {count} values, more than the file holds")
                })?;
            let data = if size <= val_size {
                vo[..size as usize].to_vec()
            } else {
                let off = if big { rd64(vo) } else { rd32(vo) as u64 };
                src.bytes(off, size, &mut vscratch)
                    .map_err(|e| format!("tag {tag}: {e}"))?
                    .to_vec()
            };
            entries.insert(tag, Entry { typ, data });
        }
        Ok(Ifd { little, entries })
    }

    fn u16_at(&self, b: &[u8]) -> u16 {
        let a = [b[0], b[1]];
        if self.little {
            u16::from_le_bytes(a)
        } else {
            u16::from_be_bytes(a)
        }
    }

    fn u32_at(&self, b: &[u8]) -> u32 {
        let a = [b[0], b[1], b[2], b[3]];
        if self.little {
            u32::from_le_bytes(a)
        } else {
            u32::from_be_bytes(a)
        }
    }

    fn u64_at(&self, b: &[u8]) -> u64 {
        let a: [u8; 8] = b[..8].try_into().unwrap_or([0; 8]);
        if self.little {
            u64::from_le_bytes(a)
        } else {
            u64::from_be_bytes(a)
        }
    }

    /// Unsigned integer values of a tag (BYTE, SHORT, LONG, LONG8, IFD types).
    pub fn uints(&self, tag: u16) -> Result<Option<Vec<u64>>, String> {
        let Some(e) = self.entries.get(&tag) else {
            return Ok(None);
        };
        let d = &e.data;
        let v: Vec<u64> = match e.typ {
            1 | 7 => d.iter().map(|&b| b as u64).collect(),
            3 => d.chunks_exact(2).map(|c| self.u16_at(c) as u64).collect(),
            4 | 13 => d.chunks_exact(4).map(|c| self.u32_at(c) as u64).collect(),
            16 | 18 => d.chunks_exact(8).map(|c| self.u64_at(c)).collect(),
            t => {
                return Err(format!(
                    "tag {tag} has field type {t}, expected an unsigned integer"
                ))
            }
        };
        Ok(Some(v))
    }

    /// The first unsigned integer value of a tag.
    pub fn uint(&self, tag: u16) -> Result<Option<u64>, String> {
        Ok(self.uints(tag)?.and_then(|v| v.first().copied()))
    }

    /// Floating-point values of a tag (DOUBLE, FLOAT, RATIONAL, or integers).
    pub fn doubles(&self, tag: u16) -> Result<Option<Vec<f64>>, String> {
        let Some(e) = self.entries.get(&tag) else {
            return Ok(None);
        };
        let d = &e.data;
        let v: Vec<f64> = match e.typ {
            12 => d
                .chunks_exact(8)
                .map(|c| f64::from_bits(self.u64_at(c)))
                .collect(),
            11 => d
                .chunks_exact(4)
                .map(|c| f32::from_bits(self.u32_at(c)) as f64)
                .collect(),
            5 => d
                .chunks_exact(8)
                .map(|c| self.u32_at(&c[..4]) as f64 / self.u32_at(&c[4..]) as f64)
                .collect(),
            _ => {
                return Ok(self
                    .uints(tag)?
                    .map(|v| v.into_iter().map(|x| x as f64).collect()))
            }
        };
        Ok(Some(v))
    }

    /// An ASCII tag as text (up to the first NUL).
    pub fn ascii(&self, tag: u16) -> Option<String> {
        let e = self.entries.get(&tag)?;
        let end = e.data.iter().position(|&b| b == 0).unwrap_or(e.data.len());
        Some(String::from_utf8_lossy(&e.data[..end]).into_owned())
    }
}
