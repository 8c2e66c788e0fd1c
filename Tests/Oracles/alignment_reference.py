"""SciPy references for the alignment numerics (see numerics_common.py for the protocol).

Ops:
- spearman: scipy.stats.spearmanr(a, b) cross block (columns of a against columns of b).
- assignment: scipy.optimize.linear_sum_assignment(cost, maximize=...).
- matching: scipy.sparse.csgraph.maximum_bipartite_matching on a 0/1 biadjacency matrix.
- dci: completeness and disentanglement written out with scipy.stats.entropy (Eastwood &
  Williams' reference code computes the same: entropy(p, base=K) per code, weighted by rho).
- udr: UDR_S as disentanglement_lib computes it (spearmanr, absolute values, restricted to
  informative latents), combined with the 1/(d_a + d_b) weighting of Duan et al. (2020).
"""
import numpy as np
from numerics_common import run, scalar
from scipy import stats
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching


def spearman(a, b):
    r = stats.spearmanr(a, b).statistic
    pa = a.shape[1]
    return {"r": np.asarray(r)[:pa, pa:]}


def assignment(cost, maximize):
    rows, cols = linear_sum_assignment(cost, maximize=bool(scalar(maximize)))
    return {"rows": rows.astype(np.int64), "cols": cols.astype(np.int64), "cost": cost[rows, cols].sum()}


def matching(adjacency):
    m = maximum_bipartite_matching(csr_matrix(adjacency), perm_type="column")
    return {"match": m.astype(np.int64), "size": int((m >= 0).sum())}


def dci(importance):
    r = np.abs(importance)
    d, k = r.shape
    # Completeness: per neuron (column), entropy over units with base D.
    comp = 1 - stats.entropy(r, base=d, axis=0)
    rho_k = r.sum(axis=0) / r.sum()
    # Disentanglement: per unit (row), entropy over neurons with base K.
    dis = 1 - stats.entropy(r.T, base=k, axis=0)
    rho_d = r.sum(axis=1) / r.sum()
    return {"completeness": np.sum(rho_k * comp), "disentanglement": np.sum(rho_d * dis),
            "per_neuron": rho_k * comp}


def udr(a, b, info_a, info_b):
    ia, ib = info_a.astype(bool), info_b.astype(bool)
    r = np.abs(stats.spearmanr(a[:, ia], b[:, ib]).statistic[: ia.sum(), ia.sum():])
    r = np.nan_to_num(r)
    x = np.nan_to_num(np.max(r, axis=0) ** 2 / np.sum(r, axis=0))
    y = np.nan_to_num(np.max(r, axis=1) ** 2 / np.sum(r, axis=1))
    return {"score": (x.sum() + y.sum()) / (ia.sum() + ib.sum())}


run({"spearman": spearman, "assignment": assignment, "matching": matching, "dci": dci, "udr": udr})
