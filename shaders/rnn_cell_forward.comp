#version 450
// One timestep of a recurrent cell, invocation (b, j) of [B, H], after the
// recurrent GEMM: gates[t] hold preactivations (GRU: input part, with the
// recurrent part in rgates[t]); this writes the activations back, the state
// at t + 1 and the output y[t]. Past a sample's length the state is carried
// and the output is zero.
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
#include "elementwise.glsl"
#include "rnn_params.glsl"
layout(std430, binding = 0) buffer Gates { float g[]; };
layout(std430, binding = 1) readonly buffer RGates { float rg[]; };
layout(std430, binding = 2) buffer Hs { float h[]; };
layout(std430, binding = 3) buffer Cs { float c[]; };
layout(std430, binding = 4) readonly buffer Len { float len[]; };
layout(std430, binding = 5) writeonly buffer Y { float y[]; };
void main() {
  uint i = elementwise_index();
  if (i >= p.B * p.H) return;
  uint b = i / p.H, j = i % p.H, H = p.H;
  uint G = (CELL == 1 ? 4 : CELL == 2 ? 3 : 1) * H;
  uint hp = p.o_h + p.t * p.B * H + i, hn = hp + p.B * H;
  uint cp = p.o_c + p.t * p.B * H + i, cn = cp + p.B * H;
  uint yo = p.o_y + p.t * p.B * H + i;
  bool ret = (p.flags & 2u) != 0u;
  if ((p.flags & 1u) != 0u && !(float(p.t) < len[p.o_len + b])) {
    h[hn] = h[hp];
    if (CELL == 1) c[cn] = c[cp];
    if (ret) y[yo] = 0.0;
    return;
  }
  uint gb = p.o_gates + (p.t * p.B + b) * G + j;
  float hv;
  if (CELL == 1) {
    float ig = sigmoid(g[gb]), fg = sigmoid(g[gb + H]), gg = tanh_safe(g[gb + 2 * H]), og = sigmoid(g[gb + 3 * H]);
    g[gb] = ig, g[gb + H] = fg, g[gb + 2 * H] = gg, g[gb + 3 * H] = og;
    float cv = fg * c[cp] + ig * gg;
    c[cn] = cv;
    hv = og * tanh_safe(cv);
  } else if (CELL == 2) {
    uint rb = p.o_rgates + (p.t * p.B + b) * G + j;
    float r = sigmoid(g[gb] + rg[rb]), z = sigmoid(g[gb + H] + rg[rb + H]);
    float n = tanh_safe(g[gb + 2 * H] + r * rg[rb + 2 * H]);
    g[gb] = r, g[gb + H] = z, g[gb + 2 * H] = n;
    hv = (1.0 - z) * n + z * h[hp];
  } else {
    float a = g[gb];
    hv = RELU != 0 ? max(a, 0.0) : tanh_safe(a);
    g[gb] = hv;
  }
  h[hn] = hv;
  if (ret) y[yo] = hv;
}
