#version 450
// out[c] = beta * out[c] + sum of x[o, c, i] over o and i; one invocation per
// channel. (A two-stage reduction would use more of a GPU when channels are
// few; see docs/ARCHITECTURE.md.)
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
#include "elementwise.glsl"
layout(push_constant) uniform Params { uint outer; uint channels; uint inner; float beta; uint x_off; uint o_off; } p;
layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) buffer O { float o[]; };
void main() {
  uint c = elementwise_index();
  if (c >= p.channels) return;
  float total = 0.0;
  for (uint b = 0; b < p.outer; ++b) {
    uint base = p.x_off + (b * p.channels + c) * p.inner;
    float partial = 0.0;  // per-row partial sums keep the float error small
    for (uint i = 0; i < p.inner; ++i) partial += x[base + i];
    total += partial;
  }
  o[p.o_off + c] = (p.beta == 0.0 ? 0.0 : p.beta * o[p.o_off + c]) + total;
}
