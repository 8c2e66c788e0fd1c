"""scikit-learn's LASSO on the cases the Swift tests send (see numerics_common.py for the protocol).

Ops:
- path: lasso_path on X, y (centred first when fit_intercept), with the given alphas or grid size.
- fit: Lasso(alpha).fit.
- cv: LassoCV with explicit folds (fold_of: test fold per sample), plus the one-standard-error
  choice computed from LassoCV's own mse_path_, the refits at both alphas, and held-out
  predictions at both alphas (each fold's path at that alpha, as LassoCV scores it).
- cv_standardized: the same with every fold standardised on its own training statistics
  (Pipeline(StandardScaler, Lasso) per fold on LassoCV's grid of the standardised data).
"""
import warnings

import numpy as np
from numerics_common import run, scalar
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import Lasso, LassoCV, lasso_path
from sklearn.model_selection import PredefinedSplit
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

warnings.simplefilter("ignore", ConvergenceWarning)


def path(X, y, alphas, fit_intercept, tol, max_iter, precompute):
    if bool(scalar(fit_intercept)):
        X = X - X.mean(axis=0)
        y = y - y.mean()
    a = alphas if alphas.size > 1 or alphas.ndim == 1 else int(scalar(alphas))
    pre = {"gram": True, "residual": False}[str(scalar(precompute))]
    out_alphas, coefs, gaps, iters = lasso_path(
        np.asfortranarray(X), y, alphas=a, tol=float(scalar(tol)), max_iter=int(scalar(max_iter)),
        precompute=pre, return_n_iter=True)
    return {"alphas": out_alphas, "coefs": coefs.T, "gaps": gaps, "iters": np.asarray(iters)}


def fit(X, y, alpha, tol, max_iter):
    m = Lasso(alpha=float(scalar(alpha)), tol=float(scalar(tol)), max_iter=int(scalar(max_iter))).fit(X, y)
    return {"coef": m.coef_, "intercept": m.intercept_, "iters": m.n_iter_, "gap": m.dual_gap_}


def one_se(mse_path, ddof=1):
    k = mse_path.shape[1]
    mean = mse_path.mean(axis=1)
    se = mse_path.std(axis=1, ddof=ddof) / np.sqrt(k)
    best = int(np.argmin(mean))
    return best, int(np.nonzero(mean <= mean[best] + se[best])[0][0]), mean, se


def cv(X, y, fold_of, n_alphas, eps, tol, max_iter):
    splits = list(PredefinedSplit(fold_of).split())
    kw = dict(tol=float(scalar(tol)), max_iter=int(scalar(max_iter)))
    m = LassoCV(alphas=int(scalar(n_alphas)), eps=float(scalar(eps)), cv=splits, **kw).fit(X, y)
    best, chosen, mean, se = one_se(m.mse_path_)
    assert m.alpha_ == m.alphas_[best]
    refit = Lasso(alpha=m.alphas_[chosen], **kw).fit(X, y)
    # Held-out predictions as LassoCV's _path_residuals makes them: each fold's warm-started path
    # (centred training data, Gram matrix as precompute="auto" gives for n > p) at the chosen alpha.
    held_min, held_1se = np.empty_like(y), np.empty_like(y)
    for train, test in splits:
        xm, ym = X[train].mean(axis=0), y[train].mean()
        _, coefs, _ = lasso_path(
            np.asfortranarray(X[train] - xm), y[train] - ym, alphas=m.alphas_, precompute=True, **kw)
        pred = X[test] @ coefs + (ym - xm @ coefs)
        held_min[test], held_1se[test] = pred[:, best], pred[:, chosen]
    return {
        "alphas": m.alphas_, "mse": m.mse_path_, "alpha_min": m.alpha_, "index_min": best, "coef_min": m.coef_,
        "intercept_min": m.intercept_, "index_1se": chosen, "alpha_1se": m.alphas_[chosen],
        "coef_1se": refit.coef_, "intercept_1se": refit.intercept_, "mean": mean, "se": se,
        "held_min": held_min, "held_1se": held_1se,
    }


def cv_standardized(X, y, fold_of, n_alphas, eps, tol, max_iter):
    splits = list(PredefinedSplit(fold_of).split())
    kw = dict(tol=float(scalar(tol)), max_iter=int(scalar(max_iter)))
    grid = LassoCV(alphas=int(scalar(n_alphas)), eps=float(scalar(eps)), cv=splits, **kw).fit(
        StandardScaler().fit_transform(X), y).alphas_
    mse = np.empty((grid.size, len(splits)))
    for k, (train, test) in enumerate(splits):
        scaler = StandardScaler().fit(X[train])
        xs = scaler.transform(X[train])
        xm, ym = xs.mean(axis=0), y[train].mean()
        _, coefs, _ = lasso_path(np.asfortranarray(xs - xm), y[train] - ym, alphas=grid, precompute=True, **kw)
        pred = scaler.transform(X[test]) @ coefs + (ym - xm @ coefs)
        mse[:, k] = ((pred - y[test][:, None]) ** 2).mean(axis=0)
    best, chosen, _, _ = one_se(mse)
    full = make_pipeline(StandardScaler(), Lasso(alpha=grid[chosen], **kw)).fit(X, y)
    lasso = full[-1]
    scale = full[0].scale_
    return {"alphas": grid, "mse": mse, "index_min": best, "index_1se": chosen, "coef_1se": lasso.coef_ / scale}


run({"path": path, "fit": fit, "cv": cv, "cv_standardized": cv_standardized})
