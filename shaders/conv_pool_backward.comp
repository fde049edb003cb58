#version 450
// The backward of Conv2D + activation + MaxPool2D as far as the convolution's
// GEMMs, in one pass (engine/vk/vk_conv.cpp): for each convolution output
// element, the max pool's gradient gathered as pool_backward.comp does (the
// windows that contain it and chose it), times the activation's derivative
// from its output y, written into Gt[(s, pix), Cout], the layout the
// convolution's backward GEMMs read. Replaces a pool backward, an activation
// backward and a layout copy, each a pass over the convolution's output.
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
layout(constant_id = 0) const uint ACT = 0;
#include "common.glsl"
#include "elementwise.glsl"
layout(push_constant) uniform Params {
  uint count;              // samples * C * H * W
  uint C; uint H; uint W;  // the convolution's output
  uint OH; uint OW;        // the pool's output
  uint kh; uint kw; uint sh; uint sw; uint ph; uint pw;
  uint dp_off; uint am_off; uint y_off; uint gt_off;
  float param;
} p;
layout(std430, binding = 0) readonly buffer DP { float dpooled[]; };
layout(std430, binding = 1) readonly buffer AM { float argmax[]; };
layout(std430, binding = 2) readonly buffer Y { float y[]; };
layout(std430, binding = 3) writeonly buffer GT { float gt[]; };
void main() {
  uint i = elementwise_index();
  if (i >= p.count) return;
  uint w, t, h, plane, s, c;
  udivmod(i, p.W, t, w);
  udivmod(t, p.H, plane, h);
  udivmod(plane, p.C, s, c);
  // Windows containing (h, w): oh * sh - ph <= h < oh * sh - ph + kh.
  int hp = int(h + p.ph), wp = int(w + p.pw);
  int hlo = hp - int(p.kh) + int(p.sh), wlo = wp - int(p.kw) + int(p.sw);
  int oh0 = hlo <= 0 ? 0 : int(udiv(uint(hlo), p.sh)), oh1 = min(int(p.OH) - 1, int(udiv(uint(hp), p.sh)));
  int ow0 = wlo <= 0 ? 0 : int(udiv(uint(wlo), p.sw)), ow1 = min(int(p.OW) - 1, int(udiv(uint(wp), p.sw)));
  float g = 0.0;
  uint self = h * p.W + w;
  for (int oh = oh0; oh <= oh1; ++oh)
    for (int ow = ow0; ow <= ow1; ++ow) {
      uint o = (plane * p.OH + uint(oh)) * p.OW + uint(ow);
      if (uint(argmax[p.am_off + o]) == self) g += dpooled[p.dp_off + o];
    }
  // As activation_backward.comp with x = y (derivatives from the output).
  float d = 1.0;
  if (ACT != ACT_NONE) {
    float v = y[p.y_off + i];
    if (ACT == ACT_RELU) d = v > 0.0 ? 1.0 : 0.0;
    else if (ACT == ACT_LEAKY_RELU) d = v >= 0.0 ? 1.0 : p.param;
    else if (ACT == ACT_SIGMOID) d = v * (1.0 - v);
    else if (ACT == ACT_TANH) d = 1.0 - v * v;
  }
  gt[p.gt_off + (s * p.H * p.W + self) * p.C + c] = g * d;
}
