#version 450
// Weight penalty l1 * sum|x| + l2 * sum x^2 in two stages (with l1 = 0, l2 = 1:
// the sum of squares that gradient clipping needs). STAGE 0: invocation i of
// PARTS sums over j = i, i + PARTS, ... into partial[i]. STAGE 1: one
// invocation adds the partials into total[0] (times beta first). STAGE 2 (clip):
// x is the total; writes the clipping scale into hyper[6] (bound as total).
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
layout(constant_id = 0) const uint STAGE = 0;
layout(constant_id = 1) const uint PARTS = 256;
#include "elementwise.glsl"
layout(push_constant) uniform Params { uint count; float beta; float max_norm; float l1; float l2; uint x_off; } p;
layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) buffer P { float partial[]; };
layout(std430, binding = 2) buffer T { float total[]; };
void main() {
  uint i = elementwise_index();
  if (STAGE == 0) {
    if (i >= PARTS) return;
    float acc = 0.0;
    for (uint j = i; j < p.count; j += PARTS) {
      float v = x[p.x_off + j];
      acc += p.l1 * abs(v) + p.l2 * v * v;
    }
    partial[i] = acc;
  } else if (STAGE == 1) {
    if (i != 0) return;
    float acc = 0.0;
    for (uint j = 0; j < PARTS; ++j) acc += partial[j];
    total[0] = (p.beta == 0.0 ? 0.0 : p.beta * total[0]) + acc;
  } else {
    if (i != 0) return;
    total[6] = min(1.0, p.max_norm / (sqrt(x[p.x_off]) + 1e-6));
  }
}
