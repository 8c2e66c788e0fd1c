"""An independent implementation of Isomorph's canonical content digest, from its documentation
(IsomorphArrays/VariableDigester.swift and Dataset+Digest.swift), used to pin the record format.

Usage: arrays_digest.py in.npz out.npz
The input archive holds arrays named `var__<name>` / `coord__<name>`, each with a companion
`dims__<name>` (an array of dimension names). The script prints the dataset digest as hex.
"""
import hashlib
import struct
import sys

import numpy as np

DTYPES = {"float32": "<f4", "float64": "<f8", "int32": "<i4", "int64": "<i8", "uint8": "|u1"}


def lp(s):
    b = s.encode("utf-8")
    return struct.pack("<Q", len(b)) + b


def dtype_name(a):
    if a.dtype.kind == "U":
        return "string"
    return {"f4": "float32", "f8": "float64", "i4": "int32", "i8": "int64", "u1": "uint8"}[a.dtype.str[1:]]


def variable_digest(a, dims):
    h = hashlib.sha256()
    name = dtype_name(a)
    h.update(lp("isomorph.variable.v1"))
    h.update(lp(name))
    h.update(struct.pack("<Q", a.ndim))
    for d, n in zip(dims, a.shape):
        h.update(lp(d))
        h.update(struct.pack("<Q", n))
    h.update(struct.pack("<Q", 0))  # no attributes
    if name == "string":
        for s in a.reshape(-1):
            h.update(lp(str(s)))
    else:
        h.update(np.ascontiguousarray(a, dtype=DTYPES[name]).tobytes())
    return h.digest()


def main():
    z = np.load(sys.argv[1], allow_pickle=False)
    groups = {"coord": [], "var": []}
    for key in z.files:
        kind, _, name = key.partition("__")
        if kind in groups:
            dims = [str(d) for d in z["dims__" + name].reshape(-1)]
            groups[kind].append((name, variable_digest(z[key], dims)))
    h = hashlib.sha256()
    h.update(lp("isomorph.dataset.v1"))
    for kind in ("coord", "var"):
        entries = sorted(groups[kind], key=lambda e: e[0].encode("utf-8"))
        h.update(struct.pack("<Q", len(entries)))
        for name, d in entries:
            h.update(lp(name))
            h.update(d)
    print(h.hexdigest())


if __name__ == "__main__":
    main()
