#version 450
// Sets every element of a buffer range to one value.
layout(local_size_x = 64) in;
layout(push_constant) uniform Params { uint count; float value; } p;
layout(std430, binding = 0) writeonly buffer Out { float o[]; };
void main() {
  uint i = gl_GlobalInvocationID.x + gl_GlobalInvocationID.y * gl_NumWorkGroups.x * gl_WorkGroupSize.x;
  if (i < p.count) o[i] = p.value;
}
