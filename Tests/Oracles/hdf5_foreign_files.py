"""Writes HDF5 files the way other tools do, for Isomorph to read; saves the expected values.

Usage: hdf5_foreign_files.py IN.npz OUT.npz DIR KIND
  KIND = zstd     DIR/zstd.h5: h5py + hdf5plugin.Zstd at levels 1, 3, 9, 19, 22, five dtypes,
                  odd chunk shapes with partial edge chunks. OUT holds each dataset's values.
  KIND = foreign  DIR/foreign.h5: the dtypes Isomorph widens (int8, int16, uint16, uint32, uint64,
                  float16, bool, big-endian), fixed- and variable-length strings, nested groups,
                  a compound and an oversized uint64 (which must fail), foreign attribute types.
  KIND = xarray   DIR/h5netcdf.nc and DIR/netcdf4.nc: one xarray.Dataset written with
                  to_netcdf(engine="h5netcdf") and engine="netcdf4". OUT holds its values.
  KIND = matlab   DIR/matlab.mat: a MATLAB v7.3 file as MATLAB lays it out (512-byte user block
                  with the MATLAB header, column-major data, MATLAB_class attributes, a cell, a
                  struct, a complex array, an empty array). OUT holds each array in MATLAB's
                  logical (row, column, ...) order.
All data are seeded.
"""
import os
import sys

import h5py
import hdf5plugin
import numpy as np
import xarray as xr


def zstd(d, out):
    rng = np.random.default_rng(11)
    with h5py.File(os.path.join(d, "zstd.h5"), "w") as f:
        for level in (1, 3, 9, 19, 22):
            for dt in ("f4", "f8", "i4", "i8", "u1"):
                if dt[0] == "f":
                    a = rng.standard_normal((37, 23, 5)).astype(dt)
                else:
                    a = rng.integers(0, 200 if dt == "u1" else 1 << 30, size=(37, 23, 5)).astype(dt)
                name = f"L{level}_{dt}"
                f.create_dataset(name, data=a, chunks=(7, 5, 3), **hdf5plugin.Zstd(clevel=level))
                out[name] = a
        v = np.cumsum(rng.standard_normal(1001)).astype("f4")
        f.create_dataset("vector_chunk1", data=v, chunks=(1,), **hdf5plugin.Zstd(clevel=3))
        out["vector_chunk1"] = v


def foreign(d, out):
    n = np.arange(24) - 5
    with h5py.File(os.path.join(d, "foreign.h5"), "w") as f:
        for dt in ("i1", "i2", "u2", "u4", "u8", "f2", ">f8", ">i4"):
            a = (np.abs(n) if dt[-2] == "u" else n).astype(dt).reshape(4, 6)
            if dt[-2] == "f":
                a = (a / 4).astype(dt)
            name = "be_" + dt[1:] if dt.startswith(">") else dt
            f.create_dataset(name, data=a)
            out[name] = a.astype(a.dtype.newbyteorder("="))
        f.create_dataset("bool", data=(np.arange(10) % 3 == 0))
        out["bool"] = (np.arange(10) % 3 == 0).astype("u1")
        f.create_dataset("fixed", data=np.array([b"alpha", b"be", b"", b"gamma-ray"], dtype="S9"))
        out["fixed"] = np.array(["alpha", "be", "", "gamma-ray"])
        f.create_dataset("vlen", data=np.array(["x", "ünï", "long string"], dtype=h5py.string_dtype()))
        out["vlen"] = np.array(["x", "ünï", "long string"])
        g = f.create_group("group/sub")
        g.create_dataset("deep", data=np.linspace(0, 1, 12, dtype="f4").reshape(3, 4), chunks=(2, 3),
                         **hdf5plugin.Zstd(clevel=4))
        out["deep"] = np.linspace(0, 1, 12, dtype="f4").reshape(3, 4)
        f.create_dataset("scalar", data=np.float64(2.75))
        out["scalar"] = np.float64(2.75)
        f.create_dataset("u8_big", data=np.array([1, 2**63 + 5], dtype="u8"))
        f.create_dataset("pairs", data=np.zeros(3, dtype=[("a", "i4"), ("b", "f8")]))
        f.attrs["i1_attr"] = np.int8(-3)
        f.attrs["bool_attr"] = np.bool_(True)
        f.attrs["fixed_attr"] = np.bytes_(b"fixed text")
        f.attrs["f4_list"] = np.array([0.5, 1.5], dtype="f4")


