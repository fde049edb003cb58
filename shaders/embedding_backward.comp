#version 450
// dtable[ids[n], d] += drows[n, d] over all positions n, in position order:
// invocation d owns column d, so no two invocations touch the same element and
// the sums come out the same on every run (no atomics). The table was zeroed
// before this dispatch.
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
#include "elementwise.glsl"
layout(push_constant) uniform Params { uint count; uint dim; uint vocab; int padding; uint t_off; uint id_off; uint y_off; } p;
layout(std430, binding = 0) buffer Table { float dtable[]; };
layout(std430, binding = 1) readonly buffer Ids { float ids[]; };
layout(std430, binding = 2) readonly buffer Rows { float drows[]; };
void main() {
  uint d = elementwise_index();
  if (d >= p.dim) return;
  for (uint n = 0; n < p.count; ++n) {
    int v = int(round(ids[p.id_off + n]));
    if (v < 0 || v >= int(p.vocab) || v == p.padding) continue;
    dtable[p.t_off + uint(v) * p.dim + d] += drows[p.y_off + n * p.dim + d];
  }
}
