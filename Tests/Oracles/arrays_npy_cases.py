"""NumPy side of the .npy/.npz interop tests.

Usage:
  arrays_npy_cases.py write DIR      numpy writes one .npy per case into DIR (+ two .npz archives)
  arrays_npy_cases.py check DIR      numpy loads every .npy/.npz Isomorph wrote into DIR and checks it

Every numeric case holds the values f(i) = (i * 7 % 23) - 5 + 0.25 * (kind is float) for flat
C-order index i, cast to the case's dtype; string cases hold "s{i}-é" (non-ASCII on purpose).
Both sides compute the expected values from this rule independently.
"""
import json
import os
import sys

import numpy as np

SHAPES = {"s0": (), "s1": (5,), "s2": (3, 4), "s3": (2, 3, 4)}
DTYPES = ["f2", "f4", "f8", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "b1", "U", "S"]


def expected(dtype, shape):
    n = int(np.prod(shape)) if shape else 1
    i = np.arange(n)
    if dtype == "U":
        return np.array([f"s{k}-é" for k in i]).reshape(shape)
    if dtype == "S":
        return np.array([f"s{k}".encode() for k in i]).reshape(shape)
    if dtype == "b1":
        return (i % 3 == 0).reshape(shape)
    base = (i * 7 % 23) - 5
    if dtype[0] == "u":
        base = np.abs(base)
    if dtype[0] == "f":
        base = base + 0.25
    return base.astype(dtype).reshape(shape)


def write(d):
    cases = []
    for dt in DTYPES:
        for sname, shape in SHAPES.items():
            for order in "CF":
                for bo in "<>":
                    if dt in ("U", "S", "b1", "i1", "u1") and bo == ">":
                        continue
                    a = expected(dt, shape)
                    if dt not in ("U", "S", "b1"):
                        a = a.astype(bo + dt)
                    elif dt == "U":
                        a = a.astype(bo + a.dtype.str[1:])
                    a = np.array(a, order=order)
                    name = f"{dt}_{sname}_{order}_{'le' if bo == '<' else 'be'}"
                    np.save(os.path.join(d, name + ".npy"), a)
                    cases.append(name)
    # Header format versions 2.0 and 3.0 (3.0: UTF-8 header)
    a = expected("f8", (3, 4))
    for v in [(2, 0), (3, 0)]:
        with open(os.path.join(d, f"f8_s2_C_le_v{v[0]}.npy"), "wb") as f:
            np.lib.format.write_array(f, a, version=v)
        cases.append(f"f8_s2_C_le_v{v[0]}")
    np.savez(os.path.join(d, "plain.npz"), x=expected("f8", (3, 4)), labels=expected("U", (5,)),
             ids=expected("i8", (2, 3, 4)))
    np.savez_compressed(os.path.join(d, "compressed.npz"), x=expected("f4", (3, 4)),
                        labels=expected("U", (5,)))
    print(json.dumps({"cases": cases}))


def check(d):
    checked = 0
    for fname in sorted(os.listdir(d)):
        path = os.path.join(d, fname)
        if fname.endswith(".npy"):
            stem = fname[:-4]
            dt, sname, order, bo = stem.split("_")[:4]
            a = np.load(path, allow_pickle=False)
            e = expected(dt, SHAPES[sname])
            assert a.shape == e.shape, (fname, a.shape, e.shape)
            want_order = "F" if order == "F" and a.ndim > 1 else None
            if want_order:
                assert a.flags.f_contiguous and not a.flags.c_contiguous, (fname, "not Fortran order")
            if bo == "be":
                assert a.dtype.byteorder == ">", (fname, a.dtype)
            assert np.array_equal(a, e), (fname, a, e)
            checked += 1
        elif fname.endswith(".npz"):
            with np.load(path, allow_pickle=False) as z:
                assert sorted(z.files) == ["ids", "labels", "x"], z.files
                assert np.array_equal(z["x"], expected("f8", (3, 4)))
                assert np.array_equal(z["labels"], expected("U", (5,)))
                assert np.array_equal(z["ids"], expected("i8", (2, 3, 4)))
            checked += 1
    print(json.dumps({"checked": checked}))


if __name__ == "__main__":
    {"write": write, "check": check}[sys.argv[1]](sys.argv[2])
