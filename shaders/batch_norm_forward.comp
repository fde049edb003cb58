#version 450
// Batch normalization forward, one invocation per channel (see ops/batch_norm.h).
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
layout(constant_id = 0) const bool TRAINING = true;
#include "elementwise.glsl"
layout(push_constant) uniform Params { uint batch; uint channels; uint inner; float eps; float momentum; } p;
layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) readonly buffer G { float gamma[]; };
layout(std430, binding = 2) readonly buffer B { float beta[]; };
layout(std430, binding = 3) buffer RM { float running_mean[]; };
layout(std430, binding = 4) buffer RV { float running_var[]; };
layout(std430, binding = 5) writeonly buffer Y { float y[]; };
layout(std430, binding = 6) writeonly buffer SM { float saved_mean[]; };
layout(std430, binding = 7) writeonly buffer SI { float saved_invstd[]; };
void main() {
  uint c = elementwise_index();
  if (c >= p.channels) return;
  float mean = running_mean[c], var = running_var[c];
  if (TRAINING) {
    float m = float(p.batch * p.inner);
    float s = 0.0;
    for (uint n = 0; n < p.batch; ++n) {
      uint base = (n * p.channels + c) * p.inner;
      float part = 0.0;
      for (uint i = 0; i < p.inner; ++i) part += x[base + i];
      s += part;
    }
    mean = s / m;
    float ss = 0.0;
    for (uint n = 0; n < p.batch; ++n) {
      uint base = (n * p.channels + c) * p.inner;
      float part = 0.0;
      for (uint i = 0; i < p.inner; ++i) { float d = x[base + i] - mean; part += d * d; }
      ss += part;
    }
    var = ss / m;
    float unbiased = m > 1.0 ? ss / (m - 1.0) : var;
    running_mean[c] = (1.0 - p.momentum) * running_mean[c] + p.momentum * mean;
    running_var[c] = (1.0 - p.momentum) * running_var[c] + p.momentum * unbiased;
  }
  float invstd = inversesqrt(var + p.eps);
  saved_mean[c] = mean;
  saved_invstd[c] = invstd;
  float scale = gamma[c] * invstd, shift = beta[c] - mean * scale;
  for (uint n = 0; n < p.batch; ++n) {
    uint base = (n * p.channels + c) * p.inner;
    for (uint i = 0; i < p.inner; ++i) y[base + i] = x[base + i] * scale + shift;
  }
}
