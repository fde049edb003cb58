#version 450
// Max or average pooling, one invocation per output element (NCHW).
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
layout(constant_id = 0) const bool MAX = true;
#include "elementwise.glsl"
#include "pool_params.glsl"
layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) writeonly buffer Y { float y[]; };
layout(std430, binding = 2) writeonly buffer A { float argmax[]; };
void main() {
  uint o = elementwise_index();
  if (o >= p.planes * p.OH * p.OW) return;
  uint ow, t, oh, plane;
  udivmod(o, p.OW, t, ow);
  udivmod(t, p.OH, plane, oh);
  uint h0, h1, w0, w1;
  pool_window(oh, ow, h0, h1, w0, w1);
  uint base = plane * p.H * p.W;
  if (MAX) {
    float best = uintBitsToFloat(0xff800000u);  // -inf
    uint at = h0 * p.W + w0;
    for (uint h = h0; h < h1; ++h)
      for (uint w = w0; w < w1; ++w) {
        float v = x[base + h * p.W + w];
        if (v > best) { best = v; at = h * p.W + w; }
      }
    y[o] = best;
    argmax[o] = float(at);
  } else {
    float sum = 0.0;
    for (uint h = h0; h < h1; ++h)
      for (uint w = w0; w < w1; ++w) sum += x[base + h * p.W + w];
    y[o] = sum / float((h1 - h0) * (w1 - w0));
  }
}
