"""Array exchange between the C++ tests and PyTorch oracle scripts.

A directory holds manifest.json ({name: shape}) and <name>.bin (raw
little-endian float32) for every array; outputs are written the same way.
"""
import json
import os

import numpy as np


def load(directory):
    with open(os.path.join(directory, "manifest.json")) as f:
        manifest = json.load(f)
    return {name: np.fromfile(os.path.join(directory, name + ".bin"), dtype="<f4").reshape(shape)
            for name, shape in manifest.items()}


def save(directory, arrays):
    manifest = {}
    for name, value in arrays.items():
        a = np.asarray(value.detach().numpy() if hasattr(value, "detach") else value, dtype="<f4")
        a.tofile(os.path.join(directory, "out_" + name + ".bin"))
        manifest[name] = list(a.shape)
    with open(os.path.join(directory, "out_manifest.json"), "w") as f:
        json.dump(manifest, f)
