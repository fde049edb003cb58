#version 450
// The backward of Conv2D + activation + MaxPool2D as far as the convolution's
// GEMMs, in one pass (engine/vk/vk_conv.cpp): for each convolution output
// element, the max pool's gradient gathered as pool_backward.comp does (the
// windows that contain it and chose it), times the activation's derivative
// from its output, written into Gt[(s, pix), Cout], the layout the
// convolution's backward GEMMs read. Replaces a pool backward, an activation
// backward and a layout copy, each a pass over the convolution's output.
// One invocation per output row (s, c, h) walks its W elements, reading
// through RGBA32F texels (lavapipe fetches them vectorised; storage buffers
// lane by lane). Where windows do not overlap (kernel <= stride, the usual
// 2x2/2), each element lies in at most one window, found without a loop.
// The derivative is taken from the pooled value of a window that chose the
// element (its output there, exactly), so the convolution's output itself is
// never read (the direct forward, conv_pool_direct.comp, never writes it).
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
layout(constant_id = 0) const uint ACT = 0;
layout(constant_id = 1) const bool OVERLAP = false;  // kh > sh or kw > sw
#include "common.glsl"
#include "elementwise.glsl"
layout(push_constant) uniform Params {
  uint rows;               // samples * C * H
  uint C; uint H; uint W;  // the convolution's output
  uint OH; uint OW;        // the pool's output
  uint kh; uint kw; uint sh; uint sw; uint ph; uint pw;
  uint dp_off; uint am_off; uint pooled_off; uint gt_off;
  float param;
} p;
layout(binding = 0) uniform samplerBuffer dptex;  // pooled gradient
layout(binding = 1) uniform samplerBuffer amtex;  // argmax (index within the plane)
layout(binding = 2) uniform samplerBuffer ptex;   // the pool's output (the activated maxima)
layout(std430, binding = 3) writeonly buffer GT { float gt[]; };

float fetch(samplerBuffer t, uint idx) { return texelFetch(t, int(idx >> 2))[idx & 3u]; }

// The activation's derivative from its output v (the fusion requires one whose
// derivative the output determines), as activation_backward.comp with x = y.
float derivative(float v) { return activation_derivative(v, v, ACT, p.param); }

void main() {
  uint j = elementwise_index();
  if (j >= p.rows) return;
  uint h, plane, s, c;
  udivmod(j, p.H, plane, h);
  udivmod(plane, p.C, s, c);
  const uint gbase = p.gt_off + (s * p.H + h) * p.W * p.C + c;  // Gt[(s, h, w), c] = gbase + w * C
  const uint pooled_plane = p.am_off + plane * p.OH * p.OW, dp_plane = p.dp_off + plane * p.OH * p.OW;
  const uint max_plane = p.pooled_off + plane * p.OH * p.OW;
  if (!OVERLAP) {
    uint oh, hr;
    udivmod(h + p.ph, p.sh, oh, hr);
    const bool hin = oh < p.OH && hr < p.kh;
    uint ow = 0u, wr = p.pw;  // (w + pw) = ow * sw + wr, stepped along the row
    while (wr >= p.sw) { wr -= p.sw; ++ow; }
    for (uint w = 0; w < p.W; ++w) {
      float g = 0.0;
      if (hin && ow < p.OW && wr < p.kw) {
        const uint o = oh * p.OW + ow;
        const float chosen = fetch(amtex, pooled_plane + o);
        const float dpv = fetch(dptex, dp_plane + o);
        const float d = ACT == ACT_NONE ? 1.0 : derivative(fetch(ptex, max_plane + o));
        g = uint(chosen) == h * p.W + w ? dpv * d : 0.0;
      }
      gt[gbase + w * p.C] = g;
      if (++wr == p.sw) { wr = 0u; ++ow; }
    }
    return;
  }
  // Windows containing row h: oh * sh - ph <= h < oh * sh - ph + kh.
  const int hp = int(h + p.ph), hlo = hp - int(p.kh) + int(p.sh);
  const int oh0 = hlo <= 0 ? 0 : int(udiv(uint(hlo), p.sh)), oh1 = min(int(p.OH) - 1, int(udiv(uint(hp), p.sh)));
  for (uint w = 0; w < p.W; ++w) {
    const int wp = int(w + p.pw), wlo = wp - int(p.kw) + int(p.sw);
    const int ow0 = wlo <= 0 ? 0 : int(udiv(uint(wlo), p.sw)), ow1 = min(int(p.OW) - 1, int(udiv(uint(wp), p.sw)));
    float g = 0.0, d = 1.0;
    for (int oh = oh0; oh <= oh1; ++oh)
      for (int ow = ow0; ow <= ow1; ++ow) {
        const uint o = uint(oh) * p.OW + uint(ow);
        if (uint(fetch(amtex, pooled_plane + o)) == h * p.W + w) {
          g += fetch(dptex, dp_plane + o);
          if (ACT != ACT_NONE) d = derivative(fetch(ptex, max_plane + o));
        }
      }
    gt[gbase + w * p.C] = g * d;
  }
}
