#version 450
// dx[s, ci, h, w] = sum of the column entries that im2col took from it:
// a gather per input element, so overlapping windows need no atomics. col is
// [(ci, ky, kx), (s, oh, ow)], or its transpose (the Vulkan convolution's
// input gradient, engine/vk/vk_conv.cpp).
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
#include "elementwise.glsl"
#include "conv_params.glsl"
layout(std430, binding = 0) readonly buffer C { float col[]; };
layout(std430, binding = 1) writeonly buffer DX { float dx[]; };
void main() {
  uint i = elementwise_index();
  uint plane = p.cin * p.H * p.W;
  if (i >= p.samples * plane) return;
  uint s, j, w, hc, h, ci;
  udivmod(i, plane, s, j);
  udivmod(j, p.W, hc, w);
  udivmod(hc, p.H, ci, h);
  uint ohw = p.OH * p.OW, rows = p.cin * p.kh * p.kw;
  float acc = 0.0;
  for (uint ky = 0; ky < p.kh; ++ky) {
    int hn = int(h + p.ph) - int(ky * p.dh);  // = oh * sh
    if (hn < 0) continue;
    uint oh, hr;
    udivmod(uint(hn), p.sh, oh, hr);
    if (hr != 0u || oh >= p.OH) continue;
    for (uint kx = 0; kx < p.kw; ++kx) {
      int wn = int(w + p.pw) - int(kx * p.dw);
      if (wn < 0) continue;
      uint ow, wr;
      udivmod(uint(wn), p.sw, ow, wr);
      if (wr != 0u || ow >= p.OW) continue;
      const uint r = (ci * p.kh + ky) * p.kw + kx, pix = s * ohw + oh * p.OW + ow;
      acc += col[p.col_off + (p.col_transposed != 0u ? pix * rows + r : (r * p.samples + s) * ohw + oh * p.OW + ow)];
    }
  }
  dx[p.x_off + i] = acc;
}
