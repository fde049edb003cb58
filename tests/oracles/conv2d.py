"""PyTorch oracle: conv2d forward and the gradients of sum(y * r)."""
import sys

import torch
import torch.nn.functional as F

from oracle_io import load, save

d = load(sys.argv[1])
sh, sw, ph, pw, dh, dw = [int(v) for v in d["params"]]
x = torch.tensor(d["x"], dtype=torch.float64, requires_grad=True)
w = torch.tensor(d["w"], dtype=torch.float64, requires_grad=True)
b = torch.tensor(d["b"], dtype=torch.float64, requires_grad=True)
y = F.conv2d(x, w, b, stride=(sh, sw), padding=(ph, pw), dilation=(dh, dw))
(y * torch.tensor(d["r"], dtype=torch.float64)).sum().backward()
save(sys.argv[1], {"y": y, "dx": x.grad, "dw": w.grad, "db": b.grad})
