"""SciPy's t-tests and special functions on the cases the Swift tests send (see numerics_common.py).

Ops:
- betainc: scipy.special.betainc(a, b, x) element-wise.
- t_sf: scipy.stats.t.sf(t, df) element-wise.
- welch / student: scipy.stats.ttest_ind(a, b, equal_var=..., alternative=...) for each alternative.
- one_sample: scipy.stats.ttest_1samp(a, popmean, alternative=...) for each alternative.
"""
import numpy as np
from numerics_common import run, scalar
from scipy import special, stats

ALTERNATIVES = ("two-sided", "less", "greater")


def betainc(a, b, x):
    return {"value": special.betainc(a, b, x)}


def t_sf(t, df):
    return {"value": stats.t.sf(t, df)}


def two_sample(equal_var):
    def op(a, b):
        out = {}
        for alt in ALTERNATIVES:
            r = stats.ttest_ind(a, b, equal_var=equal_var, alternative=alt)
            out[f"{alt}_t"], out[f"{alt}_p"], out[f"{alt}_df"] = r.statistic, r.pvalue, r.df
        return out
    return op


def one_sample(a, popmean):
    out = {}
    for alt in ALTERNATIVES:
        r = stats.ttest_1samp(a, float(scalar(popmean)), alternative=alt)
        out[f"{alt}_t"], out[f"{alt}_p"], out[f"{alt}_df"] = r.statistic, r.pvalue, r.df
    return out


run({"betainc": betainc, "t_sf": t_sf, "welch": two_sample(False), "student": two_sample(True),
     "one_sample": one_sample})
