"""Checks Strata's exports with the tools users would use.
Usage: check_export.py EXPORT_DIR X.npy Y.npy WEIGHTS.safetensors WEIGHTS.npz
 - the PyTorch folder: model.load() on preprocess(X) (X raw samples, or
   preprocessed ones where the export has no preprocessing) must give Y
   (Strata's outputs) within 1e-4;
 - the .npz: numpy.load reads every tensor, equal to the module's state_dict;
 - the safetensors file: parsed by its specification (u64 header length, JSON
   header, F32 data), equal to the .npz.
Prints the largest differences; exits 1 on a mismatch."""
import json
import struct
import sys

import numpy as np
import torch

export_dir, x_path, y_path, st_path, npz_path = sys.argv[1:6]
sys.path.insert(0, export_dir)
import model as exported  # noqa: E402

m = exported.load()
x = exported.preprocess(np.load(x_path))
want = np.load(y_path)
with torch.no_grad():
    got = m(x).numpy()
diff = float(np.abs(got - want).max())
print(f"pytorch max |diff| {diff:.3g} over {want.size} outputs")
ok = got.shape == want.shape and diff <= 1e-4

npz = np.load(npz_path)
with open(st_path, "rb") as f:
    n = struct.unpack("<Q", f.read(8))[0]
    header = json.loads(f.read(n))
    data = f.read()
for name in npz.files:
    e = header[name]
    a, b = e["data_offsets"]
    st = np.frombuffer(data[a:b], dtype="<f4").reshape(e["shape"])
    if e["dtype"] != "F32" or not np.array_equal(st, npz[name]):
        print("safetensors and npz differ at", name)
        ok = False
print(f"{len(npz.files)} tensors in npz and safetensors agree" if ok else "MISMATCH")
sys.exit(0 if ok else 1)
