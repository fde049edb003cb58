#version 450
// Backward of one timestep, invocation (b, j), before the step's recurrent
// GEMM: dh = dh[ping] (+ dy[t]); writes the preactivation gradients dgates[t]
// (GRU: and drgates[t]), the cell gradient dc in place (LSTM), and into
// dh[1 - ping] the part of dh_{t-1} that does not go through w_hh. Past a
// sample's length the gradients pass through unchanged.
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
#include "elementwise.glsl"
#include "rnn_params.glsl"
layout(std430, binding = 0) readonly buffer Gates { float g[]; };
layout(std430, binding = 1) readonly buffer RGates { float rg[]; };
layout(std430, binding = 2) readonly buffer Hs { float h[]; };
layout(std430, binding = 3) readonly buffer Cs { float c[]; };
layout(std430, binding = 4) readonly buffer Len { float len[]; };
layout(std430, binding = 5) readonly buffer DY { float dy[]; };
layout(std430, binding = 6) writeonly buffer DGates { float dg[]; };
layout(std430, binding = 7) writeonly buffer DRGates { float drg[]; };
layout(std430, binding = 8) buffer DH { float dh[]; };
layout(std430, binding = 9) buffer DC { float dc[]; };
void main() {
  uint i = elementwise_index();
  if (i >= p.B * p.H) return;
  uint b = i / p.H, j = i % p.H, H = p.H;
  uint G = (CELL == 1 ? 4 : CELL == 2 ? 3 : 1) * H;
  uint din = p.o_dh + p.ping * p.B * H + i, dout = p.o_dh + (1 - p.ping) * p.B * H + i;
  uint gb = (p.t * p.B + b) * G + j;
  float d = dh[din];
  if ((p.flags & 1u) != 0u && !(float(p.t) < len[p.o_len + b])) {
    dh[dout] = d;
    for (uint k = 0; k < G; k += H) dg[p.o_dgates + gb + k] = 0.0;
    if (CELL == 2)
      for (uint k = 0; k < G; k += H) drg[p.o_drgates + gb + k] = 0.0;
    return;
  }
  if ((p.flags & 2u) != 0u) d += dy[p.o_y + p.t * p.B * H + i];
  uint go = p.o_gates + gb, dgo = p.o_dgates + gb;
  if (CELL == 1) {
    float ig = g[go], fg = g[go + H], gg = g[go + 2 * H], og = g[go + 3 * H];
    uint cp = p.o_c + p.t * p.B * H + i;
    float tc = tanh_safe(c[cp + p.B * H]);
    float dcell = dc[p.o_dc + i] + d * og * (1.0 - tc * tc);
    dg[dgo] = dcell * gg * ig * (1.0 - ig);
    dg[dgo + H] = dcell * c[cp] * fg * (1.0 - fg);
    dg[dgo + 2 * H] = dcell * ig * (1.0 - gg * gg);
    dg[dgo + 3 * H] = d * tc * og * (1.0 - og);
    dc[p.o_dc + i] = dcell * fg;
    dh[dout] = 0.0;
  } else if (CELL == 2) {
    float r = g[go], z = g[go + H], n = g[go + 2 * H];
    uint rb = p.o_rgates + gb, drb = p.o_drgates + gb;
    float hp = h[p.o_h + p.t * p.B * H + i];
    float dn = d * (1.0 - z) * (1.0 - n * n);
    float dz = d * (hp - n) * z * (1.0 - z);
    float dr = dn * rg[rb + 2 * H] * r * (1.0 - r);
    dg[dgo] = dr, dg[dgo + H] = dz, dg[dgo + 2 * H] = dn;
    drg[drb] = dr, drg[drb + H] = dz, drg[drb + 2 * H] = dn * r;
    dh[dout] = d * z;
  } else {
    float hv = h[p.o_h + (p.t + 1) * p.B * H + i];
    dg[dgo] = d * (RELU != 0 ? (hv > 0.0 ? 1.0 : 0.0) : 1.0 - hv * hv);
    dh[dout] = 0.0;
  }
}
