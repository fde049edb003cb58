#version 450
// The convolution's weight gradient from the split-K GEMM's slices
// (engine/vk/vk_conv.cpp): partials [splits, rows_b, Cout] hold each slice's
// dW^T (with the bias gradient as row `rows` where has_bias); this sums them
// in slice order (deterministic) and writes dW [Cout, rows] transposed and
// dbias, scaled-accumulating by beta (chunks of samples after the first).
// One dispatch instead of a reduction and two layout copies.
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
#include "elementwise.glsl"
layout(push_constant) uniform Params {
  uint splits; uint rows; uint cout; uint has_bias;
  float beta;
  uint part_off; uint dw_off; uint db_off;
} p;
layout(binding = 0) uniform samplerBuffer parts;  // R32F
layout(std430, binding = 1) buffer DW { float dw[]; };
layout(std430, binding = 2) buffer DB { float db[]; };
void main() {
  const uint rows_b = p.rows + (p.has_bias != 0u ? 1u : 0u);
  const uint i = elementwise_index();
  if (i >= rows_b * p.cout) return;
  uint r, co;
  udivmod(i, p.cout, r, co);
  float total = 0.0;
  for (uint z = 0; z < p.splits; ++z) total += texelFetch(parts, int(p.part_off + (z * rows_b + r) * p.cout + co)).x;
  if (r < p.rows) {
    const uint o = p.dw_off + co * p.rows + r;
    dw[o] = (p.beta == 0.0 ? 0.0 : p.beta * dw[o]) + total;
  } else {
    const uint o = p.db_off + co;
    db[o] = (p.beta == 0.0 ? 0.0 : p.beta * db[o]) + total;
  }
}
