#version 450
// dst[sum ik * dst_stride[k]] (+)= src[sum ik * src_stride[k]] over the index
// range dims (engine/ops/copy.h): layout changes, concatenation, slicing.
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
#include "elementwise.glsl"
layout(push_constant) uniform Params {
  uint d0, d1, d2;
  uint s0, s1, s2;
  uint t0, t1, t2;
  uint src_off, dst_off, accumulate;
} p;
layout(std430, binding = 0) readonly buffer S { float src[]; };
layout(std430, binding = 1) buffer D { float dst[]; };
void main() {
  uint i = elementwise_index();
  if (i >= p.d0 * p.d1 * p.d2) return;
  uint i2, r, i1, i0;
  udivmod(i, p.d2, r, i2);
  udivmod(r, p.d1, i0, i1);
  float v = src[p.src_off + i0 * p.s0 + i1 * p.s1 + i2 * p.s2];
  uint o = p.dst_off + i0 * p.t0 + i1 * p.t1 + i2 * p.t2;
  dst[o] = p.accumulate != 0 ? dst[o] + v : v;
}
