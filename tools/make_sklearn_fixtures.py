#!/usr/bin/env python3
"""Reference values for ContextBench's statistics, computed by scikit-learn and numpy.

Writes tests/data/sklearn/*.json. Run from the repository root with a Python that has
scikit-learn and numpy (pip install scikit-learn numpy):

    python tools/make_sklearn_fixtures.py

The inputs are generated here from a fixed seed and stored with the outputs, so the C++ tests feed
exactly the same numbers to ContextBench.
"""
import json
import pathlib

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score
from sklearn.preprocessing import MaxAbsScaler

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "sklearn"
C_GRID = [1e-8, 1e-6, 1e-4, 1e-2, 0.1, 1.0, 1e2, 1e4]


def dump(name, payload):
    payload["generator"] = f"tools/make_sklearn_fixtures.py, scikit-learn {sklearn.__version__}, numpy {np.__version__}"
    (OUT / name).write_text(json.dumps(payload, indent=1) + "\n")


def noisy_problem(rng, n, d, shift=0.0):
    w = rng.normal(size=d)
    x = rng.normal(size=(n, d)) * rng.uniform(0.2, 3.0, size=d)
    z = x @ w * 0.4 + shift + rng.normal(scale=1.5, size=n)
    y = (z > 0).astype(int)
    return x, y


def metrics_cases(rng):
    cases = []
    for n, tie_levels in [(50, None), (200, 7), (31, 3), (500, None)]:
        y = rng.integers(0, 2, size=n)
        s = rng.normal(size=n) + 0.8 * y
        if tie_levels:
            s = np.round(s * tie_levels) / tie_levels  # many ties
        p = 1.0 / (1.0 + np.exp(-s))
        cases.append({
            "labels": y.tolist(), "scores": s.tolist(), "probabilities": p.tolist(),
            "auroc": roc_auc_score(y, s), "auprc": average_precision_score(y, s), "brier": brier_score_loss(y, p),
        })
    return {"cases": cases}


def logistic_fits(rng):
    """The exact optimum of sklearn's L2 objective at each C.

    newton-cholesky reaches it to machine precision; lbfgs (the EHRSHOT head's solver) stops on its
    relative-decrease test about 1e-6 away, so it is recorded as well and checked to agree.
    """
    x, y = noisy_problem(rng, 240, 6, shift=-0.7)
    x_test, _ = noisy_problem(rng, 40, 6)
    fits = []
    for c in C_GRID:
        exact = LogisticRegression(C=c, solver="newton-cholesky", tol=1e-14, max_iter=1000).fit(x, y)
        lbfgs = LogisticRegression(C=c, solver="lbfgs", tol=1e-12, max_iter=100000).fit(x, y)
        gap = np.abs(exact.predict_proba(x_test) - lbfgs.predict_proba(x_test)).max()
        assert gap < 1e-5, (c, gap)
        fits.append({"C": c, "coef": exact.coef_[0].tolist(), "intercept": float(exact.intercept_[0]),
                     "proba": exact.predict_proba(x_test)[:, 1].tolist(),
                     "lbfgs_proba": lbfgs.predict_proba(x_test)[:, 1].tolist()})
    return {"x": x.tolist(), "y": y.tolist(), "x_test": x_test.tolist(), "fits": fits}


def probe_protocol(rng):
    """MaxAbsScaler + L2 logistic regression, C by validation AUROC, refit on train, test metrics."""
    x, y = noisy_problem(rng, 600, 10, shift=-1.0)
    split = np.array(["train"] * 360 + ["tuning"] * 120 + ["held_out"] * 120)
    train, val, test = split == "train", split == "tuning", split == "held_out"
    scaler = MaxAbsScaler().fit(x[train])
    xs = scaler.transform(x)
    val_auroc = []
    models = []
    for c in C_GRID:
        m = LogisticRegression(C=c, solver="lbfgs", tol=1e-12, max_iter=100000).fit(xs[train], y[train])
        models.append(m)
        val_auroc.append(roc_auc_score(y[val], m.predict_proba(xs[val])[:, 1]))
    best = int(np.argmax(val_auroc))  # first of ties, as GridSearchCV's best_index_
    p = models[best].predict_proba(xs[test])[:, 1]
    return {"x": x.tolist(), "y": y.tolist(), "split": split.tolist(), "c_grid": C_GRID,
            "validation_auroc": val_auroc, "best_c": C_GRID[best],
            "test_auroc": roc_auc_score(y[test], p), "test_auprc": average_precision_score(y[test], p),
            "test_brier": brier_score_loss(y[test], p), "test_probabilities": p.tolist()}


def bootstrap_interval(rng):
    """Patient-level bootstrap: each patient has 1-3 labelled times; resample patients."""
    patients = 80
    per_patient = rng.integers(1, 4, size=patients)
    patient_of = np.repeat(np.arange(patients), per_patient)
    y = rng.integers(0, 2, size=patient_of.size)
    s = rng.normal(size=patient_of.size) + 0.9 * y
    p = 1.0 / (1.0 + np.exp(-s))
    replicates = 300
    draws = rng.integers(0, patients, size=(replicates, patients))
    aurocs, auprcs, briers = [], [], []
    for draw in draws:
        idx = np.concatenate([np.flatnonzero(patient_of == q) for q in draw])
        yy, pp = y[idx], p[idx]
        if yy.min() == yy.max():
            continue
        aurocs.append(roc_auc_score(yy, pp))
        auprcs.append(average_precision_score(yy, pp))
        briers.append(brier_score_loss(yy, pp))
    def ci(v):
        return [float(np.percentile(v, 2.5)), float(np.percentile(v, 97.5))]
    return {"patient_of": patient_of.tolist(), "labels": y.tolist(), "probabilities": p.tolist(),
            "draws": draws.tolist(), "valid_replicates": len(aurocs),
            "auroc_ci": ci(aurocs), "auprc_ci": ci(auprcs), "brier_ci": ci(briers)}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(20241218)
    dump("metrics.json", metrics_cases(rng))
    dump("logistic.json", logistic_fits(rng))
    dump("probe.json", probe_protocol(rng))
    dump("bootstrap.json", bootstrap_interval(rng))


if __name__ == "__main__":
    main()
