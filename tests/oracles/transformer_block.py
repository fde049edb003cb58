"""PyTorch oracle: torch.nn.TransformerEncoderLayer (batch_first, float64,
dropout 0) with Strata's TransformerEncoderBlock weights, a key padding mask
and optionally a causal mask; gradients of sum(out * r) for the input and
every weight, named as Strata's roles."""
import sys

import torch

from oracle_io import load, save

d = load(sys.argv[1])
heads, pre_norm, gelu, causal = [int(v) for v in d["config"][:4]]
x = torch.tensor(d["x"], dtype=torch.float64, requires_grad=True)
B, T, D = x.shape
F_ = d["ff1.weight"].size // D
layer = torch.nn.TransformerEncoderLayer(D, heads, F_, dropout=0.0, activation="gelu" if gelu else "relu",
                                         batch_first=True, norm_first=bool(pre_norm)).double()
w = {k: torch.tensor(v, dtype=torch.float64) for k, v in d.items()}
with torch.no_grad():
    a = layer.self_attn
    a.in_proj_weight.copy_(torch.cat([w["attention.query_weight"], w["attention.key_weight"],
                                      w["attention.value_weight"]]).reshape(3 * D, D))
    a.in_proj_bias.copy_(torch.cat([w["attention.query_bias"], w["attention.key_bias"], w["attention.value_bias"]]))
    a.out_proj.weight.copy_(w["attention.output_weight"].reshape(D, D).T)
    a.out_proj.bias.copy_(w["attention.output_bias"])
    layer.linear1.weight.copy_(w["ff1.weight"].reshape(F_, D))
    layer.linear1.bias.copy_(w["ff1.bias"])
    layer.linear2.weight.copy_(w["ff2.weight"].reshape(D, F_))
    layer.linear2.bias.copy_(w["ff2.bias"])
    for n in ("norm1", "norm2"):
        getattr(layer, n).weight.copy_(w[n + ".weight"])
        getattr(layer, n).bias.copy_(w[n + ".bias"])
layer.train()
padding = torch.tensor(d["mask"]) == 0
src_mask = torch.triu(torch.ones(T, T, dtype=torch.bool), diagonal=1) if causal else None
out = layer(x, src_mask=src_mask, src_key_padding_mask=padding)
(out * torch.tensor(d["r"], dtype=torch.float64)).sum().backward()
a = layer.self_attn
q, k, v = a.in_proj_weight.grad.split(D)
qb, kb, vb = a.in_proj_bias.grad.split(D)
grads = {"out": out, "x": x.grad, "attention.query_weight": q, "attention.key_weight": k, "attention.value_weight": v,
         "attention.query_bias": qb, "attention.key_bias": kb, "attention.value_bias": vb,
         "attention.output_weight": a.out_proj.weight.grad.T, "attention.output_bias": a.out_proj.bias.grad,
         "ff1.weight": layer.linear1.weight.grad, "ff1.bias": layer.linear1.bias.grad,
         "ff2.weight": layer.linear2.weight.grad, "ff2.bias": layer.linear2.bias.grad,
         "norm1.weight": layer.norm1.weight.grad, "norm1.bias": layer.norm1.bias.grad,
         "norm2.weight": layer.norm2.weight.grad, "norm2.bias": layer.norm2.bias.grad}
save(sys.argv[1], {k: v.flatten() for k, v in grads.items()})
