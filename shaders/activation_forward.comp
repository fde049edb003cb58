#version 450
// y = act(x), elementwise. The activation is a specialization constant so the
// selection folds away.
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
layout(constant_id = 0) const uint ACT = 0;
#include "common.glsl"
#include "elementwise.glsl"
layout(push_constant) uniform Params { uint count; float param; } p;
layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) writeonly buffer Y { float y[]; };
void main() {
  uint i = elementwise_index();
  if (i < p.count) y[i] = apply_activation(x[i], ACT, p.param);
}
