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
  float d = 1.0;
  if (ACT == ACT_RELU) d = x[i] > 0.0 ? 1.0 : 0.0;
  else if (ACT == ACT_LEAKY_RELU) d = x[i] >= 0.0 ? 1.0 : p.param;
  else if (ACT == ACT_SIGMOID) d = y[i] * (1.0 - y[i]);
  else if (ACT == ACT_TANH) d = 1.0 - y[i] * y[i];
  else if (ACT == ACT_GELU) {
    float v = x[i];
    float cdf = 0.5 * (1.0 + erf_approx(v * 0.70710678118654752));
    d = cdf + v * 0.3989422804014327 * exp(-0.5 * v * v);
  }
  dx[i] = dy[i] * d;
}
