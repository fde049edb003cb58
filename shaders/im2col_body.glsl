// The body of im2col.comp and im2col_texel.comp, which differ only in how
// they read x (load_x): a storage buffer, or RGBA32F texels, which lavapipe
// fetches vectorised instead of lane by lane.
// col[(ci, ky, kx), (s, oh, ow)] = x[s, ci, oh*sh - ph + ky*dh, ow*sw - pw + kx*dw], zero outside.
layout(std430, binding = 1) writeonly buffer C { float col[]; };
void main() {
  uint i = elementwise_index();
  uint ohw = p.OH * p.OW;
  if (i >= p.cin * p.kh * p.kw * p.samples * ohw) return;
  uint pix, t, s, r, ow, oh, kx, kk, ky, ci;
  udivmod(i, ohw, t, pix);
  udivmod(t, p.samples, r, s);
  udivmod(pix, p.OW, oh, ow);
  udivmod(r, p.kw, kk, kx);
  udivmod(kk, p.kh, ci, ky);
  int h = int(oh * p.sh + ky * p.dh) - int(p.ph);
  int w = int(ow * p.sw + kx * p.dw) - int(p.pw);
  float v = 0.0;
  if (h >= 0 && h < int(p.H) && w >= 0 && w < int(p.W))
    v = load_x(p.x_off + s * p.cin * p.H * p.W + (ci * p.H + uint(h)) * p.W + uint(w));
  col[p.col_off + i] = v;
}
