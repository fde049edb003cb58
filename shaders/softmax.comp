#version 450
// Softmax over rows of [rows, cols], one invocation per row. BACKWARD:
// dx = y * (dy - sum(dy * y)); a and b are (x, unused) forward, (y, dy) backward.
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
layout(constant_id = 0) const bool BACKWARD = false;
#include "elementwise.glsl"
layout(push_constant) uniform Params { uint rows; uint cols; uint a_off; uint b_off; uint o_off; } p;
layout(std430, binding = 0) readonly buffer A { float a[]; };
layout(std430, binding = 1) readonly buffer B { float b[]; };
layout(std430, binding = 2) writeonly buffer O { float o[]; };
void main() {
  uint r = elementwise_index();
  if (r >= p.rows) return;
  uint ia = p.a_off + r * p.cols, ib = p.b_off + r * p.cols, io = p.o_off + r * p.cols;
  if (BACKWARD) {
    float dot = 0.0;
    for (uint c = 0; c < p.cols; ++c) dot += a[ia + c] * b[ib + c];
    for (uint c = 0; c < p.cols; ++c) o[io + c] = a[ia + c] * (b[ib + c] - dot);
    return;
  }
  float m = a[ia];
  for (uint c = 1; c < p.cols; ++c) m = max(m, a[ia + c]);
  float sum = 0.0;
  for (uint c = 0; c < p.cols; ++c) sum += exp(a[ia + c] - m);
  float inv = 1.0 / sum;
  for (uint c = 0; c < p.cols; ++c) o[io + c] = exp(a[ia + c] - m) * inv;
}
