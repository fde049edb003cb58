"""Checks an exported model.py's preprocess() against Strata's preprocessing.
Usage: check_preprocess.py EXPORT_DIR RAW WANT.npy [LOGITS.npy]
 - RAW: a .txt of texts (one per line) or a .npy of raw samples;
 - WANT.npy: what Strata's preprocessing gives for them (float32);
 - LOGITS.npy: what `strata predict --logits` gave for them.
preprocess(RAW) must equal WANT exactly (both compute in float64 and round
once), and load()(preprocess(RAW)) the logits within 1e-4. Prints the
largest differences; exits 1 on a mismatch."""
import sys

import numpy as np

export_dir, raw_path, want_path = sys.argv[1:4]
sys.path.insert(0, export_dir)
import model as exported  # noqa: E402

if raw_path.endswith(".txt"):
    with open(raw_path, encoding="utf-8") as f:
        raw = [line.rstrip("\r\n") for line in f if line.strip()]
else:
    raw = np.load(raw_path)
got = exported.preprocess(raw).numpy()
want = np.load(want_path).reshape(got.shape)
diff = float(np.abs(got.astype(np.float64) - want).max())
print(f"preprocess() max |diff| {diff:.3g} over {want.size} values ({exported.PREPROCESSING})")
ok = got.dtype == np.float32 and diff == 0.0
if len(sys.argv) > 4:
    import torch
    with torch.no_grad():
        logits = exported.load()(exported.preprocess(raw)).numpy()
    want_logits = np.load(sys.argv[4])
    ldiff = float(np.abs(logits - want_logits.reshape(logits.shape)).max())
    print(f"model(preprocess()) max |diff| {ldiff:.3g} from strata predict over {logits.size} logits")
    ok = ok and ldiff <= 1e-4
print("OK" if ok else "MISMATCH")
sys.exit(0 if ok else 1)
