#version 450
// dlogits = scale * (probs - target), elementwise over [B, C].
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
layout(constant_id = 0) const bool DISTRIBUTION = false;
#include "elementwise.glsl"
layout(push_constant) uniform Params { uint batch; uint classes; float scale; } p;
layout(std430, binding = 0) readonly buffer P { float probs[]; };
layout(std430, binding = 1) readonly buffer T { float t[]; };
layout(std430, binding = 2) writeonly buffer D { float d[]; };
void main() {
  uint i = elementwise_index();
  if (i >= p.batch * p.classes) return;
  float target;
  if (DISTRIBUTION) target = t[i];
  else target = uint(t[i / p.classes]) == i % p.classes ? 1.0 : 0.0;
  d[i] = p.scale * (probs[i] - target);
}
