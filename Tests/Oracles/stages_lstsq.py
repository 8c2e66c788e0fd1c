"""Least-squares fits with numpy.linalg.lstsq: for each pair `<name>__x`, `<name>__y`, writes
`<name>` = argmin_W ||x W - y|| (no intercept)."""
import sys

import numpy as np

data = np.load(sys.argv[1])
out = {}
for key in data.files:
    if key.endswith("__x"):
        name = key[:-3]
        out[name] = np.linalg.lstsq(data[key], data[name + "__y"], rcond=None)[0]
np.savez(sys.argv[2], **out)
