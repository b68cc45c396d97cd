#!/usr/bin/env python3
"""Random-forest benchmark data and the scikit-learn side (docs/BENCHMARKS.md).

  bench_ml.py make DIR N_TRAIN N_TEST P   write DIR/{train,test}_{x.f32,y.u8} (seed 2026)
  bench_ml.py sklearn DIR P N_TREES MAX_DEPTH N_JOBS   fit RandomForestClassifier, print time and AUC

Labels: y ~ Bernoulli(σ(η)), η a non-linear function of the first six features (threshold,
interaction, sine) so the forest has structure to find; the other features are noise.
"""
import sys
import time

import numpy as np


def make(d, n_train, n_test, p):
    rng = np.random.default_rng(2026)
    for name, n in [("train", n_train), ("test", n_test)]:
        x = rng.normal(size=(n, p)).astype(np.float32)
        eta = (1.5 * x[:, 0] - x[:, 1] + 0.8 * x[:, 2] * x[:, 3] + 2.0 * (x[:, 4] > 0.5)
               + 1.2 * np.sin(2 * x[:, 5]) - 1.0)
        y = (rng.uniform(size=n) < 1 / (1 + np.exp(-eta))).astype(np.uint8)
        x.tofile(f"{d}/{name}_x.f32")
        y.tofile(f"{d}/{name}_y.u8")


def sk(d, p, n_trees, depth, n_jobs):
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.metrics import roc_auc_score
    x = np.fromfile(f"{d}/train_x.f32", dtype=np.float32).reshape(-1, p)
    y = np.fromfile(f"{d}/train_y.u8", dtype=np.uint8)
    xt = np.fromfile(f"{d}/test_x.f32", dtype=np.float32).reshape(-1, p)
    yt = np.fromfile(f"{d}/test_y.u8", dtype=np.uint8)
    m = RandomForestClassifier(n_estimators=n_trees, max_depth=depth, n_jobs=n_jobs,
                               random_state=0)
    t = time.perf_counter()
    m.fit(x, y)
    t_fit = time.perf_counter() - t
    t = time.perf_counter()
    pr = m.predict_proba(xt)[:, 1]
    t_pred = time.perf_counter() - t
    import sklearn
    print(f"scikit-learn {sklearn.__version__} RandomForestClassifier: n={len(y)} p={p} "
          f"trees={n_trees} max_depth={depth} n_jobs={n_jobs} fit {t_fit:.2f} s, "
          f"predict {len(yt)} rows {t_pred:.2f} s, test AUC {roc_auc_score(yt, pr):.4f}")


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
    else:
        sk(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]))
