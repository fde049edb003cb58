"""PyTorch oracle: F.batch_norm in training mode; gradients of sum(y * r)."""
import sys

import torch
import torch.nn.functional as F

from oracle_io import load, save

d = load(sys.argv[1])
eps, momentum = [float(v) for v in d["params"]]
x = torch.tensor(d["x"], dtype=torch.float64, requires_grad=True)
g = torch.tensor(d["gamma"], dtype=torch.float64, requires_grad=True)
b = torch.tensor(d["beta"], dtype=torch.float64, requires_grad=True)
rm = torch.tensor(d["running_mean"], dtype=torch.float64)
rv = torch.tensor(d["running_var"], dtype=torch.float64)
y = F.batch_norm(x, rm, rv, g, b, training=True, momentum=momentum, eps=eps)
(y * torch.tensor(d["r"], dtype=torch.float64)).sum().backward()
save(sys.argv[1], {"y": y, "running_mean": rm, "running_var": rv, "dx": x.grad, "dgamma": g.grad, "dbeta": b.grad})
