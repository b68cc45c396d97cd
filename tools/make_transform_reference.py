#!/usr/bin/env python3
"""Reference values for the lode FFT transforms (crates/lode-geophys/tests/transform_*.rs).

Builds a 128 x 96 total-field anomaly of two induced prisms (harmonica.prism_magnetic, field
I = 60 deg, D = 10 deg, 50 m cells) and writes to tests/data/transforms/:

* input.f32: the anomaly (nT), rounded to float32; everything below is computed from the
  rounded values so that lode reads exactly what Harmonica transformed;
* analytic fields from the forward model: pole_field.f32 (same prisms magnetised by and
  measured in a vertical field of the same intensity), upcont_analytic_200.f32 (anomaly 200 m
  higher), dz_analytic.f32 (downward derivative by central differences of the forward model,
  dz = 1 m);
* Harmonica outputs after xrft.pad(grid, {"northing": 32, "easting": 42}, mode=MODE) and
  xrft.unpad: hm_<mode>_<name>.f32 for mode linear_ramp (all transforms) and constant
  (rtp, dz, upcont).

Every .f32 file is little-endian float32, row-major, 96 rows x 128 columns, row 0 = north
(lode's order; Harmonica's arrays are flipped). meta.json records the parameters.

Run: .venv/bin/python tools/make_transform_reference.py
"""

import json
import pathlib

import harmonica as hm
import numpy as np
import xarray as xr
import xrft

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "transforms"
NX, NY, SP = 128, 96, 50.0
X0, Y0 = 500000.0, 7000000.0  # outer south-west corner
INC, DEC = 60.0, 10.0
REM_INC, REM_DEC = -30.0, 40.0
PAD = {"northing": NY // 3, "easting": NX // 3}
H_UP = 200.0
WL = 1000.0

PRISMS = np.array(
    [
        [X0 + 2000, X0 + 2600, Y0 + 1800, Y0 + 2600, -900.0, -150.0],
        [X0 + 3800, X0 + 4300, Y0 + 2400, Y0 + 3200, -600.0, -100.0],
    ]
)


def coords(height=0.0):
    e = X0 + SP * (np.arange(NX) + 0.5)
    n = Y0 + SP * (np.arange(NY) + 0.5)
    E, N = np.meshgrid(e, n)
    return e, n, (E, N, np.full_like(E, height))


def tfa(inc, dec, height=0.0):
    _, _, c = coords(height)
    m = np.array(hm.magnetic_angles_to_vec(1.0, inc, dec))
    mag = tuple(np.full(len(PRISMS), x) for x in m)
    b = hm.prism_magnetic(c, PRISMS, mag, field="b")
    return hm.total_field_anomaly(b, inc, dec)


def save(name, arr_north_up_ascending):
    """arr is in Harmonica order (row 0 = south); write lode order (row 0 = north)."""
    a = np.flipud(np.asarray(arr_north_up_ascending, dtype=np.float64)).astype("<f4")
    a.tofile(OUT / f"{name}.f32")


def run():
    OUT.mkdir(parents=True, exist_ok=True)
    e, n, _ = coords()
    field = tfa(INC, DEC).astype(np.float32).astype(np.float64)
    save("input", field)
    save("pole_field", tfa(90.0, DEC))
    save("upcont_analytic_200", tfa(INC, DEC, H_UP))
    save("dz_analytic", -(tfa(INC, DEC, 1.0) - tfa(INC, DEC, -1.0)) / 2.0)
    _, _, c = coords()
    save("gz_density1000", hm.prism_gravity(c, PRISMS, np.full(len(PRISMS), 1000.0), field="g_z"))

    grid = xr.DataArray(field, coords={"northing": n, "easting": e}, dims=("northing", "easting"))
    ops = {
        "rtp": lambda g: hm.reduction_to_pole(g, INC, DEC),
        "rtp_remanent": lambda g: hm.reduction_to_pole(g, INC, DEC, REM_INC, REM_DEC),
        "dz": lambda g: hm.derivative_upward(g),
        "dx": lambda g: hm.derivative_easting(g),
        "dy": lambda g: hm.derivative_northing(g),
        "dx_fft": lambda g: hm.derivative_easting(g, method="fft"),
        "upcont": lambda g: hm.upward_continuation(g, H_UP),
        "gauss_lp": lambda g: hm.gaussian_lowpass(g, WL),
        "gauss_hp": lambda g: hm.gaussian_highpass(g, WL),
        "tga": lambda g: hm.total_gradient_amplitude(g),
        "tilt": lambda g: hm.tilt_angle(g),
    }
    modes = {"linear_ramp": list(ops), "constant": ["rtp", "dz", "upcont"]}
    for mode, names in modes.items():
        kw = {} if mode == "constant" else {"constant_values": None}
        padded = xrft.pad(grid, PAD, mode=mode, **kw)
        for name in names:
            out = xrft.unpad(ops[name](padded), PAD)
            save(f"hm_{mode}_{name}", out.values)
    meta = {
        "cols": NX,
        "rows": NY,
        "cell": SP,
        "x0": X0,
        "y0_top": Y0 + NY * SP,
        "inc": INC,
        "dec": DEC,
        "rem_inc": REM_INC,
        "rem_dec": REM_DEC,
        "pad_rows": PAD["northing"],
        "pad_cols": PAD["easting"],
        "upcont_height": H_UP,
        "gauss_wavelength": WL,
        "prisms": PRISMS.tolist(),
        "harmonica": hm.__version__,
        "xrft": xrft.__version__,
    }
    (OUT / "meta.json").write_text(json.dumps(meta, indent=1) + "\n")


if __name__ == "__main__":
    run()
