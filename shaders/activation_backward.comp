#version 450
// dx = dy * act'(x), elementwise; sigmoid and tanh use the saved output y.
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
layout(constant_id = 0) const uint ACT = 0;
#include "common.glsl"
#include "elementwise.glsl"
layout(push_constant) uniform Params { uint count; float param; } p;
layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) readonly buffer Y { float y[]; };
layout(std430, binding = 2) readonly buffer DY { float dy[]; };
layout(std430, binding = 3) writeonly buffer DX { float dx[]; };
void main() {
  uint i = elementwise_index();
  if (i >= p.count) return;
  // ACT is a constant, so only the operand its derivative uses is loaded.
  const bool from_x = ACT == ACT_RELU || ACT == ACT_LEAKY_RELU || ACT == ACT_GELU;
  const bool from_y = ACT == ACT_SIGMOID || ACT == ACT_TANH;
  dx[i] = dy[i] * activation_derivative(from_x ? x[i] : 0.0, from_y ? y[i] : 0.0, ACT, p.param);
}
