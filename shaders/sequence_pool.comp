#version 450
// Masked pooling over time (engine/ops/sequence.h). Forward, one invocation
// per output (sample, feature): x [batch, steps, features] -> y, the average
// of the real steps or their maximum with its step in argmax (-1: none); no
// real step gives 0. BACKWARD, one invocation per input element: dx from dy
// (x binds dy, y binds dx, argmax is read).
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
layout(constant_id = 0) const bool MAX = false;
layout(constant_id = 1) const bool BACKWARD = false;
layout(constant_id = 2) const bool HAS_MASK = false;
#include "elementwise.glsl"
layout(push_constant) uniform Params {
  uint batch; uint steps; uint features; uint x_off; uint m_off; uint y_off; uint a_off;
} p;
layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) readonly buffer M { float m[]; };
layout(std430, binding = 2) buffer Y { float y[]; };
layout(std430, binding = 3) buffer A { float arg[]; };

bool real_step(uint b, uint t) { return !HAS_MASK || m[p.m_off + b * p.steps + t] != 0.0; }

void main() {
  uint i = elementwise_index();
  if (BACKWARD) {
    if (i >= p.batch * p.steps * p.features) return;
    uint bt, f, b, t;
    udivmod(i, p.features, bt, f);
    udivmod(bt, p.steps, b, t);
    uint o = b * p.features + f;
    float g = 0.0;
    if (MAX) {
      if (arg[p.a_off + o] == float(t)) g = x[p.x_off + o];
    } else if (real_step(b, t)) {
      // The count of real steps, per element: steps are few next to features.
      uint count = 0u;
      for (uint s = 0u; s < p.steps; ++s) count += real_step(b, s) ? 1u : 0u;
      g = x[p.x_off + o] / float(count);
    }
    y[p.y_off + i] = g;
    return;
  }
  if (i >= p.batch * p.features) return;
  uint b, f;
  udivmod(i, p.features, b, f);
  float acc = 0.0;
  int best = -1;
  uint count = 0u;
  for (uint t = 0u; t < p.steps; ++t) {
    if (!real_step(b, t)) continue;
    float v = x[p.x_off + (b * p.steps + t) * p.features + f];
    ++count;
    if (!MAX) acc += v;
    else if (best < 0 || v > acc) { acc = v; best = int(t); }
  }
  y[p.y_off + i] = count == 0u ? 0.0 : (MAX ? acc : acc / float(count));
  if (MAX) arg[p.a_off + i] = float(best);
}
