"""rsatoolbox / SciPy reference for Isomorph's RDMs (rsa_rdm.py IN.npz OUT.npz).

Protocol in numerics_common.py. Ops:
- ``rdm``: x (conditions x channels) -> scipy pdist (euclidean, sqeuclidean, cosine, correlation, as
  square matrices via squareform) and rsatoolbox calc_rdm ('euclidean' = squared / channels,
  'correlation'), each as a square matrix.
- ``rdm_z``: x, ddof -> pdist of the column z-scores (constant columns 0) for three metrics.
- ``crossnobis``: x (observations x channels), conditions (int labels), runs (int labels), optional
  noise (precision) -> rsatoolbox calc_rdm(method='crossnobis', descriptor='conds',
  cv_descriptor='runs'); rsatoolbox orders the conditions by sorted label, as the Swift test does.
- ``squareform``: v -> squareform(v) and back (the condensed order).
"""
import numpy as np
import scipy.stats
from scipy.spatial.distance import pdist, squareform

from numerics_common import run


def rdm(x):
    out = {}
    for metric in ("euclidean", "sqeuclidean", "cosine", "correlation"):
        out[metric] = squareform(pdist(x, metric))
    import rsatoolbox  # slow to import: only the ops that need it do

    ds = rsatoolbox.data.Dataset(x)
    out["rsa_euclidean"] = rsatoolbox.rdm.calc_rdm(ds, method="euclidean").get_matrices()[0]
    out["rsa_correlation"] = rsatoolbox.rdm.calc_rdm(ds, method="correlation").get_matrices()[0]
    return out


def rdm_z(x, ddof):
    """pdist after z-scoring the columns (ddof given; constant columns -> 0, Isomorph's documented rule)."""
    ddof = int(np.asarray(ddof)[()])
    constant = np.ptp(x, axis=0) == 0
    with np.errstate(divide="ignore", invalid="ignore"):
        z = scipy.stats.zscore(x, axis=0, ddof=ddof)
    z[:, constant] = 0.0
    return {m: squareform(pdist(z, m)) for m in ("euclidean", "correlation", "cosine")}


def crossnobis(x, conditions, runs, noise=None):
    import rsatoolbox

    ds = rsatoolbox.data.Dataset(
        x, obs_descriptors={"conds": conditions.astype(int), "runs": runs.astype(int)})
    kwargs = {} if noise is None or noise.size == 0 else {"noise": noise}
    r = rsatoolbox.rdm.calc_rdm(ds, method="crossnobis", descriptor="conds", cv_descriptor="runs", **kwargs)
    return {"rdm": r.get_matrices()[0]}


def square(v):
    return {"matrix": squareform(v), "back": squareform(squareform(v))}


run({"rdm": rdm, "rdm_z": rdm_z, "crossnobis": crossnobis, "squareform": square})
