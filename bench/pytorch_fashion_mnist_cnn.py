"""PyTorch baseline for `strata bench train resources/examples/fashion_mnist_cnn.strata`:
the same network (Conv2D 32 3x3 ReLU, MaxPool 2, Conv2D 64 3x3 ReLU, MaxPool 2,
Flatten, Dense 128 ReLU, Dense 10), Adam 1e-3, batch 64, one epoch over the
Fashion-MNIST training set from Debian's dataset-fashion-mnist. Prints one JSON
line with samples_per_s (over the training steps) and the final accuracy.
Usage: /usr/bin/python3 pytorch_fashion_mnist_cnn.py [LIMIT] [THREADS]"""
import gzip
import json
import sys
import time

import numpy as np
import torch
import torch.nn as nn

limit = int(sys.argv[1]) if len(sys.argv) > 1 else 0
threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
torch.set_num_threads(threads)
torch.manual_seed(1)
root = "/usr/share/datasets/fashion-mnist/"
with gzip.open(root + "train-images-idx3-ubyte.gz") as f:
    x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 1, 28, 28).astype(np.float32) / 255
with gzip.open(root + "train-labels-idx1-ubyte.gz") as f:
    y = np.frombuffer(f.read(), np.uint8, offset=8).astype(np.int64)
if limit:
    x, y = x[:limit], y[:limit]
x, y = torch.from_numpy(x.copy()), torch.from_numpy(y.copy())
model = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(),
                      nn.MaxPool2d(2), nn.Flatten(), nn.Linear(1600, 128), nn.ReLU(), nn.Linear(128, 10))
opt = torch.optim.Adam(model.parameters(), 1e-3)
loss_fn = nn.CrossEntropyLoss()
order = torch.randperm(len(x))
correct, seen, elapsed = 0, 0, 0.0
for i in range(0, len(x), 64):
    idx = order[i:i + 64]
    xb, yb = x[idx], y[idx]
    t0 = time.perf_counter()
    opt.zero_grad()
    out = model(xb)
    loss = loss_fn(out, yb)
    loss.backward()
    opt.step()
    elapsed += time.perf_counter() - t0
    correct += (out.argmax(1) == yb).sum().item()
    seen += len(idx)
print(json.dumps({"samples_per_s": seen / elapsed, "train_accuracy": correct / seen, "threads": threads,
                  "torch": torch.__version__}))
