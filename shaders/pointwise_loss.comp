#version 450
// Pointwise losses (engine/ops/pointwise_loss.h). FORWARD: one invocation per
// sample writes the mean loss; otherwise one per element writes the gradient.
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
layout(constant_id = 0) const uint KIND = 0;  // 0 MSE, 1 MAE, 2 BCE with logits
layout(constant_id = 1) const bool FORWARD = true;
#include "elementwise.glsl"
layout(push_constant) uniform Params { uint batch; uint features; float scale; } p;
layout(std430, binding = 0) readonly buffer Z { float z[]; };
layout(std430, binding = 1) readonly buffer T { float t[]; };
layout(std430, binding = 2) writeonly buffer O { float o[]; };

float value(float zi, float ti) {
  if (KIND == 0) return (zi - ti) * (zi - ti);
  if (KIND == 1) return abs(zi - ti);
  return max(zi, 0.0) - zi * ti + log(1.0 + exp(-abs(zi)));
}
float derivative(float zi, float ti) {
  if (KIND == 0) return 2.0 * (zi - ti);
  if (KIND == 1) return sign(zi - ti);
  return 1.0 / (1.0 + exp(-zi)) - ti;
}

void main() {
  uint i = elementwise_index();
  if (FORWARD) {
    if (i >= p.batch) return;
    float acc = 0.0;
    for (uint f = 0; f < p.features; ++f) acc += value(z[i * p.features + f], t[i * p.features + f]);
    o[i] = acc / float(p.features);
  } else {
    if (i >= p.batch * p.features) return;
    o[i] = p.scale / float(p.features) * derivative(z[i], t[i]);
  }
}
