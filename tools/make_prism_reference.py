#!/usr/bin/env python3
"""Prism gravity and magnetic reference values from Harmonica for lode's prism tests.

Writes tests/data/prism/prisms.csv (west,east,south,north,bottom,top,density,mag_e,mag_n,mag_u)
and tests/data/prism/harmonica_reference.csv (prism,easting,northing,upward,g_z,b_e,b_n,b_u):
prism = 1..N for the field of that prism alone, 0 for the sum of all prisms.
g_z from harmonica.prism_gravity(field="g_z") in mGal (positive down); b_e, b_n, b_u from
harmonica.prism_magnetic(field="b") in nT. Observation points include tricky places: above
corners (on vertical edge extensions), on horizontal edge extensions, level with faces, on faces
and edges, inside (Harmonica gives NaN for the magnetic field on edges and inside), below, far away.

Usage: .venv/bin/python tools/make_prism_reference.py
"""
import csv
import os

import harmonica as hm
import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "data", "prism")
os.makedirs(OUT, exist_ok=True)

prisms = np.array([
    [-34.0, 5.0, -18.0, 14.0, -345.0, -146.0],
    [0.0, 1000.0, 0.0, 500.0, -600.0, -100.0],
    [-10.0, 10.0, -2000.0, 2000.0, -50.0, -30.0],
    [5000.0, 8000.0, -3000.0, 1000.0, -5000.0, -2000.0],
    [100.0, 200.0, 100.0, 200.0, 50.0, 80.0],
])
density = np.array([2670.0, -300.0, 500.0, 150.0, 3300.0])
mag = np.array([
    [1.0, 0.5, -2.0],
    [0.0, 0.0, 3.0],
    [2.5, -1.0, 0.3],
    [-0.2, 1.2, -0.8],
    [0.7, 0.7, 0.7],
])

rng = np.random.default_rng(42)


def points_for(p):
    w, e, s, n, b, t = p
    cx, cy, cz = (w + e) / 2, (s + n) / 2, (b + t) / 2
    L = max(e - w, n - s, t - b)
    pts = [
        # above corners = on the extension of vertical edges
        (w, s, t + 10), (e, n, t + 0.37 * L), (w, n, t + 2 * L), (e, s, t + 1.0),
        # below corners
        (w, s, b - 25), (e, n, b - L),
        # on the extension of horizontal edges
        (w - 50, s, t), (e + 0.3 * L, n, b), (w, n + 40, t), (e, s - L, b),
        (cx, s, t + 0.0), (w - 3 * L, n, t),
        # level with faces (in face planes, outside the prism)
        (w - 100, s - 50, t), (e + 20, cy, cz), (cx, n + 30, cz), (cx, cy, b - 0.0) ,
        (w - 1.0, cy, cz), (cx, s - 1.0, cz), (cx + 0.1 * L, cy, t + 1e-6 * L),
        # on faces (magnetic: limit from outside)
        (cx, cy, t), (e, cy, cz), (cx, n, cz), (w, cy + 0.1 * (n - s), cz), (cx, s, cz), (cx, cy, b),
        # on edges (not vertices)
        (cx, s, t), (e, cy, b), (w, n, cz), (e, n, cz + 0.2 * (t - b)),
        # inside (magnetic: NaN in Harmonica)
        (cx, cy, cz), (w + 0.1 * (e - w), s + 0.8 * (n - s), b + 0.3 * (t - b)),
        # far away: 20 and 50 times the size
        (cx + 20 * L, cy, cz), (cx, cy - 20 * L, cz + 5 * L), (cx, cy, cz + 50 * L),
        (cx + 30 * L, cy + 30 * L, cz - 30 * L),
    ]
    for _ in range(66):
        pts.append((cx + rng.uniform(-2, 2) * L, cy + rng.uniform(-2, 2) * L,
                    cz + rng.uniform(-2, 2) * L))
    # a few above the prism at survey height
    for _ in range(6):
        pts.append((cx + rng.uniform(-1, 1) * L, cy + rng.uniform(-1, 1) * L, t + 0.5 * L))
    return np.array(pts, dtype=float)


def fields(pts, pr, rho, m):
    coords = (pts[:, 0], pts[:, 1], pts[:, 2])
    gz = hm.prism_gravity(coords, pr, rho, field="g_z", parallel=False)
    be, bn, bu = hm.prism_magnetic(coords, pr, (m[:, 0], m[:, 1], m[:, 2]), field="b", parallel=False)
    return gz, be, bn, bu


with open(os.path.join(OUT, "prisms.csv"), "w", newline="") as f:
    wr = csv.writer(f)
    wr.writerow(["west", "east", "south", "north", "bottom", "top", "density", "mag_e", "mag_n", "mag_u"])
    for p, d, m in zip(prisms, density, mag):
        wr.writerow([repr(float(x)) for x in list(p) + [d] + list(m)])

rows = []
all_pts = []
for i, p in enumerate(prisms):
    pts = points_for(p)
    gz, be, bn, bu = fields(pts, p[np.newaxis, :], density[i:i + 1], mag[i:i + 1])
    for k in range(len(pts)):
        rows.append([i + 1, *pts[k], gz[k], be[k], bn[k], bu[k]])
    all_pts.append(pts[::4])
all_pts = np.concatenate(all_pts)
# the union must avoid the vertices and the interiors of all the other prisms
keep = []
for q in all_pts:
    bad = False
    for p in prisms:
        inside = p[0] <= q[0] <= p[1] and p[2] <= q[1] <= p[3] and p[4] <= q[2] <= p[5]
        bad |= inside
    keep.append(not bad)
all_pts = all_pts[np.array(keep)]
gz, be, bn, bu = fields(all_pts, prisms, density, mag)
for k in range(len(all_pts)):
    rows.append([0, *all_pts[k], gz[k], be[k], bn[k], bu[k]])

# Harmonica (choclo) returns NaN for the magnetic field on edges and inside a prism; kept as "nan".
assert all(np.isfinite(r[4]) for r in rows), "non-finite g_z"
with open(os.path.join(OUT, "harmonica_reference.csv"), "w", newline="") as f:
    wr = csv.writer(f)
    wr.writerow(["prism", "easting", "northing", "upward", "g_z", "b_e", "b_n", "b_u"])
    for r in rows:
        wr.writerow([r[0]] + [repr(float(x)) for x in r[1:]])
print(f"harmonica {hm.__version__}: wrote {len(rows)} rows")
