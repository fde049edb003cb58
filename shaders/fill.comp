#version 450
// Sets every element of a buffer range to one value.
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
#include "elementwise.glsl"
layout(push_constant) uniform Params { uint count; float value; } p;
layout(std430, binding = 0) writeonly buffer Out { float o[]; };
void main() {
  uint i = elementwise_index();
  if (i < p.count) o[i] = p.value;
}
