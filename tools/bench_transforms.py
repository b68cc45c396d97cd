#!/usr/bin/env python3
"""Harmonica side of tools/bench_transforms.sh: time reduction_to_pole, derivative_upward,
tilt_angle, total_gradient_amplitude and upward_continuation on the same synthetic N x N grid
as crates/lode-geophys/examples/bench_transforms.rs, with xrft.pad(mode="linear_ramp", N/4
cells per side) and xrft.unpad included in each time.

Usage: bench_transforms.py N
"""

import sys
import time
import warnings

import harmonica as hm
import numpy as np
import xarray as xr
import xrft

warnings.filterwarnings("ignore")


def synthetic(n):
    s = float(n)
    u = np.arange(n) / s
    U, W = np.meshgrid(u, u)
    v = 20.0 * U
    for cx, cy, sg, a in [(0.3, 0.4, 0.05, 300.0), (0.6, 0.7, 0.08, -150.0), (0.75, 0.25, 0.03, 500.0)]:
        v = v + a * np.exp(-((U - cx) ** 2 + (W - cy) ** 2) / (2 * sg * sg))
    # lode's row 0 is north; Harmonica's row 0 is south: flip so both see the same map
    return np.flipud(v)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 4096
    e = 25.0 + 50.0 * np.arange(n)
    grid = xr.DataArray(synthetic(n), coords={"northing": e, "easting": e}, dims=("northing", "easting"))
    pad = {"northing": n // 4, "easting": n // 4}
    ops = {
        "rtp": lambda g: hm.reduction_to_pole(g, -60.0, 10.0),
        "dz": lambda g: hm.derivative_upward(g),
        "tilt": lambda g: hm.tilt_angle(g),
        "as": lambda g: hm.total_gradient_amplitude(g),
        "upcont": lambda g: hm.upward_continuation(g, 500.0),
    }
    for name, f in ops.items():
        t = time.perf_counter()
        padded = xrft.pad(grid, pad, mode="linear_ramp", constant_values=None)
        out = xrft.unpad(f(padded), pad)
        s = time.perf_counter() - t
        print(f"harmonica {name}: {s:.3f} s checksum {float(out.mean()):.6e}", flush=True)


if __name__ == "__main__":
    main()
