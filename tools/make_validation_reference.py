"""Reference values for lode's validation (crates/lode-prospect/src/validation).

Writes into tests/data/validation/:
- score.asc: a 50 x 40 grid (100 m cells, EPSG-less) of a smooth synthetic score rounded to
  0.05 (many ties) with a hole of no data (-9999);
- mask.asc: the study-area mask (1 inside, 0 outside: the west 5 columns are outside);
- training.csv, withheld.csv: deposit points x,y drawn with probability rising with the score
  (seeded), plus points outside the grid, outside the mask and on no data, and two points in one
  cell;
- reference.json: for each set, ROC AUC from scikit-learn's roc_auc_score (deposit points = 1,
  study cells without a point of the set = 0), the area under the success/prediction-rate curve
  (1 - mean over points of the area share ranked above them plus half their tie level), capture
  at 1/5/10/20 % (numpy.interp on the cumulative shares) and the point counts;
- evidence_auc.json: roc_auc_score of the 16 deposits of tests/data/wofe against the other valid
  cells of wofe_evidence_raster.tif used as a score (class values; heavy ties).

Run: /work/main/.venv/bin/python tools/make_validation_reference.py
"""
import json
import os
import subprocess

import numpy as np
from sklearn.metrics import roc_auc_score

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tests", "data", "validation")
WOFE = os.path.join(HERE, "..", "tests", "data", "wofe")
COLS, ROWS, DX = 50, 40, 100.0
X0, Y0 = 500000.0, 7000000.0
TOPS = [1.0, 5.0, 10.0, 20.0]


def write_asc(path, a, fmt):
    with open(path, "w") as f:
        f.write(f"ncols {COLS}\nnrows {ROWS}\nxllcorner {X0}\nyllcorner {Y0 - ROWS * DX}\n")
        f.write(f"cellsize {DX}\nNODATA_value -9999\n")
        for r in range(ROWS):
            f.write(" ".join(fmt(v) for v in a[r]) + "\n")


def cell_of(x, y):
    c = int(np.floor((x - X0) / DX))
    r = int(np.floor((Y0 - y) / DX))
    if 0 <= c < COLS and 0 <= r < ROWS:
        return r, c
    return None


def evaluate(score, study, pts):
    """Counts, sklearn AUC, curve AUC and capture for points pts."""
    used, outside_grid, outside_study, on_nodata = [], 0, 0, 0
    for x, y in pts:
        rc = cell_of(x, y)
        if rc is None:
            outside_grid += 1
        elif not study_mask[rc]:
            outside_study += 1
        elif not np.isfinite(score[rc]):
            on_nodata += 1
        else:
            used.append(rc)
    dep_cells = set(used)
    pos = np.array([score[rc] for rc in used])
    neg = np.array([score[r, c] for r in range(ROWS) for c in range(COLS)
                    if study[r, c] and (r, c) not in dep_cells])
    y_true = np.r_[np.ones(len(pos)), np.zeros(len(neg))]
    auc = roc_auc_score(y_true, np.r_[pos, neg])
    vals = score[study]
    n = vals.size
    levels, counts = np.unique(vals, return_counts=True)
    levels, counts = levels[::-1], counts[::-1]  # descending
    above = np.r_[0, np.cumsum(counts)[:-1]]
    lev_of = {v: i for i, v in enumerate(levels)}
    mid = [(above[lev_of[s]] + counts[lev_of[s]] / 2.0) / n for s in pos]
    curve_auc = 1.0 - float(np.mean(mid))
    pts_per_level = np.zeros(len(levels))
    for s in pos:
        pts_per_level[lev_of[s]] += 1
    xa = np.r_[0.0, np.cumsum(counts) / n]
    yd = np.r_[0.0, np.cumsum(pts_per_level) / len(pos)]
    capture = [float(np.interp(p / 100.0, xa, yd)) for p in TOPS]
    return {
        "given": len(pts), "used": len(used), "outside_grid": outside_grid,
        "outside_study": outside_study, "on_nodata": on_nodata, "cells": len(dep_cells),
        "roc_auc": float(auc), "curve_auc": curve_auc,
        "capture_tops": TOPS, "capture": capture,
    }


