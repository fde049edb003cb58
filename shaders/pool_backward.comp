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
  uint w, t, h, plane;
  udivmod(i, p.W, t, w);
  udivmod(t, p.H, plane, h);
  // Windows containing row h: oh * sh - ph <= h < oh * sh - ph + kh.
  int hp = int(h + p.ph), wp = int(w + p.pw);
  // The first window reaching h: ceil((x - k + 1) / s) = (x - k + s) / s for x - k + s > 0, else 0.
  int hlo = hp - int(p.kh) + int(p.sh), wlo = wp - int(p.kw) + int(p.sw);
  int oh0 = hlo <= 0 ? 0 : int(udiv(uint(hlo), p.sh)), oh1 = min(int(p.OH) - 1, int(udiv(uint(hp), p.sh)));
  int ow0 = wlo <= 0 ? 0 : int(udiv(uint(wlo), p.sw)), ow1 = min(int(p.OW) - 1, int(udiv(uint(wp), p.sw)));
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
