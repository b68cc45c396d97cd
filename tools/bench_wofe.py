"""eis-toolkit side of the weights-of-evidence benchmark (tools/bench_wofe.sh, docs/BENCHMARKS.md).

Usage: bench_wofe.py DIR [LODE_OUT]

Runs eis-toolkit's weights_of_evidence_calculate_weights on DIR/ev1.tif (ascending),
ev2.tif (descending), ev3.tif (ascending) and ev4.tif (categorical) with
DIR/deposits.geojson (studentised-contrast threshold 1, 5 for the categorical pooling; eis-toolkit's defaults
otherwise), then
weights_of_evidence_calculate_responses, in one run, and prints the wall time of each step and
the total. With LODE_OUT (a `lode wofe` output directory for the same inputs, run with
--generalize max-contrast-if:1 --pool-threshold 5 --round-weights 4 --unit-cell-km2 0.01,
so that a unit cell is one 100 m pixel as in eis-toolkit), compares the posterior
and its standard deviation cell by cell and prints the largest differences.

eis-toolkit 1.1.6 declares Python < 3.11; it is installed here with
`pip install --no-deps --ignore-requires-python eis_toolkit` plus rasterio, geopandas and
beartype, which is all its weights-of-evidence module imports.
"""
import os
import sys
import time
import warnings

import geopandas as gpd
import numpy as np
import rasterio
from eis_toolkit.prediction.weights_of_evidence import (
    weights_of_evidence_calculate_responses,
    weights_of_evidence_calculate_weights,
)

KINDS = ["ascending", "descending", "ascending", "categorical"]
# Studentised-contrast threshold per layer: cumulative generalisation at 1; lithology classes
# with |C/s(C)| < 5 pooled (eis-toolkit refuses a categorical layer where nothing is pooled).
THRESHOLDS = [1, 1, 1, 5]


def main():
    d = sys.argv[1]
    lode_out = sys.argv[2] if len(sys.argv) > 2 else None
    warnings.simplefilter("ignore")
    t = time.perf_counter()
    for k in range(len(KINDS)):
        with rasterio.open(os.path.join(d, f"ev{k + 1}.tif")) as src:
            src.read(1)
    print(f"rasterio read of the 4 layers alone {time.perf_counter() - t:.3f} s")
    t_all = time.perf_counter()
    deposits = gpd.read_file(os.path.join(d, "deposits.geojson"))
    dep_epsg = deposits.crs.to_epsg()
    outputs, dfs = [], []
    for k, kind in enumerate(KINDS):
        t = time.perf_counter()
        with rasterio.open(os.path.join(d, f"ev{k + 1}.tif")) as src:
            # Same EPSG code, but eis-toolkit compares rasterio's and pyproj's CRS objects,
            # which differ in form: give the points the raster's own WKT.
            assert src.crs.to_epsg() == dep_epsg
            deposits = deposits.set_crs(src.crs.to_wkt(), allow_override=True)
            df, arrays, _, n_dep, n_pix = weights_of_evidence_calculate_weights(
                src, deposits, weights_type=kind, studentized_contrast_threshold=THRESHOLDS[k]
            )
        if os.environ.get("BENCH_WOFE_VERBOSE"):
            print(df.to_string())
        outputs.append(arrays)
        dfs.append(df)
        print(f"eis weights ev{k + 1} ({kind}) {time.perf_counter() - t:.3f} s", flush=True)
    t = time.perf_counter()
    post, std, conf = weights_of_evidence_calculate_responses(outputs, dfs[0])
    print(f"eis responses {time.perf_counter() - t:.3f} s")
    print(f"eis total {time.perf_counter() - t_all:.3f} s (deposits {n_dep}, cells {n_pix})")
    if lode_out:
        with rasterio.open(os.path.join(lode_out, "posterior.tif")) as s:
            lp = s.read(1).astype(np.float64)
        with rasterio.open(os.path.join(lode_out, "posterior_std.tif")) as s:
            ls = s.read(1).astype(np.float64)
        dp = np.nanmax(np.abs(lp - post) / post)
        ds = np.nanmax(np.abs(ls - std) / std)
        print(f"max relative difference lode vs eis: posterior {dp:.3e}, std {ds:.3e}")


if __name__ == "__main__":
    main()