def xarray_files(d, out):
    rng = np.random.default_rng(5)
    act = rng.standard_normal((4, 3)).astype("f4")
    ds = xr.Dataset(
        {
            "act": (("stimulus", "unit"), act, {"units": "a.u.", "layer": "features.6"}),
            "count": (("stimulus",), np.array([3, 1, 4, 1], dtype="i8")),
            "label": (("stimulus",), np.array(["a", "bé", "c", "d"], dtype=object)),
            "cube": (("subject", "stimulus", "unit"), rng.standard_normal((2, 4, 3))),
        },
        coords={
            "stimulus": ["s0", "s1", "s2", "s3"],
            "unit": np.array([10, 20, 30], dtype="i4"),
            "category": ("stimulus", ["face", "body", "face", "tool"]),
        },
        attrs={"title": "from xarray", "n_subjects": 2, "weights": [0.5, 0.25]},
    )
    ds.to_netcdf(os.path.join(d, "h5netcdf.nc"), engine="h5netcdf")
    ds.to_netcdf(os.path.join(d, "netcdf4.nc"), engine="netcdf4")
    out["act"] = act
    out["count"] = ds["count"].values
    out["label"] = np.array(["a", "bé", "c", "d"])
    out["cube"] = ds["cube"].values
    out["stimulus"] = np.array(["s0", "s1", "s2", "s3"])
    out["unit"] = ds["unit"].values
    out["category"] = np.array(["face", "body", "face", "tool"])


def matlab_header():
    text = b"MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Tue Nov 24 06:00:00 2026 HDF5 schema 1.00 ."
    header = text.ljust(116, b" ") + b"\x00" * 8 + b"\x00\x02" + b"IM"
    return header.ljust(512, b"\x00")


def matlab(d, out):
    path = os.path.join(d, "matlab.mat")
    with h5py.File(path, "w", userblock_size=512) as f:
        def put(name, logical, cls, extra=None):
            stored = np.ascontiguousarray(logical.T)  # MATLAB is column-major: HDF5 sees reversed axes
            ds = f.create_dataset(name, data=stored)
            ds.attrs["MATLAB_class"] = np.bytes_(cls)
            for k, v in (extra or {}).items():
                ds.attrs[k] = v
            return ds

        a = np.arange(12, dtype="f8").reshape(3, 4) * 1.5
        put("A", a, "double")
        out["A"] = a
        b = np.arange(24, dtype="f4").reshape(2, 3, 4) - 7.25
        put("B", b, "single")
        out["B"] = b
        v = np.array([[5, -1, 7, 0, 2]], dtype="i4")
        put("v", v, "int32")
        out["v"] = v
        flag = np.array([[1, 0], [0, 1]], dtype="u1")
        put("flag", flag, "logical", {"MATLAB_int_decode": np.int32(1)})
        out["flag"] = flag
        word = "hello é"
        put("name", np.array([[ord(c) for c in word]], dtype="u2"), "char", {"MATLAB_int_decode": np.int32(2)})
        out["name"] = np.array([word])
        rows = ["abc", "xyz"]
        put("names", np.array([[ord(c) for c in r] for r in rows], dtype="u2"), "char",
            {"MATLAB_int_decode": np.int32(2)})
        out["names"] = np.array(rows)
        refs = f.create_group("#refs#")
        r0 = refs.create_dataset("a", data=np.array([[1.0]]))
        r1 = refs.create_dataset("b", data=np.array([[2.0]]))
        c = f.create_dataset("c", data=np.array([[r0.ref], [r1.ref]], dtype=h5py.ref_dtype))
        c.attrs["MATLAB_class"] = np.bytes_("cell")
        s = f.create_group("s")
        s.attrs["MATLAB_class"] = np.bytes_("struct")
        s.create_dataset("x", data=np.array([[1.0]]))
        z = np.zeros((2, 1), dtype=[("real", "<f8"), ("imag", "<f8")])
        zd = f.create_dataset("z", data=z)
        zd.attrs["MATLAB_class"] = np.bytes_("double")
        e = f.create_dataset("e", data=np.array([0, 3], dtype="u8"))
        e.attrs["MATLAB_class"] = np.bytes_("double")
        e.attrs["MATLAB_empty"] = np.uint8(1)
        out["e"] = np.zeros((0, 3))
    with open(path, "r+b") as fh:
        fh.write(matlab_header())


def main():
    out_path, d, kind = sys.argv[2], sys.argv[3], sys.argv[4]
    out = {}
    {"zstd": zstd, "foreign": foreign, "xarray": xarray_files, "matlab": matlab}[kind](d, out)
    np.savez(out_path, **out)


if __name__ == "__main__":
    main()
