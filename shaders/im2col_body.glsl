// The body of im2col.comp and im2col_texel.comp, which differ only in how
// they read x (load_x): a storage buffer, or RGBA32F texels, which lavapipe
// fetches vectorised instead of lane by lane.
// col[(ci, ky, kx), (s, oh, ow)] = x[s, ci, oh*sh - ph + ky*dh, ow*sw - pw + kx*dw], zero outside.
// One invocation per column row segment (ci, ky, kx, s, oh) writes its OW
// values: the index arithmetic is paid once per segment rather than per
// element, and every lane runs the same loop.
layout(std430, binding = 1) writeonly buffer C { float col[]; };
void main() {
  uint j = elementwise_index();
  const uint segments = p.cin * p.kh * p.kw * p.samples * p.OH;
  if (j >= segments) {
    if (p.ones_row != 0u && j < segments + p.samples * p.OH)
      for (uint ow = 0; ow < p.OW; ++ow) col[p.col_off + j * p.OW + ow] = 1.0;
    return;
  }
  uint oh, t, s, r, kx, kk, ky, ci;
  udivmod(j, p.OH, t, oh);
  udivmod(t, p.samples, r, s);
  udivmod(r, p.kw, kk, kx);
  udivmod(kk, p.kh, ci, ky);
  const int h = int(oh * p.sh + ky * p.dh) - int(p.ph);
  const int w0 = int(kx * p.dw) - int(p.pw);
  const uint dst = p.col_off + j * p.OW;
  if (h < 0 || h >= int(p.H)) {
    for (uint ow = 0; ow < p.OW; ++ow) col[dst + ow] = 0.0;
    return;
  }
  const uint row = p.x_off + s * p.cin * p.H * p.W + (ci * p.H + uint(h)) * p.W;
  for (uint ow = 0; ow < p.OW; ++ow) {
    const int w = w0 + int(ow * p.sw);
    const float v = load_x(row + uint(clamp(w, 0, int(p.W) - 1)));  // clamped: never read outside x
    col[dst + ow] = (w >= 0 && w < int(p.W)) ? v : 0.0;
  }
}