def main():
    global study_mask
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20260611)
    yy, xx = np.mgrid[0:ROWS, 0:COLS]
    f = (np.exp(-((xx - 32) ** 2 + (yy - 12) ** 2) / 60.0)
         + 0.6 * np.exp(-((xx - 15) ** 2 + (yy - 28) ** 2) / 40.0)
         + 0.1 * np.sin(xx / 3.0) * np.cos(yy / 4.0))
    score = np.round((f - f.min()) / (f.max() - f.min()) / 0.05) * 0.05
    score[18:22, 24:29] = np.nan
    mask = np.ones((ROWS, COLS))
    mask[:, :5] = 0
    study_mask = mask != 0
    study = study_mask & np.isfinite(score)
    write_asc(os.path.join(OUT, "score.asc"), np.where(np.isfinite(score), score, -9999),
              lambda v: "-9999" if v == -9999 else f"{v:.2f}")
    write_asc(os.path.join(OUT, "mask.asc"), mask, lambda v: f"{int(v)}")

    p = np.where(study, np.nan_to_num(score) ** 3, 0.0).ravel()
    p /= p.sum()
    def draw(k):
        idx = rng.choice(p.size, size=k, replace=True, p=p)
        pts = []
        for i in idx:
            r, c = divmod(int(i), COLS)
            pts.append((X0 + (c + rng.uniform(0.1, 0.9)) * DX, Y0 - (r + rng.uniform(0.1, 0.9)) * DX))
        return pts
    training = draw(40)
    training.append(training[0])  # a second point in the first point's cell
    training += [(X0 - 500.0, Y0 - 1000.0),            # outside the grid
                 (X0 + 2.5 * DX, Y0 - 10.5 * DX),       # outside the mask
                 (X0 + 25.5 * DX, Y0 - 19.5 * DX)]      # on no data
    withheld = draw(15) + [(X0 + 60 * DX, Y0 - 3 * DX)]
    for name, pts in (("training.csv", training), ("withheld.csv", withheld)):
        with open(os.path.join(OUT, name), "w") as fh:
            fh.write("x,y\n")
            for x, y in pts:
                fh.write(f"{x:.3f},{y:.3f}\n")
    # Re-read the rounded coordinates so the reference sees exactly what lode reads.
    def load(name):
        a = np.loadtxt(os.path.join(OUT, name), delimiter=",", skiprows=1)
        return [tuple(r) for r in a]
    score_r = np.loadtxt(os.path.join(OUT, "score.asc"), skiprows=6)
    score_r[score_r == -9999] = np.nan
    ref = {
        "study_cells": int(study.sum()),
        "nodata_cells": int((study_mask & ~np.isfinite(score_r)).sum()),
        "training": evaluate(score_r, study, load("training.csv")),
        "withheld": evaluate(score_r, study, load("withheld.csv")),
    }
    with open(os.path.join(OUT, "reference.json"), "w") as fh:
        json.dump(ref, fh, indent=1)
        fh.write("\n")

    # Real evidence raster used as a score, deposits of the eis-toolkit WofE case.
    xyz = subprocess.run(["gdal_translate", "-q", "-of", "XYZ",
                          os.path.join(WOFE, "wofe_evidence_raster.tif"), "/vsistdout/"],
                         check=True, capture_output=True, text=True).stdout
    ras = np.array([[float(t) for t in l.split()] for l in xyz.strip().splitlines()])
    info = json.loads(subprocess.run(["gdalinfo", "-json", os.path.join(WOFE, "wofe_evidence_raster.tif")],
                                     check=True, capture_output=True, text=True).stdout)
    nodata = info["bands"][0]["noDataValue"]
    gt = info["geoTransform"]
    ncols = info["size"][0]
    vals = ras[:, 2]
    valid = vals != nodata
    ogr = subprocess.run(["ogr2ogr", "-q", "-f", "CSV", "/vsistdout/",
                          os.path.join(WOFE, "wofe_deposits.shp"), "-lco", "GEOMETRY=AS_XY"],
                         check=True, capture_output=True, text=True).stdout.strip().splitlines()
    hdr = ogr[0].split(",")
    xi, yi = hdr.index("X"), hdr.index("Y")
    dep = []
    for l in ogr[1:]:
        t = l.split(",")
        x, y = float(t[xi]), float(t[yi])
        c = int(np.floor((x - gt[0]) / gt[1]))
        r = int(np.floor((y - gt[3]) / gt[5]))
        dep.append(r * ncols + c)
    pos = [vals[i] for i in dep if valid[i]]
    neg = [vals[i] for i in range(vals.size) if valid[i] and i not in set(dep)]
    auc = roc_auc_score(np.r_[np.ones(len(pos)), np.zeros(len(neg))], np.r_[pos, neg])
    with open(os.path.join(OUT, "evidence_auc.json"), "w") as fh:
        json.dump({"deposits": len(pos), "negatives": len(neg), "roc_auc": float(auc)}, fh, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    main()
