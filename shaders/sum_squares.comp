#version 450
// Sum of squares in two stages. STAGE 0: invocation i of PARTS sums x[j]^2 for
// j = i, i + PARTS, ... into partial[i]. STAGE 1: one invocation adds the
// partials into total[0] (times beta first) or, with CLIP, turns the total
// into the clipping scale in hyper[6].
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
layout(constant_id = 0) const uint STAGE = 0;
layout(constant_id = 1) const uint PARTS = 256;
#include "elementwise.glsl"
layout(push_constant) uniform Params { uint count; float beta; float max_norm; } p;
layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) buffer P { float partial[]; };
layout(std430, binding = 2) buffer T { float total[]; };
void main() {
  uint i = elementwise_index();
  if (STAGE == 0) {
    if (i >= PARTS) return;
    float acc = 0.0;
    for (uint j = i; j < p.count; j += PARTS) acc += x[j] * x[j];
    partial[i] = acc;
  } else if (STAGE == 1) {
    if (i != 0) return;
    float acc = 0.0;
    for (uint j = 0; j < PARTS; ++j) acc += partial[j];
    total[0] = (p.beta == 0.0 ? 0.0 : p.beta * total[0]) + acc;
  } else {
    if (i != 0) return;  // x is the total, total is the hyperparameter buffer
    total[6] = min(1.0, p.max_norm / (sqrt(x[0]) + 1e-6));
  }
}
