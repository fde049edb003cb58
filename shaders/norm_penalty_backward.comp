#version 450
// grad += l1 * sign(w) + 2 * l2 * w (the L1/L2 penalties' gradient).
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
#include "elementwise.glsl"
layout(push_constant) uniform Params { uint count; float l1; float l2; uint w_off; uint g_off; } p;
layout(std430, binding = 0) readonly buffer W { float w[]; };
layout(std430, binding = 1) buffer G { float g[]; };
void main() {
  uint i = elementwise_index();
  if (i >= p.count) return;
  float v = w[p.w_off + i];
  g[p.g_off + i] += p.l1 * sign(v) + 2.0 * p.l2 * v;
}
