#version 450
// Pooling backward as a gather, one invocation per input element: it sums the
// gradients of the windows that contain it (no atomics, windows may overlap).
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
layout(constant_id = 0) const bool MAX = true;
#include "elementwise.glsl"
#include "pool_params.glsl"
layout(std430, binding = 0) readonly buffer DY { float dy[]; };
layout(std430, binding = 1) readonly buffer A { float argmax[]; };
layout(std430, binding = 2) writeonly buffer DX { float dx[]; };
void main() {
  uint i = elementwise_index();
  if (i >= p.planes * p.H * p.W) return;
  uint w = i % p.W, h = (i / p.W) % p.H, plane = i / (p.W * p.H);
  // Windows containing row h: oh * sh - ph <= h < oh * sh - ph + kh.
  int hp = int(h + p.ph), wp = int(w + p.pw);
  int oh0 = max(0, (hp - int(p.kh) + int(p.sh)) / int(p.sh)), oh1 = min(int(p.OH) - 1, hp / int(p.sh));
  int ow0 = max(0, (wp - int(p.kw) + int(p.sw)) / int(p.sw)), ow1 = min(int(p.OW) - 1, wp / int(p.sw));
  float acc = 0.0;
  uint self = h * p.W + w;
  for (int oh = oh0; oh <= oh1; ++oh)
    for (int ow = ow0; ow <= ow1; ++ow) {
      uint o = (plane * p.OH + uint(oh)) * p.OW + uint(ow);
      if (MAX) {
        if (uint(argmax[o]) == self) acc += dy[o];
      } else {
        uint h0, h1, w0, w1;
        pool_window(uint(oh), uint(ow), h0, h1, w0, w1);
        acc += dy[o] / float((h1 - h0) * (w1 - w0));
      }
    }
  dx[i] = acc;
}
