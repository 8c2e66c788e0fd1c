"""NumPy/SciPy reference for Isomorph's LAPACK-backed decompositions and solvers.

Called as ``numerics_linalg.py IN.npz OUT.npz`` (protocol in numerics_common.py). Every op uses
the routine the field uses: numpy.linalg.svd (gesdd), eigh (syevd), cholesky (potrf), qr
(geqrf/orgqr), lstsq (gelsd), pinv, solve (gesv), inv; scipy.linalg.cho_solve (potrs).
``*_fails`` outputs are NumPy's verdict (1 = LinAlgError) on the same degenerate input.
"""
import numpy as np
import scipy.linalg

from numerics_common import fails, run, scalar


def svd(a):
    u, s, vt = np.linalg.svd(a, full_matrices=False)
    uf, _, vtf = np.linalg.svd(a, full_matrices=True)
    return {"u": u, "s": s, "vt": vt, "u_full": uf, "vt_full": vtf,
            "rank": np.linalg.matrix_rank(a) if a.size else 0}


def eigh(a):
    w, v = np.linalg.eigh(a)  # UPLO='L': reads the lower triangle
    return {"w": w, "v": v, "wonly": np.linalg.eigvalsh(a)}


def cholesky(a, b):
    lower = np.linalg.cholesky(a)
    return {"l": lower, "x": scipy.linalg.cho_solve((lower, True), b), "logdet": np.linalg.slogdet(a)[1]}


def qr(a):
    q, r = np.linalg.qr(a, mode="reduced")
    qc, rc = np.linalg.qr(a, mode="complete")
    return {"q": q, "r": r, "qc": qc, "rc": rc}


def lstsq(a, b, rcond):
    x, res, rank, s = np.linalg.lstsq(a, b, rcond=scalar(rcond))
    return {"x": x, "res": res, "rank": rank, "s": s}


def pinv(a, rtol=None):
    # rtol absent -> NumPy 2.x's array-API default max(m, n)·eps, i.e. pinv(a, rtol=None).
    return {"p": np.linalg.pinv(a, rtol=None if rtol is None else scalar(rtol))}


def solve(a, b):
    return {"x": np.linalg.solve(a, b), "inv": np.linalg.inv(a)}


def degenerate(a):
    return {
        "cholesky_fails": fails(lambda: np.linalg.cholesky(a)),
        "solve_fails": fails(lambda: np.linalg.solve(a, np.ones((a.shape[0], 1)))),
        "inv_fails": fails(lambda: np.linalg.inv(a)),
    }


run({"svd": svd, "eigh": eigh, "cholesky": cholesky, "qr": qr, "lstsq": lstsq, "pinv": pinv,
     "solve": solve, "degenerate": degenerate})
