#version 450
// col2im for columns laid out [(s, oh, ow), (ky, kx, ci)] (the Vulkan
// convolution's input gradient with the weights' taps permuted, see
// engine/vk/vk_conv.cpp): four channels of one tap are one RGBA32F texel,
// so a gather of 4 values costs one fetch. On lavapipe each texel fetch has
// the same cost whatever its width, which made col2im's 9 scalar fetches per
// input element its whole cost. Needs cin % 4 == 0 and col_off % 4 == 0.
//
// One invocation per (sample, 4 channels, input row) walks the row's W
// elements; for each, the sum over the taps that read it (a gather, so
// overlapping windows need no atomics).
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
#include "elementwise.glsl"
#include "conv_params.glsl"
layout(constant_id = 1) const bool STRIDE1 = false;  // sh == sw == 1
layout(binding = 0) uniform samplerBuffer ctex;
layout(std430, binding = 1) writeonly buffer DX { float dx[]; };
void main() {
  const uint c4n = p.cin >> 2;
  uint j = elementwise_index();
  if (j >= p.samples * c4n * p.H) return;
  uint h, t, s, c4;
  udivmod(j, p.H, t, h);
  udivmod(t, c4n, s, c4);
  const uint rows4 = p.kh * p.kw * c4n;  // texels per column-matrix row
  const uint plane = p.H * p.W;
  const uint dst = p.x_off + ((s * p.cin + 4u * c4) * p.H + h) * p.W;
  const uint col0 = (p.col_off >> 2) + c4;
  for (uint w = 0; w < p.W; ++w) {
    vec4 acc = vec4(0.0);
    for (uint ky = 0; ky < p.kh; ++ky) {
      const int hn = int(h + p.ph) - int(ky * p.dh);  // = oh * sh
      uint oh = uint(hn), hr = 0u;
      if (!STRIDE1 && hn >= 0) udivmod(uint(hn), p.sh, oh, hr);
      if (hn < 0 || hr != 0u || oh >= p.OH) continue;
      const uint rowbase = col0 + (s * p.OH + oh) * p.OW * rows4 + ky * p.kw * c4n;
      for (uint kx = 0; kx < p.kw; ++kx) {
        const int wn = int(w + p.pw) - int(kx * p.dw);
        uint ow = uint(wn), wr = 0u;
        if (!STRIDE1 && wn >= 0) udivmod(uint(wn), p.sw, ow, wr);
        if (wn >= 0 && wr == 0u && ow < p.OW) acc += texelFetch(ctex, int(rowbase + ow * rows4 + kx * c4n));
      }
    }
    for (uint q = 0; q < 4; ++q) dx[dst + q * plane + w] = acc[q];
  }
}
