"""PyTorch oracle: torch.optim applied to a parameter vector for a sequence of gradients.

Inputs: p0 [n], grads [steps, n], config [7] = kind (0 SGD, 1 Adam, 2 AdamW,
3 RMSprop), nesterov, lr, beta1 (momentum), beta2 (alpha), eps, weight_decay.
"""
import sys

import torch

from oracle_io import load, save

d = load(sys.argv[1])
kind, nesterov, lr, b1, b2, eps, wd = [float(x) for x in d["config"]]
p = torch.tensor(d["p0"], dtype=torch.float64, requires_grad=True)
if kind == 0:
    opt = torch.optim.SGD([p], lr=lr, momentum=b1, nesterov=bool(nesterov), weight_decay=wd)
elif kind == 1:
    opt = torch.optim.Adam([p], lr=lr, betas=(b1, b2), eps=eps, weight_decay=wd)
elif kind == 2:
    opt = torch.optim.AdamW([p], lr=lr, betas=(b1, b2), eps=eps, weight_decay=wd)
else:
    opt = torch.optim.RMSprop([p], lr=lr, alpha=b2, eps=eps, weight_decay=wd)
for g in d["grads"]:
    opt.zero_grad()
    p.grad = torch.tensor(g, dtype=torch.float64)
    opt.step()
save(sys.argv[1], {"p": p})
