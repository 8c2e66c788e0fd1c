"""Shared driver for the numerics oracles (numerics_blas, numerics_linalg, numerics_statistics).

Protocol: the input archive holds one entry per case field, named ``<case>__<field>``; every
case has an ``op`` field (a string) naming the NumPy/SciPy computation to run on its other fields.
Each op returns a dict of arrays, written back as ``<case>__<name>``. Scalars travel as 0-d arrays.
Nothing is computed on the Swift side's behalf: the ops call the reference implementations.
"""
import sys
import warnings

import numpy as np


def run(ops):
    inp, out = sys.argv[1], sys.argv[2]
    data = np.load(inp, allow_pickle=False)
    cases = {}
    for key in data.files:
        case, field = key.split("__", 1)
        cases.setdefault(case, {})[field] = data[key]
    results = {}
    for case, fields in cases.items():
        op = str(fields.pop("op")[()])
        if op not in ops:
            raise SystemExit(f"case {case}: unknown op {op!r}")
        with warnings.catch_warnings():
            # NaN results for degenerate inputs (constant columns) are part of what is compared.
            warnings.simplefilter("ignore", RuntimeWarning)
            outputs = ops[op](**fields)
        for name, value in outputs.items():
            results[f"{case}__{name}"] = np.asarray(value)
    np.savez(out, **results)


def scalar(x):
    """A 0-d input array as a Python number."""
    return np.asarray(x)[()]


def fails(fn):
    """1 if fn() raises numpy.linalg.LinAlgError, else 0 (NumPy's verdict on degenerate input)."""
    try:
        fn()
    except np.linalg.LinAlgError:
        return 1
    return 0
