"""SciPy / NumPy / rsatoolbox reference for Isomorph's statistics (statistics_reference.py IN.npz OUT.npz).

Protocol in numerics_common.py. Ops:
- ``nnls``: a, b -> scipy.optimize.nnls (x, rnorm).
- ``pvalues``: p -> scipy.stats.false_discovery_control(p, method='bh'), Bonferroni min(1, m p).
- ``summary``: x, confidence -> np.nanpercentile at (a/2, 1-a/2)*100 and np.nanstd(ddof=1).
- ``cka``: x, y -> linear CKA: biased via Kornblith et al.'s feature-space formula, unbiased via
  Song et al. (2012) eq. 5 written out (a different formula from Isomorph's U-centring), and via
  the U-centred kernels of Kornblith's reference notebook.
- ``varpart``: target, predictors (k x N) -> R^2 of OLS (np.linalg.lstsq with an intercept) for every
  subset, by bit mask.
- ``reweight``: models (k x N), refs (m x N), tests (folds x t test-condition lists), method,
  intercept -> per fold: scipy nnls weights on the pairs of two training conditions (targets = the
  mean reference), the predicted RDM of the test conditions, and rsatoolbox compare with each
  reference restricted to them (mean).
"""
import warnings

import numpy as np
import scipy.optimize
import scipy.stats
from scipy.spatial.distance import squareform

from numerics_common import run, scalar

NAMES = {"pearson": "corr", "spearman": "spearman", "tau-a": "tau-a", "cosine": "cosine"}


def nnls(a, b):
    x, rnorm = scipy.optimize.nnls(a, b)
    return {"x": x, "rnorm": rnorm}


def pvalues(p):
    return {"bh": scipy.stats.false_discovery_control(p, method="bh"), "bonferroni": np.minimum(1, p * len(p))}


def summary(x, confidence):
    a = 1 - float(scalar(confidence))
    return {"lo": np.nanpercentile(x, 100 * a / 2), "hi": np.nanpercentile(x, 100 * (1 - a / 2)),
            "se": np.nanstd(x, ddof=1)}


def _song_hsic(k, l):
    n = k.shape[0]
    k = k.copy(); l = l.copy()
    np.fill_diagonal(k, 0); np.fill_diagonal(l, 0)
    one = np.ones(n)
    return (np.trace(k @ l) + (one @ k @ one) * (one @ l @ one) / ((n - 1) * (n - 2))
            - 2 / (n - 2) * (one @ k @ l @ one)) / (n * (n - 3))


def _center_gram_unbiased(g):
    g = g.copy()
    n = g.shape[0]
    np.fill_diagonal(g, 0)
    means = np.sum(g, 0) / (n - 2)
    means -= np.sum(means) / (2 * (n - 1))
    g -= means[:, None]
    g -= means[None, :]
    np.fill_diagonal(g, 0)
    return g


def cka(x, y):
    xc, yc = x - x.mean(0), y - y.mean(0)
    biased = np.linalg.norm(xc.T @ yc) ** 2 / (np.linalg.norm(xc.T @ xc) * np.linalg.norm(yc.T @ yc))
    k, l = x @ x.T, y @ y.T
    song = _song_hsic(k, l) / np.sqrt(_song_hsic(k, k) * _song_hsic(l, l))
    kc, lc = _center_gram_unbiased(k), _center_gram_unbiased(l)
    kornblith = np.sum(kc * lc) / (np.linalg.norm(kc) * np.linalg.norm(lc))
    return {"biased": biased, "unbiased_song": song, "unbiased_kornblith": kornblith}


def varpart(target, predictors):
    k = predictors.shape[0]
    r2 = np.zeros(1 << k)
    total = np.sum((target - target.mean()) ** 2)
    for mask in range(1, 1 << k):
        cols = [predictors[j] for j in range(k) if mask & (1 << j)]
        design = np.column_stack([np.ones_like(target)] + cols)
        coef = np.linalg.lstsq(design, target, rcond=None)[0]
        r2[mask] = 1 - np.sum((target - design @ coef) ** 2) / total
    return {"r2": r2}


def reweight(models, refs, tests, method, intercept):
    from rsatoolbox.rdm import RDMs, compare  # imported here: slow, and only this op needs it

    method = NAMES[str(scalar(method))]
    intercept = bool(scalar(intercept))
    n = squareform(models[0]).shape[0]
    weights, scores = [], []
    for test in tests.astype(int):
        train = np.setdiff1d(np.arange(n), test)
        sub = lambda v, idx: squareform(squareform(v)[np.ix_(idx, idx)], checks=False)
        a = np.column_stack([sub(m, train) for m in models])
        b = np.mean([sub(r, train) for r in refs], axis=0)
        if intercept:
            am, bm = a.mean(0), b.mean()
            w, _ = scipy.optimize.nnls(a - am, b - bm)
            c = bm - w @ am
        else:
            w, _ = scipy.optimize.nnls(a, b)
            c = 0.0
        pred = np.column_stack([sub(m, test) for m in models]) @ w + c
        refs_test = np.array([sub(r, test) for r in refs])
        scores.append(np.mean(compare(RDMs(pred[None]), RDMs(refs_test), method)))
        weights.append(w)
    return {"weights": np.array(weights), "scores": np.array(scores)}


with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    run({"nnls": nnls, "pvalues": pvalues, "summary": summary, "cka": cka, "varpart": varpart, "reweight": reweight})
