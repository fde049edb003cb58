#version 450
// out = alpha * a + beta * b, elementwise; out may alias a or b (each
// invocation reads its element before writing it).
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
#include "elementwise.glsl"
layout(push_constant) uniform Params { uint count; float alpha; float beta; uint a_off; uint b_off; uint o_off; } p;
layout(std430, binding = 0) readonly buffer A { float a[]; };
layout(std430, binding = 1) readonly buffer B { float b[]; };
layout(std430, binding = 2) writeonly buffer O { float o[]; };
void main() {
  uint i = elementwise_index();
  if (i < p.count) o[p.o_off + i] = p.alpha * a[p.a_off + i] + p.beta * b[p.b_off + i];
}
