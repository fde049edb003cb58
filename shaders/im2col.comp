#version 450
// col[(ci, ky, kx), (s, oh, ow)] = x[s, ci, oh*sh - ph + ky*dh, ow*sw - pw + kx*dw], zero outside.
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
#include "elementwise.glsl"
#include "conv_params.glsl"
layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) writeonly buffer C { float col[]; };
void main() {
  uint i = elementwise_index();
  uint ohw = p.OH * p.OW;
  if (i >= p.cin * p.kh * p.kw * p.samples * ohw) return;
  uint pix = i % ohw, t = i / ohw;
  uint s = t % p.samples, r = t / p.samples;
  uint ow = pix % p.OW, oh = pix / p.OW;
  uint kx = r % p.kw, ky = (r / p.kw) % p.kh, ci = r / (p.kw * p.kh);
  int h = int(oh * p.sh + ky * p.dh) - int(p.ph);
  int w = int(ow * p.sw + kx * p.dw) - int(p.pw);
  float v = 0.0;
  if (h >= 0 && h < int(p.H) && w >= 0 && w < int(p.W))
    v = x[p.x_off + s * p.cin * p.H * p.W + (ci * p.H + uint(h)) * p.W + uint(w)];
  col[p.col_off + i] = v;
}
