"""Checks an ONNX file exported by Strata with the tools users would use.
Usage: check_onnx.py MODEL.onnx X.npy Y.npy RUNNER.mjs
 - python3-onnx: onnx.checker.check_model(full_check=True) (with strict shape
   inference) and the opset;
 - onnxruntime-web (npm, wasm backend under Node.js, through RUNNER.mjs) runs
   the model on X: its outputs must equal Y (Strata's) within 1e-4.
Prints the largest difference; exits 1 on a mismatch."""
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx

model_path, x_path, y_path, runner = sys.argv[1:5]
model = onnx.load(model_path)
onnx.checker.check_model(model, full_check=True)
opset = {o.domain: o.version for o in model.opset_import}.get("", 0)
print(f"onnx checker ok (ir {model.ir_version}, opset {opset}, {len(model.graph.node)} nodes)")
ok = opset >= 13

with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "out.npy")
    r = subprocess.run(["node", runner, model_path, x_path, out], capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        print("onnxruntime-web failed:", r.stdout, r.stderr)
        sys.exit(1)
    got = np.load(out)
want = np.load(y_path)
if got.shape != want.shape:
    print(f"shape {got.shape} from onnxruntime-web, Strata {want.shape}")
    sys.exit(1)
diff = float(np.abs(got.astype(np.float64) - want).max())
print(f"onnxruntime-web max |diff| {diff:.3g} over {want.size} outputs")
ok = ok and diff <= 1e-4
print("OK" if ok else "MISMATCH")
sys.exit(0 if ok else 1)
