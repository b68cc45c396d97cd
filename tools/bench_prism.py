#!/usr/bin/env python3
"""Prism forward-modelling benchmark, the Harmonica side (see tools/bench_prism.sh).

  bench_prism.py model OUT.csv block|random N   write a model (lode forward CSV layout)
  bench_prism.py run MODEL.csv NX NY HEIGHT [gz] time harmonica g_z and total-field anomaly
                                                 (g_z only with `gz`)

`run` uses the same observation points as the Rust example bench_prism (the nodes of the model's
horizontal extent, NX x NY, at HEIGHT) and numba-parallel Harmonica, JIT-compiled by a first
small call that is not timed.
"""
import sys
import time

import numpy as np


def make_model(out, kind, n):
    rng = np.random.default_rng(7)
    rows = []
    if kind == "block":
        # nx x ny x nz voxet of 50 m cells with n = nx*ny*nz prisms
        nx, ny = 25, 20
        nz = n // (nx * ny)
        for k in range(nz):
            for j in range(ny):
                for i in range(nx):
                    w, s, t = i * 50.0, j * 50.0, -50.0 - k * 50.0
                    rho = float(rng.normal(0, 200))
                    chi = float(abs(rng.normal(0, 0.01)))
                    rows.append((w, w + 50, s, s + 50, t - 50, t, rho, chi))
    else:
        for _ in range(n):
            x, y = rng.uniform(0, 1250), rng.uniform(0, 1000)
            z = rng.uniform(-1000, -100)
            a, b, c = rng.uniform(5, 80, size=3)
            rows.append((x, x + a, y, y + b, z - c, z, float(rng.normal(0, 200)),
                         float(abs(rng.normal(0, 0.01)))))
    with open(out, "w") as f:
        f.write("west,east,south,north,bottom,top,density,susceptibility\n")
        for r in rows:
            f.write(",".join(repr(float(v)) for v in r) + "\n")


def run(model, nx, ny, h, gz_only=False):
    import harmonica as hm

    m = np.loadtxt(model, delimiter=",", skiprows=1)
    prisms, rho, chi = m[:, :6], m[:, 6], m[:, 7]
    w, e, s, n = prisms[:, 0].min(), prisms[:, 1].max(), prisms[:, 2].min(), prisms[:, 3].max()
    xx, yy = np.meshgrid(np.linspace(w, e, nx), np.linspace(s, n, ny))
    coords = (xx.ravel(), yy.ravel(), np.full(xx.size, h))
    inc, dec, f = -60.0, 5.0, 55_000.0
    fe, fn, fu = hm.magnetic_angles_to_vec(1.0, inc, dec)
    k = chi * f * 1e-9 / 1.25663706212e-06
    mag = (k * fe, k * fn, k * fu)
    small = tuple(c[:10] for c in coords)
    hm.prism_gravity(small, prisms[:5], rho[:5], field="g_z")  # JIT
    hm.prism_magnetic(small, prisms[:5], tuple(v[:5] for v in mag), field="b")  # JIT
    t0 = time.perf_counter()
    g = hm.prism_gravity(coords, prisms, rho, field="g_z")
    tg = time.perf_counter() - t0
    t1 = time.perf_counter()
    if gz_only:
        dt = np.full(g.size, np.nan)
    else:
        be, bn, bu = hm.prism_magnetic(coords, prisms, mag, field="b")
        dt = be * fe + bn * fn + bu * fu
    tm = time.perf_counter() - t1
    mid = g.size // 2
    import numba
    print(f"harmonica {hm.__version__}: {len(prisms)} prisms x {g.size} points: g_z {tg:.3f} s, "
          f"dT {tm:.3f} s; g_z[0]={g[0]:.12e} g_z[mid]={g[mid]:.12e} sum={g.sum():.12e}; "
          f"dT[0]={dt[0]:.12e} dT[mid]={dt[mid]:.12e} sum={dt.sum():.12e}; "
          f"threads={numba.get_num_threads()}")


if __name__ == "__main__":
    if sys.argv[1] == "model":
        make_model(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        run(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]),
            len(sys.argv) > 6 and sys.argv[6] == "gz")
