#!/usr/bin/env python3
"""Write the synthetic Geosoft grid fixtures of tests/data/geosoft/ (no real Oasis montaj sample
of these variants is public) with an implementation independent of lode's Rust code:

- lzrw1_i16.grd: 2-byte signed integers, ZBASE 1000, ZMULT 10, KX 1, LZRW1-compressed blocks
  of 4 vectors under compression type 2 (the number the Geosoft documentation gives LZRW1), the
  last block padded with dummies as the documentation says; one block stored verbatim (flag 1).
- colour.grd: a colour grid (ES 4, SF 3) of Geosoft colour words: RGB (model byte 2), CMY
  (model 3), transparent (0) and the unsigned dummy (0xFFFFFFFF).

Each NAME.grd comes with NAME.csv (easting,northing,value of every node; nan = no data), the
values a reader must return (colour: packed 0xRRGGBB as lode documents it).

LZRW1: R. N. Williams (1991), "An extremely fast Ziv-Lempel data compression algorithm",
DCC '91 — 4-byte flag, 16-bit little-endian control words (LSB first), literal bytes and
2-byte copy items [offset high nibble | length-1][offset low byte].

Usage: python3 tools/make_geosoft_fixtures.py [OUTDIR]   (default tests/data/geosoft)
"""

import math
import os
import struct
import sys

HEADER = 512
COMP_SIG = 0xF8E7D8C7
BLOCK_SIG = 0xFEFF0E0F


def lzrw1_compress(data: bytes) -> bytes:
    """Greedy LZRW1 with a 4096-slot hash table of last positions (Williams 1991)."""
    out = bytearray([0, 0, 0, 0])
    table = {}
    items = []  # (is_copy, bytes)
    p = 0
    while p < len(data):
        length, offset = 0, 0
        if len(data) - p >= 3:
            h = ((data[p] << 4) ^ data[p + 1]) << 4 ^ data[p + 2]
            slot = ((40543 * h) >> 4) & 0xFFF
            cand = table.get(slot)
            table[slot] = p
            if cand is not None and 0 < p - cand <= 4095:
                limit = min(16, len(data) - p)
                while length < limit and data[cand + length] == data[p + length]:
                    length += 1
                offset = p - cand
        if length >= 3:
            items.append((True, bytes([((offset >> 8) << 4) | (length - 1), offset & 0xFF])))
            p += length
        else:
            items.append((False, data[p:p + 1]))
            p += 1
    for g in range(0, len(items), 16):
        group = items[g:g + 16]
        control = sum(1 << i for i, (is_copy, _) in enumerate(group) if is_copy)
        out += struct.pack("<H", control)
        for _, b in group:
            out += b
    return bytes(out)


def header(es, sf, ne, nv, kx, de, dv, x0, y0, zbase, zmult, label):
    h = bytearray(HEADER)
    struct.pack_into("<5i", h, 0, es, sf, ne, nv, kx)
    struct.pack_into("<7d", h, 20, de, dv, x0, y0, 0.0, zbase, zmult)
    h[76:76 + len(label)] = label.encode()
    return h


def write_csv(path, nodes):
    with open(path, "w") as f:
        f.write("easting,northing,value\n")
        for x, y, v in nodes:
            f.write(f"{x!r},{y!r},{'nan' if v is None else repr(v)}\n")


def lzrw1_i16(outdir):
    ne, nv, vpb = 37, 11, 4
    de = dv = 50.0
    x0, y0 = 500000.0, 7000000.0
    zbase, zmult = 1000.0, 10.0
    dummy = -32767
    stored, nodes = [], []
    for v in range(nv):  # KX = 1: vector v is row v from the south, element e column e
        for e in range(ne):
            x, y = x0 + e * de, y0 + v * dv
            if (e - 30) ** 2 + (v - 8) ** 2 < 5:
                s = dummy
            else:
                r2 = ((e - 12) ** 2 + (v - 5) ** 2) / 40.0
                s = int(round(850 * math.exp(-r2) - 300 + 7 * e - 11 * v))
            stored.append(s)
            nodes.append((x, y, None if s == dummy else s / zmult + zbase))
    vb = ne * 2
    nb = -(-nv // vpb)
    blocks = []
    for b in range(nb):
        chunk = stored[b * vpb * ne:(b + 1) * vpb * ne]
        chunk += [dummy] * (vpb * ne - len(chunk))  # unused elements = dummies
        raw = struct.pack(f"<{len(chunk)}h", *chunk)
        assert len(raw) == vpb * vb
        comp = lzrw1_compress(raw) if b != 1 else bytes([1, 0, 0, 0]) + raw
        blocks.append(comp)
    out = header(1024 + 2, 1, ne, nv, 1, de, dv, x0, y0, zbase, zmult, "lzrw1 i16 test")
    out += struct.pack("<Iiii", COMP_SIG, 2, nb, vpb)
    off = HEADER + 16 + 12 * nb
    for blk in blocks:
        out += struct.pack("<q", off)
        off += 16 + len(blk)
    for blk in blocks:
        out += struct.pack("<i", 16 + len(blk))
    for blk in blocks:
        out += struct.pack("<IIii", BLOCK_SIG, 0x78563412, 2, 1) + blk
    with open(os.path.join(outdir, "lzrw1_i16.grd"), "wb") as f:
        f.write(out)
    write_csv(os.path.join(outdir, "lzrw1_i16.csv"), nodes)


def colour(outdir):
    ne, nv = 5, 4
    de, dv = 25.0, 30.0
    x0, y0 = 1000.0, 2000.0
    words, nodes = [], []
    for v in range(nv):
        for e in range(ne):
            k = v * ne + e
            r, g, b = (37 * k) % 256, (91 * k + 13) % 256, (53 * k + 200) % 256
            if k == 3:
                word, value = 0, None  # transparent
            elif k == 11:
                word, value = 0xFFFFFFFF, None  # unsigned dummy
            elif k % 4 == 1:  # CMY colour word: cyan = 255 - red, …
                word = (3 << 24) | ((255 - b) << 16) | ((255 - g) << 8) | (255 - r)
                value = (r << 16) | (g << 8) | b
            else:  # RGB colour word, bytes R, G, B, model 2
                word = (2 << 24) | (b << 16) | (g << 8) | r
                value = (r << 16) | (g << 8) | b
            words.append(word)
            nodes.append((x0 + e * de, y0 + v * dv, None if value is None else float(value)))
    out = header(4, 3, ne, nv, 1, de, dv, x0, y0, 0.0, 1.0, "colour test")
    out += struct.pack(f"<{len(words)}I", *words)
    with open(os.path.join(outdir, "colour.grd"), "wb") as f:
        f.write(out)
    write_csv(os.path.join(outdir, "colour.csv"), nodes)


if __name__ == "__main__":
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "..", "tests", "data", "geosoft")
    lzrw1_i16(outdir)
    colour(outdir)
