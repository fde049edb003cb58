"""PyTorch baseline for `strata bench train resources/examples/transformer_text.strata`:
the same network (Embedding 200x32 with padding mask, learned positions, two
post-norm encoder blocks of self-attention (2 heads of 16) + Dropout 0.1 + Add
+ LayerNorm and Dense 64 GELU + Dense 32 + Dropout 0.1 + Add + LayerNorm, the
masked average over time, Dense 2), Adam 2e-3, batch 32, one epoch over
resources/examples/data/reviews_hard.csv (word tokens, the 199 most frequent
words, padded at the front to 20, 80 % for training). Prints one JSON line with
samples_per_s (over the training steps) and the final training accuracy.
Usage: /usr/bin/python3 pytorch_transformer_text.py [LIMIT] [THREADS]"""
import collections
import csv
import json
import os
import re
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

limit = int(sys.argv[1]) if len(sys.argv) > 1 else 0
threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
torch.set_num_threads(threads)
torch.manual_seed(1)
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "..", "resources", "examples", "data", "reviews_hard.csv"), encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
texts = [re.findall(r"[a-z0-9']+", r["text"].lower()) for r in rows]
counts = collections.Counter(w for t in texts for w in t)
vocab = {w: i + 2 for i, (w, _) in enumerate(counts.most_common(198))}  # 0 padding, 1 unknown
ids = torch.zeros(len(texts), 20, dtype=torch.long)
for n, t in enumerate(texts):
    enc = [vocab.get(w, 1) for w in t][-20:]
    ids[n, 20 - len(enc):] = torch.tensor(enc)
labels = torch.tensor([r["label"] == "positive" for r in rows], dtype=torch.long)
train = int(len(rows) * 0.8)
x, y = ids[:train], labels[:train]
if limit:
    x, y = x[:limit], y[:limit]


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.attention = nn.MultiheadAttention(32, 2, batch_first=True)
        self.norm1, self.norm2 = nn.LayerNorm(32), nn.LayerNorm(32)
        self.ff1, self.ff2 = nn.Linear(32, 64), nn.Linear(64, 32)
        self.drop1, self.drop2 = nn.Dropout(0.1), nn.Dropout(0.1)

    def forward(self, h, padding):
        a, _ = self.attention(h, h, h, key_padding_mask=padding, need_weights=False)
        h = self.norm1(h + self.drop1(a))
        return self.norm2(h + self.drop2(self.ff2(F.gelu(self.ff1(h)))))


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(200, 32, padding_idx=0)
        self.positions = nn.Parameter(torch.zeros(20, 32).uniform_(-0.05, 0.05))
        self.blocks = nn.ModuleList([Block(), Block()])
        self.out = nn.Linear(32, 2)

    def forward(self, tokens):
        padding = tokens == 0
        h = self.embedding(tokens) + self.positions
        for b in self.blocks:
            h = b(h, padding)
        real = (~padding).unsqueeze(-1).float()
        return self.out((h * real).sum(1) / real.sum(1).clamp(min=1))


model = Model()
opt = torch.optim.Adam(model.parameters(), 2e-3)
loss_fn = nn.CrossEntropyLoss()
order = torch.randperm(len(x))
correct, seen, elapsed = 0, 0, 0.0
for i in range(0, len(x), 32):
    idx = order[i:i + 32]
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
