"""PyTorch oracle: torch.nn.LSTM / GRU (batch_first) with the given weights;
packed sequences when lengths are given; gradients of sum(y * r), where y is
the output sequence (return_sequences) or the final hidden state."""
import sys

import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from oracle_io import load, save

d = load(sys.argv[1])
cell, return_sequences, has_lengths = [int(v) for v in d["params"]]
x = torch.tensor(d["x"], dtype=torch.float64, requires_grad=True)
B, T, I = x.shape
G, H = d["w_hh"].shape
rnn = (torch.nn.LSTM if cell == 1 else torch.nn.GRU)(I, H, batch_first=True).double()
with torch.no_grad():
    rnn.weight_ih_l0.copy_(torch.tensor(d["w_ih"]))
    rnn.weight_hh_l0.copy_(torch.tensor(d["w_hh"]))
    rnn.bias_ih_l0.copy_(torch.tensor(d["b_ih"]))
    rnn.bias_hh_l0.copy_(torch.tensor(d["b_hh"]))
if has_lengths:
    lengths = torch.tensor(d["lengths"]).long()
    packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
    out, state = rnn(packed)
    out, _ = pad_packed_sequence(out, batch_first=True, total_length=T)
else:
    out, state = rnn(x)
h_n = state[0] if cell == 1 else state
y = out if return_sequences else h_n[0]
(y * torch.tensor(d["r"], dtype=torch.float64).reshape(y.shape)).sum().backward()
save(sys.argv[1], {"y": y, "dx": x.grad, "dw_ih": rnn.weight_ih_l0.grad, "dw_hh": rnn.weight_hh_l0.grad,
                   "db_ih": rnn.bias_ih_l0.grad, "db_hh": rnn.bias_hh_l0.grad})
