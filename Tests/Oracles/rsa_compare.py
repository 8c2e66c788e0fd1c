"""rsatoolbox / SciPy reference for Isomorph's RDM comparisons (rsa_compare.py IN.npz OUT.npz).

Protocol in numerics_common.py. Ops:
- ``compare``: a (k x N condensed RDMs), b (l x N) -> rsatoolbox.rdm.compare(a, b, method) for every
  method (k x l each); rsatoolbox raises when a and b have different NaN positions, so the cases
  keep them equal (Isomorph's per-pair rule agrees then). Optional sigma (1-D or 2-D) for the
  whitened methods.
- ``scipy``: x, y (vectors) -> spearmanr, kendalltau (variant 'b'), rankdata of x.
- ``weighted``: x, y (condensed RDMs of n conditions), idx (a bootstrap index list) ->
  rsatoolbox.compare on subsample_pattern(idx) for each method (the materialised sample).
"""
import warnings

import numpy as np
import scipy.stats
from rsatoolbox.rdm import RDMs, compare

from numerics_common import run

METHODS = ["corr", "spearman", "tau-a", "tau-b", "rho-a", "cosine", "corr_cov", "cosine_cov"]


def _compare(a, b, sigma=None):
    out = {}
    sig = None if sigma is None or sigma.size == 0 else sigma
    for m in METHODS:
        kwargs = {"sigma_k": sig} if m in ("corr_cov", "cosine_cov") else {}
        out[m] = compare(RDMs(a), RDMs(b), method=m, **kwargs)
    return out


def scipy_ops(x, y):
    return {
        "spearman": scipy.stats.spearmanr(x, y).statistic,
        "tau_b": scipy.stats.kendalltau(x, y, variant="b").statistic,
        "rank_x": scipy.stats.rankdata(x, method="average"),
    }


def weighted(x, y, idx):
    a = RDMs(x[None]).subsample_pattern("index", idx.astype(int))
    b = RDMs(y[None]).subsample_pattern("index", idx.astype(int))
    return {m: compare(a, b, method=m)[0, 0] for m in METHODS}


with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    run({"compare": _compare, "scipy": scipy_ops, "weighted": weighted})
