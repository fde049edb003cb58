// The body of col2im.comp and col2im_texel.comp, which differ only in how
// they read the columns (load_col): a storage buffer, or RGBA32F texels,
// which lavapipe fetches vectorised instead of lane by lane.
// dx[s, ci, h, w] = sum of the column entries that im2col took from it: a
// gather per input element, so overlapping windows need no atomics. col is
// [(ci, ky, kx), (s, oh, ow)], or its transpose (the Vulkan convolution's
// input gradient, engine/vk/vk_conv.cpp). One invocation per input row
// (s, ci, h) walks its W elements: which kernel rows reach the input row and
// where they read is worked out once per row, and along the row a tap's
// column index only steps, so the loop has no division (stride 1, the
// common case, specialised) and no per-element index decomposition.
layout(constant_id = 0) const bool TRANSPOSED = false;  // p.col_transposed, specialised
layout(constant_id = 1) const bool STRIDE1 = false;     // sh == sw == 1
layout(std430, binding = 1) writeonly buffer DX { float dx[]; };
void main() {
  uint j = elementwise_index();
  if (j >= p.samples * p.cin * p.H) return;
  uint h, t, s, ci;
  udivmod(j, p.H, t, h);
  udivmod(t, p.cin, s, ci);
  const uint ohw = p.OH * p.OW, rows = p.cin * p.kh * p.kw;
  // Column entry (r, s, oh, ow) for a tap r and output pixel (oh, ow): with
  // the transposed layout ((s * OH + oh) * OW + ow) * rows + r, else
  // (r * samples + s) * OH * OW + oh * OW + ow; a step of ow adds `ostep`.
  const uint ostep = TRANSPOSED ? rows : 1u;
  const uint dst = p.x_off + j * p.W;
  for (uint w = 0; w < p.W; ++w) {
    float acc = 0.0;
    for (uint ky = 0; ky < p.kh; ++ky) {
      const int hn = int(h + p.ph) - int(ky * p.dh);  // = oh * sh
      uint oh = uint(hn), hr = 0u;
      if (!STRIDE1 && hn >= 0) udivmod(uint(hn), p.sh, oh, hr);
      const bool hin = hn >= 0 && hr == 0u && oh < p.OH;
      const uint r0 = (ci * p.kh + ky) * p.kw;
      const uint rowbase = TRANSPOSED ? (s * p.OH + oh) * p.OW * rows + r0 : (r0 * p.samples + s) * ohw + oh * p.OW;
      for (uint kx = 0; kx < p.kw; ++kx) {
        const int wn = int(w + p.pw) - int(kx * p.dw);
        uint ow = uint(wn), wr = 0u;
        if (!STRIDE1 && wn >= 0) udivmod(uint(wn), p.sw, ow, wr);
        if (hin && wn >= 0 && wr == 0u && ow < p.OW)
          acc += load_col(p.col_off + rowbase + ow * ostep + (TRANSPOSED ? kx : kx * p.samples * ohw));
      }
    }
    dx[dst + w] = acc;
  }
}
