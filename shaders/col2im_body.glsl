// The body of col2im.comp and col2im_texel.comp, which differ only in how
// they read the columns (load_col): a storage buffer, or RGBA32F texels,
// which lavapipe fetches vectorised instead of lane by lane.
// dx[s, ci, h, w] = sum of the column entries that im2col took from it: a
// gather per input element, so overlapping windows need no atomics. col is
// [(ci, ky, kx), (s, oh, ow)], or its transpose (the Vulkan convolution's
// input gradient, engine/vk/vk_conv.cpp). One invocation per input row
// (s, ci, h) walks its W elements: the index arithmetic is paid per row, and
// with stride 1 no division remains in the loop.
layout(std430, binding = 1) writeonly buffer DX { float dx[]; };
void main() {
  uint j = elementwise_index();
  if (j >= p.samples * p.cin * p.H) return;
  uint h, t, s, ci;
  udivmod(j, p.H, t, h);
  udivmod(t, p.cin, s, ci);
  const uint ohw = p.OH * p.OW, rows = p.cin * p.kh * p.kw;
  const uint dst = p.x_off + j * p.W;
  for (uint w = 0; w < p.W; ++w) {
    float acc = 0.0;
    for (uint ky = 0; ky < p.kh; ++ky) {
      const int hn = int(h + p.ph) - int(ky * p.dh);  // = oh * sh
      if (hn < 0) continue;
      uint oh = uint(hn), hr = 0u;
      if (p.sh != 1u) udivmod(uint(hn), p.sh, oh, hr);
      if (hr != 0u || oh >= p.OH) continue;
      for (uint kx = 0; kx < p.kw; ++kx) {
        const int wn = int(w + p.pw) - int(kx * p.dw);
        if (wn < 0) continue;
        uint ow = uint(wn), wr = 0u;
        if (p.sw != 1u) udivmod(uint(wn), p.sw, ow, wr);
        if (wr != 0u || ow >= p.OW) continue;
        const uint r = (ci * p.kh + ky) * p.kw + kx, pix = s * ohw + oh * p.OW + ow;
        acc += load_col(p.col_off + (p.col_transposed != 0u ? pix * rows + r : (r * p.samples + s) * ohw + oh * p.OW + ow));
      }
    }
    dx[dst + w] = acc;
  }
}
