#!/bin/sh
# Reference zero contours for the lineament tests: a synthetic field (sum of Gaussians, values
# rounded to f32 so lode and GDAL read identical numbers) on a 90 × 70 grid of 25 m cells,
# written as ESRI ASCII, contoured at 0 by GDAL's gdal_contour (marching squares over the
# cell centres, as lode_geophys::lineaments::contour).
# Usage: tools/make_lineament_reference.sh  (needs GDAL and the venv's numpy)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
out="$here/tests/data/lineaments"
py="${LODE_PYTHON:-$here/.venv/bin/python}"
mkdir -p "$out"
"$py" - "$out/field.asc" <<'PY'
import sys
import numpy as np
nx, ny, d, x0, y0 = 90, 70, 25.0, 300000.0, 6200000.0
x = x0 + (np.arange(nx) + 0.5) * d
y = y0 + ny * d - (np.arange(ny) + 0.5) * d
X, Y = np.meshgrid(x, y)
bodies = [(300600.0, 6201200.0, 300.0, 1.0), (301500.0, 6200800.0, 200.0, -0.8),
          (301900.0, 6201500.0, 350.0, 0.6), (300900.0, 6200400.0, 150.0, -0.5)]
f = np.full(X.shape, -0.1)
for bx, by, s, a in bodies:
    f += a * np.exp(-((X - bx) ** 2 + (Y - by) ** 2) / (2 * s * s))
f = f.astype(np.float32)
with open(sys.argv[1], "w") as fh:
    fh.write(f"ncols {nx}\nnrows {ny}\nxllcorner {x0}\nyllcorner {y0}\ncellsize {d}\n")
    for row in f:
        fh.write(" ".join(repr(float(v)) for v in row) + "\n")
PY
rm -f "$out/zero_gdal.geojson"
gdal_contour --config AAIGRID_DATATYPE Float32 -fl 0 -f GeoJSON "$out/field.asc" "$out/zero_gdal.geojson"
echo "wrote $out/field.asc and $out/zero_gdal.geojson ($(gdalinfo --version))"
