#version 450
// rows[n, d] = table[ids[n], d]; zero for the padding id or an id outside the
// vocabulary (engine/ops/embedding.h).
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
#include "elementwise.glsl"
layout(push_constant) uniform Params { uint count; uint dim; uint vocab; int padding; uint t_off; uint id_off; uint y_off; } p;
layout(std430, binding = 0) readonly buffer Table { float table[]; };
layout(std430, binding = 1) readonly buffer Ids { float ids[]; };
layout(std430, binding = 2) writeonly buffer Rows { float rows[]; };
void main() {
  uint i = elementwise_index();
  if (i >= p.count * p.dim) return;
  uint n = i / p.dim, d = i % p.dim;
  int v = int(round(ids[p.id_off + n]));
  bool used = v >= 0 && v < int(p.vocab) && v != p.padding;
  rows[p.y_off + i] = used ? table[p.t_off + uint(v) * p.dim + d] : 0.0;
}
