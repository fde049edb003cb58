"""PyTorch oracle: torch.nn.MultiheadAttention (batch_first, float64) with
Strata's weights, a key padding mask and optionally a causal mask; gradients
of sum(out * r) for the inputs and every weight, named as Strata's roles
(output_weight is Strata's [heads * value_dim, features] layout: out_proj's
transpose)."""
import sys

import torch

from oracle_io import load, save

d = load(sys.argv[1])
heads, causal, bias, cross = [int(v) for v in d["config"][:4]]
x = torch.tensor(d["x"], dtype=torch.float64, requires_grad=True)
y = torch.tensor(d["y"], dtype=torch.float64, requires_grad=True) if cross else x
B, Tq, E = x.shape
Tk, Dkv = y.shape[1], y.shape[2]
mha = torch.nn.MultiheadAttention(E, heads, bias=bool(bias), batch_first=True, kdim=Dkv, vdim=Dkv).double()
w = {k: torch.tensor(v, dtype=torch.float64) for k, v in d.items()}
with torch.no_grad():
    if mha._qkv_same_embed_dim:
        mha.in_proj_weight.copy_(torch.cat([w["query_weight"], w["key_weight"], w["value_weight"]]).reshape(3 * E, E))
    else:
        mha.q_proj_weight.copy_(w["query_weight"].reshape(E, E))
        mha.k_proj_weight.copy_(w["key_weight"].reshape(E, Dkv))
        mha.v_proj_weight.copy_(w["value_weight"].reshape(E, Dkv))
    mha.out_proj.weight.copy_(w["output_weight"].reshape(E, E).T)
    if bias:
        mha.in_proj_bias.copy_(torch.cat([w["query_bias"], w["key_bias"], w["value_bias"]]))
        mha.out_proj.bias.copy_(w["output_bias"])
key_padding_mask = torch.tensor(d["mask"]) == 0
attn_mask = torch.triu(torch.ones(Tq, Tk, dtype=torch.bool), diagonal=1) if causal else None
out, _ = mha(x, y, y, key_padding_mask=key_padding_mask, attn_mask=attn_mask, need_weights=False)
(out * torch.tensor(d["r"], dtype=torch.float64)).sum().backward()
grads = {"out": out, "x": x.grad}
if cross:
    grads["y"] = y.grad
if mha._qkv_same_embed_dim:
    q, k, v = mha.in_proj_weight.grad.split(E)
else:
    q, k, v = mha.q_proj_weight.grad, mha.k_proj_weight.grad, mha.v_proj_weight.grad
grads.update({"query_weight": q, "key_weight": k, "value_weight": v, "output_weight": mha.out_proj.weight.grad.T})
if bias:
    qb, kb, vb = mha.in_proj_bias.grad.split(E)
    grads.update({"query_bias": qb, "key_bias": kb, "value_bias": vb, "output_bias": mha.out_proj.bias.grad})
save(sys.argv[1], {k: v.flatten() for k, v in grads.items()})
