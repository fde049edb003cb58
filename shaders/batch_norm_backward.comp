#version 450
// Batch normalization backward, one invocation per channel (see ops/batch_norm.h).
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
#include "elementwise.glsl"
layout(push_constant) uniform Params { uint batch; uint channels; uint inner; } p;
layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) readonly buffer G { float gamma[]; };
layout(std430, binding = 2) readonly buffer SM { float saved_mean[]; };
layout(std430, binding = 3) readonly buffer SI { float saved_invstd[]; };
layout(std430, binding = 4) readonly buffer DY { float dy[]; };
layout(std430, binding = 5) writeonly buffer DX { float dx[]; };
layout(std430, binding = 6) writeonly buffer DG { float dgamma[]; };
layout(std430, binding = 7) writeonly buffer DB { float dbeta[]; };
void main() {
  uint c = elementwise_index();
  if (c >= p.channels) return;
  float mean = saved_mean[c], invstd = saved_invstd[c];
  float sdy = 0.0, sdyx = 0.0;
  for (uint n = 0; n < p.batch; ++n) {
    uint base = (n * p.channels + c) * p.inner;
    float a = 0.0, b = 0.0;
    for (uint i = 0; i < p.inner; ++i) {
      float g = dy[base + i];
      a += g;
      b += g * (x[base + i] - mean) * invstd;
    }
    sdy += a;
    sdyx += b;
  }
  dbeta[c] = sdy;
  dgamma[c] = sdyx;
  float m = float(p.batch * p.inner);
  float k = gamma[c] * invstd / m;
  for (uint n = 0; n < p.batch; ++n) {
    uint base = (n * p.channels + c) * p.inner;
    for (uint i = 0; i < p.inner; ++i) {
      float xhat = (x[base + i] - mean) * invstd;
      dx[base + i] = k * (m * dy[base + i] - sdy - xhat * sdyx);
    }
  }
}
