#version 450
// The attention softmax (engine/ops/sequence.h), one invocation per row of
// scores [heads, batch, queries, keys]: masked keys (key_mask 0) and, when
// CAUSAL, keys after the query get exactly 0; a row with no key left gives
// zeros, never NaN.
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
layout(constant_id = 0) const bool CAUSAL = false;
layout(constant_id = 1) const bool HAS_MASK = false;
#include "elementwise.glsl"
layout(push_constant) uniform Params {
  uint rows; uint batch; uint queries; uint keys; uint s_off; uint m_off; uint p_off;
} p;
layout(std430, binding = 0) readonly buffer S { float s[]; };
layout(std430, binding = 1) readonly buffer M { float m[]; };
layout(std430, binding = 2) writeonly buffer P { float o[]; };

void main() {
  uint r = elementwise_index();
  if (r >= p.rows) return;
  uint hb, q, h, b;
  udivmod(r, p.queries, hb, q);
  udivmod(hb, p.batch, h, b);
  uint end = CAUSAL ? min(q + 1u, p.keys) : p.keys;
  uint is = p.s_off + r * p.keys, io = p.p_off + r * p.keys, im = p.m_off + b * p.keys;
  float top = -3.402823466e38;
  bool any = false;
  for (uint k = 0u; k < end; ++k)
    if (!HAS_MASK || m[im + k] != 0.0) { top = max(top, s[is + k]); any = true; }
  float sum = 0.0;
  for (uint k = 0u; k < end; ++k)
    if (!HAS_MASK || m[im + k] != 0.0) sum += exp(s[is + k] - top);
  float inv = any ? 1.0 / sum : 0.0;
  for (uint k = 0u; k < p.keys; ++k)
    o[io + k] = (k < end && (!HAS_MASK || m[im + k] != 0.0)) ? exp(s[is + k] - top) * inv : 0.0;
}
