#version 450
// Layer normalization forward, one invocation per row (see ops/layer_norm.h).
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
#include "elementwise.glsl"
layout(push_constant) uniform Params { uint rows; uint dim; float eps; } p;
layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) readonly buffer G { float gamma[]; };
layout(std430, binding = 2) readonly buffer B { float beta[]; };
layout(std430, binding = 3) writeonly buffer Y { float y[]; };
layout(std430, binding = 4) writeonly buffer M { float mean[]; };
layout(std430, binding = 5) writeonly buffer I { float invstd[]; };
void main() {
  uint r = elementwise_index();
  if (r >= p.rows) return;
  uint base = r * p.dim;
  float s = 0.0;
  for (uint d = 0; d < p.dim; ++d) s += x[base + d];
  float mu = s / float(p.dim);
  float ss = 0.0;
  for (uint d = 0; d < p.dim; ++d) { float v = x[base + d] - mu; ss += v * v; }
  float inv = inversesqrt(ss / float(p.dim) + p.eps);
  mean[r] = mu;
  invstd[r] = inv;
  for (uint d = 0; d < p.dim; ++d) y[base + d] = gamma[d] * (x[base + d] - mu) * inv + beta[d];
}
