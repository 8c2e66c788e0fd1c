"""NumPy/SciPy reference for Isomorph's column statistics, z-scoring and Pearson correlations.

Called as ``numerics_statistics.py IN.npz OUT.npz`` (protocol in numerics_common.py).

Constant columns: Isomorph documents that z-scoring leaves a column whose training values are all
equal at 0 (training and held-out data), where scipy.stats.zscore gives NaN. The ``zscore`` op
therefore computes scipy's result and then applies that documented rule explicitly (columns with
np.ptp == 0 -> 0), so the rule is checked, not assumed. Correlations involving a constant column
are NaN in NumPy/SciPy and in Isomorph.
"""
import numpy as np
import scipy.stats

from numerics_common import run, scalar


def moments(x):
    out = {"mean": np.mean(x, axis=0), "sum": np.sum(x, axis=0), "sumsq": np.sum(x * x, axis=0)}
    for ddof in (0, 1, 2):
        out[f"var{ddof}"] = np.var(x, axis=0, ddof=ddof)
        out[f"std{ddof}"] = np.std(x, axis=0, ddof=ddof)
    return out


def zscore(x, held, ddof):
    ddof = int(scalar(ddof))
    constant = np.ptp(x, axis=0) == 0
    z = scipy.stats.zscore(x, axis=0, ddof=ddof)
    z[:, constant] = 0.0
    mean, std = np.mean(x, axis=0), np.std(x, axis=0, ddof=ddof)
    with np.errstate(divide="ignore", invalid="ignore"):
        zh = (held - mean) / std
    zh[:, constant] = 0.0
    return {"z": z, "held": zh, "centered": x - mean, "held_centered": held - mean, "mean": mean, "std": std}


def correlation(x, y):
    p = x.shape[1]
    both = np.corrcoef(x, y, rowvar=False)
    # Paired (column j with column j) only where the shapes allow it.
    paired = [scipy.stats.pearsonr(x[:, j], y[:, j]).statistic for j in range(p)] if x.shape == y.shape else []
    return {
        "cross": both[:p, p:],
        "within": np.corrcoef(x, rowvar=False),
        "rows": np.corrcoef(x),
        "paired": np.array(paired),
    }


run({"moments": moments, "zscore": zscore, "correlation": correlation})
