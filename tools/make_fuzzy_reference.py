#!/usr/bin/env python3
"""Reference values for lode's fuzzy memberships and operators (crates/lode-prospect/src/fuzzy).

An independent numpy implementation of the ArcGIS Spatial Analyst fuzzy-membership definitions
(Esri, "How Fuzzy Membership works") and of the fuzzy operators of Bonham-Carter (1994, ch. 9)
with gamma after Zimmermann & Zysno (1980), plus the index overlay (Bonham-Carter 1994, eq. 9-1).
lode's conventions beyond ArcGIS: NaN -> NaN; small/large take the limit at 0+ for x/f2 <= 0
(small 1, large 0); linear with min == max is a step (0 below, 1 at and above); percentiles are
numpy's default (linear, Hyndman & Fan type 7) of the finite (or the positive) values.

Writes tests/data/fuzzy/membership_cases.json, membership.csv and operators.csv.
Usage: python tools/make_fuzzy_reference.py [OUTDIR]
"""
import json
import re
import sys
from pathlib import Path

import numpy as np

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "tests/data/fuzzy"


def threshold(t, x):
    if isinstance(t, (int, float)):
        return float(t)
    v = x[np.isfinite(x)]
    if t.get("of_positive"):
        v = v[v > 0]
    return float(np.percentile(v, t["percentile"]))


