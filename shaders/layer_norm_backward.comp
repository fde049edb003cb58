#version 450
// Layer normalization backward (see ops/layer_norm.h). PER_ROW: one invocation
// per row writes dx; otherwise one invocation per feature writes dgamma, dbeta.
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
layout(constant_id = 0) const bool PER_ROW = true;
#include "elementwise.glsl"
layout(push_constant) uniform Params { uint rows; uint dim; } p;
layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) readonly buffer G { float gamma[]; };
layout(std430, binding = 2) readonly buffer M { float mean[]; };
layout(std430, binding = 3) readonly buffer I { float invstd[]; };
layout(std430, binding = 4) readonly buffer DY { float dy[]; };
layout(std430, binding = 5) writeonly buffer DX { float dx[]; };
layout(std430, binding = 6) writeonly buffer DG { float dgamma[]; };
layout(std430, binding = 7) writeonly buffer DB { float dbeta[]; };
void main() {
  uint i = elementwise_index();
  if (PER_ROW) {
    if (i >= p.rows) return;
    uint base = i * p.dim;
    float mu = mean[i], inv = invstd[i], D = float(p.dim);
    float sg = 0.0, sgx = 0.0;
    for (uint d = 0; d < p.dim; ++d) {
      float g = dy[base + d] * gamma[d];
      sg += g;
      sgx += g * (x[base + d] - mu) * inv;
    }
    for (uint d = 0; d < p.dim; ++d) {
      float xhat = (x[base + d] - mu) * inv;
      dx[base + d] = inv / D * (D * dy[base + d] * gamma[d] - sg - xhat * sgx);
    }
  } else {
    if (i >= p.dim) return;
    float sg = 0.0, sb = 0.0;
    for (uint r = 0; r < p.rows; ++r) {
      float g = dy[r * p.dim + i];
      sb += g;
      sg += g * (x[r * p.dim + i] - mean[r]) * invstd[r];
    }
    dgamma[i] = sg;
    dbeta[i] = sb;
  }
}
