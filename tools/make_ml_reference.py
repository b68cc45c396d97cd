#!/usr/bin/env python3
"""Reference values for lode_prospect::ml from scikit-learn (tests/data/ml/).

Writes a committed train/test classification table (a non-linear logistic model with a threshold,
an interaction and a binary feature, so trees beat a linear model) and scikit-learn's results on it:

- LogisticRegression(lbfgs) on StandardScaler'd features: intercept and coefficients for
  C = 1 and C = 0.05, and for C = 1 with class_weight='balanced'; test probabilities;
- RandomForestClassifier (200 trees) and HistGradientBoostingClassifier (defaults, no early
  stopping): AUC on the test rows.

Usage: .venv/bin/python tools/make_ml_reference.py [OUTDIR]   (default tests/data/ml)
"""
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import StandardScaler

NAMES = ["x0", "x1", "x2", "x3", "x4", "x5"]


def make(rng, n):
    x = np.empty((n, 6))
    x[:, :4] = rng.normal(size=(n, 4))
    x[:, 4] = rng.uniform(size=n)
    x[:, 5] = (rng.uniform(size=n) < 0.4).astype(float)
    eta = (1.2 * x[:, 0] - 0.8 * x[:, 1] + 0.6 * x[:, 0] * x[:, 2]
           + 1.5 * np.sin(3 * x[:, 3]) + 2.0 * (x[:, 4] > 0.7) - 1.0 * x[:, 5] - 1.5)
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-eta))).astype(int)
    xy = rng.uniform(0, 10_000, size=(n, 2))
    x = np.round(x, 5).astype(np.float32)
    return x, y, xy


def write(path, x, y, xy):
    with open(path, "w") as f:
        f.write("cx,cy," + ",".join(NAMES) + ",y\n")
        for i in range(len(y)):
            f.write("%.1f,%.1f," % (xy[i, 0], xy[i, 1])
                    + ",".join("%.5f" % v for v in x[i]) + ",%d\n" % y[i])


def read(path):
    d = np.loadtxt(path, delimiter=",", skiprows=1)
    return d[:, 2:8].astype(np.float32).astype(np.float64), d[:, 8].astype(int)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "tests/data/ml"
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(20261127)
    for name, n in [("train", 2000), ("test", 1000)]:
        write(os.path.join(out, f"reference_{name}.csv"), *make(rng, n))
    xtr, ytr = read(os.path.join(out, "reference_train.csv"))
    xte, yte = read(os.path.join(out, "reference_test.csv"))
    ref = {"sklearn": sklearn.__version__, "logistic": []}
    sc = StandardScaler().fit(xtr)
    ztr, zte = sc.transform(xtr), sc.transform(xte)
    for c, cw in [(1.0, None), (0.05, None), (1.0, "balanced")]:
        m = LogisticRegression(C=c, solver="lbfgs", tol=1e-12, max_iter=100000,
                               class_weight=cw).fit(ztr, ytr)
        ref["logistic"].append({
            "c": c, "class_weight": cw or "none",
            "intercept": float(m.intercept_[0]),
            "coef": [float(v) for v in m.coef_[0]],
            "test_proba_first200": [float(v) for v in m.predict_proba(zte)[:200, 1]],
            "test_auc": float(roc_auc_score(yte, m.decision_function(zte))),
        })
    rf = RandomForestClassifier(n_estimators=200, random_state=0, n_jobs=2).fit(xtr, ytr)
    ref["random_forest"] = {"n_estimators": 200,
                            "test_auc": float(roc_auc_score(yte, rf.predict_proba(xte)[:, 1]))}
    gb = HistGradientBoostingClassifier(max_iter=100, learning_rate=0.1, max_leaf_nodes=31,
                                        min_samples_leaf=20, early_stopping=False,
                                        random_state=0).fit(xtr, ytr)
    ref["gradient_boosting"] = {"max_iter": 100,
                                "test_auc": float(roc_auc_score(yte, gb.predict_proba(xte)[:, 1]))}
    with open(os.path.join(out, "reference.json"), "w") as f:
        json.dump(ref, f, indent=1)
    print({k: v for k, v in ref.items() if k != "logistic"},
          [(r["c"], r["class_weight"], r["test_auc"]) for r in ref["logistic"]])


if __name__ == "__main__":
    main()
