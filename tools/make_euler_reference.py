"""Reference Euler deconvolution solutions from Harmonica for lode's Euler solver.

Writes tests/data/euler/harmonica_field.csv (a 40 x 40 grid of the total-field anomaly of two
prisms at 50 m spacing, observation height 0 m up, with Harmonica's derivatives: easting and
northing by xarray central differences, upward by FFT) and harmonica_windows.csv (for a few
10 x 10 windows and structural indices: row0, col0, size, si, x0, y0, z0 (upward), base and
the covariance diagonal of harmonica.EulerDeconvolution.fit).

Run: /work/main/.venv/bin/python tools/make_euler_reference.py

Benchmark mode (docs/BENCHMARKS.md): `... make_euler_reference.py --bench GRID.npy SPACING
WINDOW STRIDE NWIN` times Harmonica's derivatives over the whole grid (row 0 = north) and
EulerDeconvolution over the first NWIN windows at the given stride, and prints the time
extrapolated to all windows.
"""
import os
import sys
import time

import harmonica as hm
import numpy as np
import verde as vd
import xarray as xr

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "data", "euler")


def main():
    os.makedirs(OUT, exist_ok=True)
    region = (0.0, 1950.0, 0.0, 1950.0)
    spacing = 50.0
    easting, northing, upward = vd.grid_coordinates(region, spacing=spacing, extra_coords=0.0)
    prisms = [
        [900.0, 1000.0, 800.0, 1100.0, -600.0, -250.0],
        [300.0, 380.0, 300.0, 380.0, -420.0, -340.0],
    ]
    inc, dec = 90.0, 0.0
    mag = [hm.magnetic_angles_to_vec(2.0, inc, dec), hm.magnetic_angles_to_vec(5.0, inc, dec)]
    mag = np.array(mag).T
    be, bn, bu = hm.prism_magnetic((easting, northing, upward), prisms, mag, field="b")
    fe, fn, fu = hm.magnetic_angles_to_vec(1.0, inc, dec)
    tfa = be * fe + bn * fn + bu * fu
    grid = vd.make_xarray_grid((easting, northing), tfa, data_names="tfa", extra_coords_names="upward").tfa
    d_e = hm.derivative_easting(grid)
    d_n = hm.derivative_northing(grid)
    pad = 20
    padded = grid.pad(easting=pad, northing=pad, mode="reflect")
    coords = {
        "easting": np.arange(padded.shape[1]) * spacing + region[0] - pad * spacing,
        "northing": np.arange(padded.shape[0]) * spacing + region[2] - pad * spacing,
    }
    padded = padded.assign_coords(coords)
    d_u = hm.derivative_upward(padded).isel(
        easting=slice(pad, -pad), northing=slice(pad, -pad)
    )
    f = grid.values
    de, dn, du = d_e.values, d_n.values, d_u.values
    ny, nx = f.shape
    with open(os.path.join(OUT, "harmonica_field.csv"), "w") as fh:
        fh.write("row,col,easting,northing,upward,field,d_east,d_north,d_up\n")
        for r in range(ny):
            for c in range(nx):
                fh.write(
                    f"{r},{c},{easting[r, c]:.17g},{northing[r, c]:.17g},{upward[r, c]:.17g},"
                    f"{f[r, c]:.17g},{de[r, c]:.17g},{dn[r, c]:.17g},{du[r, c]:.17g}\n"
                )
    windows = [(10, 14, 10, 1), (15, 13, 10, 1), (2, 2, 10, 3), (6, 6, 10, 2), (0, 0, 40, 3), (20, 25, 12, 1)]
    with open(os.path.join(OUT, "harmonica_windows.csv"), "w") as fh:
        fh.write("row0,col0,size,si,x0,y0,z0,base,var_x0,var_y0,var_z0,var_base\n")
        for r0, c0, size, si in windows:
            sl = (slice(r0, r0 + size), slice(c0, c0 + size))
            euler = hm.EulerDeconvolution(structural_index=si)
            euler.fit(
                (easting[sl], northing[sl], upward[sl]),
                (f[sl], de[sl], dn[sl], du[sl]),
            )
            x0, y0, z0 = euler.location_
            cv = np.diag(euler.covariance_)
            fh.write(
                f"{r0},{c0},{size},{si},{x0:.17g},{y0:.17g},{z0:.17g},{euler.base_level_:.17g},"
                + ",".join(f"{v:.17g}" for v in cv)
                + "\n"
            )


def bench(path, spacing, window, stride, nwin):
    f = np.load(path)[::-1]  # row 0 south, as verde grids
    ny, nx = f.shape
    e = np.arange(nx) * spacing
    nn = np.arange(ny) * spacing
    grid = xr.DataArray(f, coords={"northing": nn, "easting": e}, dims=("northing", "easting"))
    t0 = time.perf_counter()
    de = hm.derivative_easting(grid).values
    dn = hm.derivative_northing(grid).values
    du = hm.derivative_upward(grid.pad(easting=32, northing=32, mode="reflect").assign_coords(
        easting=np.arange(nx + 64) * spacing, northing=np.arange(ny + 64) * spacing
    )).values[32:-32, 32:-32]
    t_deriv = time.perf_counter() - t0
    E, N = np.meshgrid(e, nn)
    U = np.zeros_like(E)
    origins = [(r, c) for r in range(0, ny - window + 1, stride) for c in range(0, nx - window + 1, stride)]
    t0 = time.perf_counter()
    for r, c in origins[:nwin]:
        sl = (slice(r, r + window), slice(c, c + window))
        hm.EulerDeconvolution(structural_index=3).fit((E[sl], N[sl], U[sl]), (f[sl], de[sl], dn[sl], du[sl]))
    t_win = time.perf_counter() - t0
    per = t_win / min(nwin, len(origins))
    print(f"derivatives {t_deriv:.2f} s; {min(nwin, len(origins))} windows {t_win:.2f} s "
          f"({per * 1e6:.0f} us/window); {len(origins)} windows extrapolated: {per * len(origins) + t_deriv:.1f} s")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--bench":
        bench(sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]))
    else:
        main()
