"""rsatoolbox reference for Isomorph's noise ceilings, bootstrap and permutation tests
(rsa_inference.py IN.npz OUT.npz). Protocol in numerics_common.py.

Every op takes condensed RDMs and the *index lists drawn on the Swift side*, so both sides see
the same resamples; rsatoolbox then forms the samples itself (``RDMs.subsample`` for subjects,
``RDMs.subsample_pattern`` for stimuli, which makes pairs of copies of one stimulus NaN).

- ``ceiling``: refs (m x N), groups (m ints) -> boot_noise_ceiling(method, rdm_descriptor='group')
  for every method (lower_<m>, upper_<m>).
- ``bootstrap``: models (k x N), refs, groups, method (string), stim (B x n ints, or empty),
  subj (B x g ints, or empty) -> per sample: the mean over sample RDMs of compare(model, sample)
  (scores, B x k) and boot_noise_ceiling(sample) (lower, upper); NaN for < 3 distinct stimuli.
- ``scores``: models, refs, method -> rsatoolbox.rdm.compare(models, refs, method).
- ``permutation``: models, refs, perms (B x n), method -> the null scores (B x k) of the models
  with conditions relabelled (rows and columns of the square RDM indexed by the permutation).
"""
import warnings

import numpy as np
from rsatoolbox.inference import boot_noise_ceiling
from rsatoolbox.rdm import RDMs, compare
from scipy.spatial.distance import squareform

from numerics_common import run

NAMES = {"pearson": "corr", "spearman": "spearman", "tau-a": "tau-a", "tau-b": "tau-b", "rho-a": "rho-a",
         "cosine": "cosine", "whitened-pearson": "corr_cov", "whitened-cosine": "cosine_cov"}


def _refs(refs, groups):
    return RDMs(refs, rdm_descriptors={"group": [int(g) for g in groups]})


def ceiling(refs, groups):
    out = {}
    for ours, theirs in NAMES.items():
        lo, up = boot_noise_ceiling(_refs(refs, groups), method=theirs, rdm_descriptor="group")
        out[f"lower_{ours}"] = lo
        out[f"upper_{ours}"] = up
    return out


def bootstrap(models, refs, groups, method, stim, subj):
    method = NAMES[str(np.asarray(method)[()])]
    data = _refs(refs, groups)
    mods = RDMs(models)
    count = max(stim.shape[0] if stim.size else 0, subj.shape[0] if subj.size else 0)
    scores = np.full((count, models.shape[0]), np.nan)
    lower = np.full(count, np.nan)
    upper = np.full(count, np.nan)
    for b in range(count):
        sample = data
        model_sample = mods
        if subj.size:
            sample = sample.subsample("group", subj[b].astype(int))
        if stim.size:
            idx = stim[b].astype(int)
            if len(np.unique(idx)) < 3:
                continue
            sample = sample.subsample_pattern("index", idx)
            model_sample = model_sample.subsample_pattern("index", idx)
        scores[b] = np.mean(compare(model_sample, sample, method), axis=1)
        if len(np.unique(sample.rdm_descriptors["group"])) >= 2:
            lower[b], upper[b] = boot_noise_ceiling(sample, method=method, rdm_descriptor="group")
    return {"scores": scores, "lower": lower, "upper": upper}


def scores(models, refs, method):
    return {"scores": compare(RDMs(models), RDMs(refs), NAMES[str(np.asarray(method)[()])])}


def permutation(models, refs, perms, method):
    method = NAMES[str(np.asarray(method)[()])]
    data = RDMs(refs)
    null = np.empty((perms.shape[0], models.shape[0]))
    for b, p in enumerate(perms.astype(int)):
        permuted = np.array([squareform(squareform(m)[np.ix_(p, p)]) for m in models])
        null[b] = np.mean(compare(RDMs(permuted), data, method), axis=1)
    return {"null": null}


with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    run({"ceiling": ceiling, "bootstrap": bootstrap, "permutation": permutation, "scores": scores})
