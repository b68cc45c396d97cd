#!/usr/bin/env python3
"""Harmonica reference for lode's transforms on real data: the BGS Britain aeromagnetic cut
(tests/data/gridding/britain_cut_utm30n.csv) gridded by lode at 1 km (tension 0.25, the
region of the GMT reference), then reduced to the pole, vertically differentiated and
continued upward 2 km by Harmonica with xrft linear-ramp padding of a third of each side.
The inducing field is IGRF-14 from ppigrf at the cut's centre on 1960-01-01 (the surveys date
from the late 1950s–60s).

Writes tests/data/transforms_britain/: grid.f32 (lode's grid), hm_rtp.f32, hm_dz.f32,
hm_upcont.f32 (little-endian float32, row 0 = north) and meta.json.
Run: .venv/bin/python tools/make_britain_transform_reference.py (needs target/release/lode).
"""

import datetime
import json
import pathlib
import subprocess
import tempfile

import harmonica as hm
import numpy as np
import ppigrf
import xarray as xr
import xrft

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "transforms_britain"
LODE = ROOT / "target" / "release" / "lode"


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        asc = pathlib.Path(tmp) / "g.asc"
        subprocess.run(
            [str(LODE), "grid", str(ROOT / "tests/data/gridding/britain_cut_utm30n.csv"), str(asc),
             "--z", "tmi_nt", "--cell", "1000", "--region=530000,590000,5900000,5955000"],
            check=True, capture_output=True)
        lines = [l for l in asc.read_text().split("\n") if l.strip()]
        nh = next(i for i, l in enumerate(lines) if not l.split()[0][0].isalpha())
        hdr = {l.split()[0].lower(): float(l.split()[1]) for l in lines[:nh]}
        ncols, nrows = int(hdr["ncols"]), int(hdr["nrows"])
        vals = np.array([[float(v) for v in l.split()] for l in lines[nh:nh + nrows]])
    x0, y0, h = hdr["xllcorner"], hdr["yllcorner"], hdr["cellsize"]
    e = x0 + h * (np.arange(ncols) + 0.5)
    n = y0 + h * (np.arange(nrows) + 0.5)
    grid_north_first = vals.astype(np.float32).astype(np.float64)
    grid_north_first.astype("<f4").tofile(OUT / "grid.f32")
    g = xr.DataArray(np.flipud(grid_north_first), coords={"northing": n, "easting": e},
                     dims=("northing", "easting"))
    lon, lat = -2.1, 53.47
    be, bn, bu = ppigrf.igrf(lon, lat, 0.0, datetime.datetime(1960, 1, 1))
    be, bn, bu = float(np.squeeze(be)), float(np.squeeze(bn)), float(np.squeeze(bu))
    inc = float(np.degrees(np.arctan2(-bu, np.hypot(be, bn))))
    dec = float(np.degrees(np.arctan2(be, bn)))
    pad = {"northing": nrows // 3, "easting": ncols // 3}
    padded = xrft.pad(g, pad, mode="linear_ramp", constant_values=None)
    outs = {
        "hm_rtp": hm.reduction_to_pole(padded, inc, dec),
        "hm_dz": hm.derivative_upward(padded),
        "hm_upcont": hm.upward_continuation(padded, 2000.0),
    }
    for name, da in outs.items():
        np.flipud(xrft.unpad(da, pad).values).astype("<f4").tofile(OUT / f"{name}.f32")
    meta = {"cols": ncols, "rows": nrows, "cell": h, "x0": x0, "y0_top": y0 + nrows * h,
            "inc": inc, "dec": dec, "pad_rows": pad["northing"], "pad_cols": pad["easting"],
            "upcont_height": 2000.0, "harmonica": hm.__version__, "xrft": xrft.__version__}
    (OUT / "meta.json").write_text(json.dumps(meta, indent=1) + "\n")
    print(meta)


if __name__ == "__main__":
    main()
