"""scikit-learn's splitters on the same data: test-fold assignment per observation.

Inputs: `labels` (int, per observation), `groups` (int, per observation), `n` (0-d), `k` (0-d).
Outputs: `<scheme>` = the test fold of each observation for kfold, stratified, logo, groupkfold.
"""
import sys

import numpy as np
from sklearn.model_selection import GroupKFold, KFold, LeaveOneGroupOut, StratifiedKFold

data = np.load(sys.argv[1])
n, k = int(data["n"]), int(data["k"])
labels, groups = data["labels"], data["groups"]
X = np.zeros((n, 1))


def assignment(splits):
    fold = np.full(n, -1)
    for f, (train, test) in enumerate(splits):
        assert np.all(fold[test] == -1)
        assert len(np.intersect1d(train, test)) == 0 and len(train) + len(test) == n
        fold[test] = f
    return fold


np.savez(
    sys.argv[2],
    kfold=assignment(KFold(k).split(X)),
    stratified=assignment(StratifiedKFold(k).split(X, labels)),
    logo=assignment(LeaveOneGroupOut().split(X, labels, groups.astype(str))),
    groupkfold=assignment(GroupKFold(k).split(X, labels, groups.astype(str))),
)
