"""NumPy reference for Isomorph's matrix construction, slicing, element-wise ops and BLAS wrappers.

Called as ``numerics_blas.py IN.npz OUT.npz`` (protocol in numerics_common.py). Products are
computed by NumPy in float64 even for float32 inputs, so sgemm results are compared against the
exact-as-possible product of the same float32 numbers.
"""
import numpy as np

from numerics_common import run, scalar


def op_t(a, t):
    return a.T if scalar(t) else a


def gemm(a, b, c, alpha, beta, ta, tb):
    a64, b64, c64 = (np.asarray(v, dtype=np.float64) for v in (a, b, c))
    return {"out": scalar(alpha) * (op_t(a64, ta) @ op_t(b64, tb)) + scalar(beta) * c64}


def gemv(a, x, y, alpha, beta, t):
    return {"out": scalar(alpha) * (op_t(a, t) @ x) + scalar(beta) * y}


def syrk(a, form):
    a64 = np.asarray(a, dtype=np.float64)
    return {"out": a64.T @ a64 if str(scalar(form)) == "gram" else a64 @ a64.T}


def vectors(x, y, alpha):
    return {"dot": np.dot(x, y), "axpy": scalar(alpha) * x + y}


def ger(a, x, y, alpha):
    return {"out": a + scalar(alpha) * np.outer(x, y)}


def structure(a, rows, cols, r0, r1, c0, c1):
    return {
        "take_rows": a[rows],
        "take_cols": a[:, cols],
        "block": a[scalar(r0):scalar(r1), scalar(c0):scalar(c1)],
        "transpose": np.ascontiguousarray(a.T),
        "diag": np.diagonal(a).copy(),
        "to_float32": a.astype(np.float32),
        "mask_rows": a[(np.arange(a.shape[0]) % 3) == 1],
    }


def triangle(a):
    from scipy.spatial.distance import squareform
    sym = a + a.T
    np.fill_diagonal(sym, 0.0)
    n = a.shape[0]
    return {"triu0": a[np.triu_indices(n, 0)], "triu1": a[np.triu_indices(n, 1)],
            "squareform": squareform(sym, checks=False)}


def stacks(a, b, c):
    return {"hstack": np.hstack([a, b]), "vstack": np.vstack([a, c])}


def elementwise(a, b, s, rowv, colv):
    s = scalar(s)
    return {
        "sum": a + b,
        "difference": a - b,
        "product": a * b,
        "scaled": s * a,
        "divided": a / s,
        "negated": -a,
        "scale_rows": colv[:, None] * a,
        "scale_cols": a * rowv[None, :],
        "add_row": a + rowv[None, :],
        "total": np.sum(a),
        "fro": np.linalg.norm(a, "fro"),
        "maxabs": np.max(np.abs(a)) if a.size else 0.0,
        "trace": np.trace(a),
    }


run({"gemm": gemm, "gemv": gemv, "syrk": syrk, "vectors": vectors, "ger": ger, "structure": structure, "triangle": triangle,
     "stacks": stacks, "elementwise": elementwise})
