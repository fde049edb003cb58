#version 450
// The padding mask of token ids (engine/ops/sequence.h): 1 where the id is
// not 0, else 0. One invocation per id.
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
#include "elementwise.glsl"
layout(push_constant) uniform Params { uint count; uint i_off; uint m_off; } p;
layout(std430, binding = 0) readonly buffer I { float ids[]; };
layout(std430, binding = 1) writeonly buffer M { float mask[]; };
void main() {
  uint i = elementwise_index();
  if (i >= p.count) return;
  mask[p.m_off + i] = ids[p.i_off + i] != 0.0 ? 1.0 : 0.0;
}
