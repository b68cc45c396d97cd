#!/usr/bin/env python3
"""Build the synthetic delivery in tests/data/qc/delivery/ used by the `lode qc` end-to-end tests.

Plain Python (no packages): deterministic values from a fixed LCG, so re-running gives identical
files. The .prj is the ESRI WKT of EPSG:32755 (WGS 84 / UTM zone 55S) as printed by
`gdalsrsinfo -o wkt_esri EPSG:32755` (GDAL 3.x).

Contents (the known answers the test checks):
- mag_grid.asc + .prj: 40 x 30 cells of 100 m over the survey, one spike (+60 nT) at column 12,
  row 9 (0-based, row 0 = north); cell 100 m = 1/2 of the 200 m line spacing of lines.csv.
- lines.csv: 12 east-west lines 200 m apart, 20 m samples, alternate lines shifted by +/-2 nT
  (a levelling error), one spike (+8 nT) on line L1050 at its 51st point, no CRS.
- far.asc + .prj: a 12 x 12 grid 300 km east of the survey (overlaps nothing).
- broken.asc: an ESRI ASCII header announcing 10 x 10 cells followed by only 3 rows.
"""

import math
import os
import subprocess

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "data", "qc", "delivery")
X0, Y0 = 500_000.0, 6_000_000.0


class Lcg:
    def __init__(self, seed):
        self.s = seed

    def next(self):
        self.s = (self.s * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        return (self.s >> 11) / float(1 << 53) - 0.5


def field(x, y):
    bumps = [
        (1200.0, 900.0, 500.0, 120.0),
        (2600.0, 2200.0, 700.0, -80.0),
        (3400.0, 800.0, 400.0, 60.0),
        (900.0, 2700.0, 600.0, 90.0),
    ]
    v = 0.002 * x - 0.001 * y
    for cx, cy, s, a in bumps:
        v += a * math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * s * s))
    return v


def write_asc(path, cols, rows, x0, y0, cell, values):
    with open(path, "w", newline="\n") as f:
        f.write(f"ncols {cols}\nnrows {rows}\nxllcorner {x0:.1f}\nyllcorner {y0:.1f}\n")
        f.write(f"cellsize {cell:.1f}\nNODATA_value -99999\n")
        for r in range(rows):
            f.write(" ".join(f"{values[r * cols + c]:.3f}" for c in range(cols)) + "\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    prj = subprocess.run(
        ["gdalsrsinfo", "-o", "wkt_esri", "EPSG:32755"], check=True, capture_output=True, text=True
    ).stdout.strip()
    rng = Lcg(3)

    cols, rows, cell = 40, 30, 100.0
    vals = []
    for r in range(rows):
        for c in range(cols):
            x = (c + 0.5) * cell
            y = (rows - r - 0.5) * cell
            vals.append(field(x, y) + 0.05 * rng.next())
    vals[9 * cols + 12] += 60.0
    write_asc(os.path.join(OUT, "mag_grid.asc"), cols, rows, X0, Y0, cell, vals)
    with open(os.path.join(OUT, "mag_grid.prj"), "w") as f:
        f.write(prj + "\n")

    with open(os.path.join(OUT, "lines.csv"), "w", newline="\n") as f:
        f.write("LINE,FID,X,Y,MAG\n")
        fid = 0
        for k in range(12):
            y = 500.0 + 200.0 * k
            shift = 2.0 if k % 2 == 0 else -2.0
            name = f"L{1000 + 10 * k}"
            for i in range(201):
                x = 20.0 * i + 0.5 * rng.next()
                yy = y + 1.0 * rng.next()
                v = field(x, yy) + shift + 0.05 * rng.next()
                if name == "L1050" and i == 50:
                    v += 8.0
                f.write(f"{name},{fid},{X0 + x:.2f},{Y0 + yy:.2f},{v:.3f}\n")
                fid += 1

    far = [field(150.0 * (i % 12), 150.0 * (i // 12)) + 0.05 * rng.next() for i in range(144)]
    write_asc(os.path.join(OUT, "far.asc"), 12, 12, X0 + 300_000.0, Y0, 100.0, far)
    with open(os.path.join(OUT, "far.prj"), "w") as f:
        f.write(prj + "\n")

    with open(os.path.join(OUT, "broken.asc"), "w", newline="\n") as f:
        f.write("ncols 10\nnrows 10\nxllcorner 500000\nyllcorner 6000000\ncellsize 100\n")
        f.write("NODATA_value -99999\n")
        for r in range(3):
            f.write(" ".join("1.0" for _ in range(10)) + "\n")


if __name__ == "__main__":
    main()