def membership(m, x, legend=None):
    x = np.asarray(x, dtype=float)
    out = np.full(x.shape, np.nan)
    ok = ~np.isnan(x)
    xs = x[ok]
    kind = m["type"]
    if kind == "linear":
        lo, hi = threshold(m["min"], x), threshold(m["max"], x)
        if lo == hi:
            out[ok] = np.where(xs < lo, 0.0, 1.0)
        else:
            out[ok] = np.clip((xs - lo) / (hi - lo), 0.0, 1.0)
    elif kind in ("small", "large"):
        f2, f1 = threshold(m["midpoint"], x), m["spread"]
        r = xs / f2
        with np.errstate(all="ignore"):
            if kind == "small":
                out[ok] = np.where(r <= 0, 1.0, 1.0 / (1.0 + np.abs(r) ** f1))
            else:
                out[ok] = np.where(r <= 0, 0.0, 1.0 / (1.0 + np.abs(r) ** (-f1)))
    elif kind == "gaussian":
        f2, f1 = threshold(m["midpoint"], x), m["spread"]
        out[ok] = np.exp(-f1 * (xs - f2) ** 2)
    elif kind == "near":
        f2, f1 = threshold(m["midpoint"], x), m["spread"]
        out[ok] = 1.0 / (1.0 + f1 * (xs - f2) ** 2)
    elif kind == "categorical":
        names = dict(legend or [])

        def words(s):
            return [w.lower() for w in re.split(r"[^0-9A-Za-z]+", s) if w]

        def match(name, kw):
            n, k = words(name), words(kw)
            return bool(k) and any(n[i:i + len(k)] == k for i in range(len(n) - len(k) + 1))

        def score(v):
            if v != int(v):
                return m.get("default", 0.0)
            code = int(v)
            name = names.get(code, "")
            for c in m["classes"]:
                if code in c.get("codes", []) or any(match(name, k) for k in c.get("names", [])):
                    return c["score"]
            return m.get("default", 0.0)

        out[ok] = [score(v) for v in xs]
    else:
        raise ValueError(kind)
    return out


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(20260611)
    x = np.concatenate([rng.normal(50.0, 100.0, 40), [0.0, -10.0, np.nan, 250.0, 1e-9, 500.0]])
    dens = np.concatenate([np.zeros(20), rng.gamma(2.0, 0.7, 25), [np.nan]])
    codes = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, np.nan, 2.5, 4.0, 11.0])
    legend = [
        [1, "Granite-gneiss"], [2, "Basalt"], [3, "ULTRAMAFIC"], [4, "Banded Iron Formation"],
        [5, "felsic_volcanics"], [6, "granite"], [7, "Nepheline syenite"], [8, "Carbonatite"],
        [9, "dolerite-dyke"], [10, "BIF (Marra Mamba)"], [11, "Chert"],
    ]
    cat = {
        "type": "categorical",
        "classes": [
            {"names": ["bif", "iron formation"], "score": 1.0},
            {"names": ["ultramafic"], "score": 0.7},
            {"names": ["mafic", "basalt", "dolerite"], "score": 0.9},
            {"codes": [11], "score": 0.3},
            {"names": ["gneiss"], "score": 0.2},
            {"names": ["syenite", "carbonatite"], "score": 0.6},
        ],
        "default": 0.1,
    }
    cases = [
        ("linear_up", {"type": "linear", "min": -50.0, "max": 150.0}, x, None),
        ("linear_down", {"type": "linear", "min": 200, "max": 0}, x, None),
        ("linear_step", {"type": "linear", "min": 50.0, "max": 50.0}, x, None),
        ("linear_pct", {"type": "linear", "min": {"percentile": 50}, "max": {"percentile": 98}}, x, None),
        ("linear_pct_down", {"type": "linear", "min": {"percentile": 60}, "max": {"percentile": 5}}, x, None),
        ("small", {"type": "small", "midpoint": 80.0, "spread": 5.0}, x, None),
        ("small_pct", {"type": "small", "midpoint": {"percentile": 30}, "spread": 2.5}, x, None),
        ("large", {"type": "large", "midpoint": 80.0, "spread": 5.0}, x, None),
        ("large_neg_mid", {"type": "large", "midpoint": -40.0, "spread": 3.0}, x, None),
        ("large_pct_positive", {"type": "large", "midpoint": {"percentile": 50, "of_positive": True}, "spread": 2.0}, dens, None),
        ("gaussian", {"type": "gaussian", "midpoint": 50.0, "spread": 0.0004}, x, None),
        ("gaussian_pct", {"type": "gaussian", "midpoint": {"percentile": 75}, "spread": 1e-4}, x, None),
        ("near", {"type": "near", "midpoint": 20.0, "spread": 0.001}, x, None),
        ("near_pct", {"type": "near", "midpoint": {"percentile": 10}, "spread": 0.01}, x, None),
        ("categorical", cat, codes, legend),
    ]
    rows = ["case,i,x,mu"]
    meta = []
    for name, m, xv, leg in cases:
        mu = membership(m, xv, leg)
        meta.append({"name": name, "membership": m, "legend": leg})
        for i, (a, b) in enumerate(zip(xv, mu)):
            rows.append(f"{name},{i},{float(a)!r},{float(b)!r}")
    (OUT / "membership.csv").write_text("\n".join(rows) + "\n")
    (OUT / "membership_cases.json").write_text(json.dumps(meta, indent=1) + "\n")

    m = rng.uniform(0.0, 1.0, (3, 30))
    m[0, 0], m[1, 1], m[2, 2], m[0, 3], m[1, 3], m[2, 3] = 0.0, 1.0, 0.0, 1.0, 1.0, 1.0
    m[:, 4] = 0.0
    m[1, 5] = np.nan
    w = np.array([2.0, 1.0, 0.5])
    prod = np.prod(m, axis=0)
    alg_sum = 1.0 - np.prod(1.0 - m, axis=0)
    cols = {
        "and": np.min(m, axis=0),
        "or": np.max(m, axis=0),
        "product": prod,
        "sum": alg_sum,
    }
    for g in (0.0, 0.5, 0.9, 1.0):
        cols[f"gamma_{g}"] = alg_sum ** g * prod ** (1.0 - g)
    cols["index_overlay"] = (w[:, None] * m).sum(axis=0) / w.sum()
    head = ["m1", "m2", "m3"] + list(cols)
    rows = ["# weights for index_overlay: " + ",".join(repr(float(v)) for v in w), ",".join(head)]
    for j in range(m.shape[1]):
        vals = [m[0, j], m[1, j], m[2, j]] + [cols[k][j] for k in cols]
        rows.append(",".join(repr(float(v)) for v in vals))
    (OUT / "operators.csv").write_text("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
