"""Opens an Isomorph artifact with the clients users have and reports what each sees.

Usage: hdf5_artifact_clients.py IN.npz OUT.npz ARTIFACT

For every variable xarray finds (`xarray.open_dataset(ARTIFACT, engine="h5netcdf")`):
  xr__NAME__values   the values (strings as a NumPy unicode array)
  xr__NAME__dims     its dimension names
  xr__NAME__dtype    str(dtype) as xarray reports it ("object" would mean undecoded strings)
  xr__NAME__kind     "coord" or "data"
  xr__NAME__attrs    canonical text of its attributes (see canon())
xr____attrs          canonical text of the dataset attributes
xr____dims           "name=length" for every dimension
For every HDF5 dataset h5py (with hdf5plugin) finds:
  h5__NAME__values, h5__NAME__filters ("id:params;..."), h5__NAME__chunks
nc__NAME__values     the same read through the netCDF4 engine (netCDF-C), a third client.
"""
import json
import sys

import h5py
import hdf5plugin  # noqa: F401  (registers filter 32015 with h5py's HDF5)
import numpy as np
import xarray as xr


def canon(attrs):
    """One line per attribute: name, kind, JSON value; Swift renders its attributes the same way."""
    lines = []
    for key, v in attrs.items():
        if isinstance(v, (bytes, np.bytes_)):
            v = v.decode()
        if isinstance(v, str):
            lines.append(f"{key}\tstr\t{json.dumps(v, ensure_ascii=False)}")
        elif isinstance(v, (bool, np.bool_)):
            lines.append(f"{key}\tint\t{int(v)}")
        elif isinstance(v, (int, np.integer)):
            lines.append(f"{key}\tint\t{int(v)}")
        elif isinstance(v, (float, np.floating)):
            lines.append(f"{key}\tfloat\t{float(v)!r}")
        else:
            a = np.asarray(v)
            if a.dtype.kind in "iub":
                lines.append(f"{key}\tint[]\t{json.dumps([int(x) for x in a.ravel()])}")
            elif a.dtype.kind == "f":
                lines.append(f"{key}\tfloat[]\t[{', '.join(repr(float(x)) for x in a.ravel())}]")
            else:
                lines.append(f"{key}\tstr[]\t{json.dumps([str(x) for x in a.ravel()], ensure_ascii=False)}")
    return np.array("\n".join(sorted(lines)))


def values(a):
    a = np.asarray(a)
    if a.dtype.kind in "OSU":
        return np.vectorize(lambda x: x.decode() if isinstance(x, bytes) else str(x), otypes=[str])(a) if a.size else a.astype(str)
    return a


def main():
    out_path, artifact = sys.argv[2], sys.argv[3]
    out = {}
    ds = xr.open_dataset(artifact, engine="h5netcdf")
    for name, var in ds.variables.items():
        key = f"xr__{name}"
        out[key + "__values"] = values(var.values)
        out[key + "__dims"] = np.array(list(var.dims), dtype=str) if var.dims else np.zeros(0, dtype="<U1")
        out[key + "__dtype"] = np.array(str(var.dtype) if var.dtype.kind not in "OU" else "string")
        out[key + "__kind"] = np.array("coord" if name in ds.coords else "data")
        out[key + "__attrs"] = canon(var.attrs)
    out["xr____attrs"] = canon(ds.attrs)
    out["xr____dims"] = np.array([f"{k}={v}" for k, v in ds.sizes.items()], dtype=str)
    ds.close()
    with h5py.File(artifact, "r") as f:
        for name, d in f.items():
            if not isinstance(d, h5py.Dataset):
                continue
            key = f"h5__{name}"
            if d.dtype.kind == "O" or d.dtype.kind == "S":
                out[key + "__values"] = values(d.asstr()[()])
            elif "NAME" in d.attrs and d.attrs["NAME"].startswith(b"This is a netCDF dimension"):
                out[key + "__values"] = np.array(d.shape, dtype=np.int64)  # phantom: no data, report length
            else:
                out[key + "__values"] = d[()]
            out[key + "__filters"] = np.array(";".join(f"{k}:{','.join(map(str, v))}" for k, v in d._filters.items()))
            out[key + "__chunks"] = np.array(d.chunks if d.chunks else (), dtype=np.int64)
    nc = xr.open_dataset(artifact, engine="netcdf4")
    for name, var in nc.variables.items():
        out[f"nc__{name}__values"] = values(var.values)
    nc.close()
    np.savez(out_path, **out)


if __name__ == "__main__":
    main()
