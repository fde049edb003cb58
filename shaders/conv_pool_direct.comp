#version 450
// Conv2D + activation + MaxPool2D forward in one pass, for convolutions with
// few taps (Cin * kh * kw <= 32, such as a first layer on one-channel
// images), where im2col + GEMM would spend its time writing the columns and
// the convolution's output rather than computing (engine/vk/vk_conv.cpp).
// One invocation per pooled pixel (s, oh, ow) reads once the input values the
// convolutions in its pool window need, then for each output channel
// computes the window's convolution outputs (taps summed in order, then the
// bias, as the GEMM does), the activation and the first maximum. Only the
// pooled value and its position are written: the fused backward
// (conv_pool_backward.comp) takes the derivative from the pooled value.
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
layout(local_size_x = 64) in;
layout(constant_id = 0) const uint ACT = 0;
layout(constant_id = 1) const uint TAPS = 9;  // cin * kh * kw
layout(constant_id = 2) const uint PKH = 2;   // pool window
layout(constant_id = 3) const uint PKW = 2;
layout(constant_id = 4) const bool BIAS = true;
#include "common.glsl"
#include "elementwise.glsl"
layout(push_constant) uniform Params {
  uint count;                      // samples * OH * OW
  uint cin; uint H; uint W;        // input
  uint kh; uint kw; uint sh; uint sw; uint ph; uint pw; uint dh; uint dw;
  uint CH; uint CW;                // the convolution's output
  uint psh; uint psw; uint pph; uint ppw;
  uint OH; uint OW; uint cout;     // pooled output, channels
  uint x_off; uint w_off; uint b_off; uint y_off; uint a_off;
  float param;
} p;
layout(binding = 0) uniform samplerBuffer xtex;
// Weights as texels too: the channel loop's index is uniform, but lavapipe
// loads storage buffers lane by lane unless the offset is a constant.
layout(binding = 1) uniform samplerBuffer wtex;
float weight(uint idx) { return texelFetch(wtex, int(idx >> 2))[idx & 3u]; }
layout(std430, binding = 2) readonly buffer B { float bias[]; };
layout(std430, binding = 3) writeonly buffer Y { float pooled[]; };
layout(std430, binding = 4) writeonly buffer A { float argmax[]; };

const uint WIN = PKH * PKW;

void main() {
  const uint j = elementwise_index();
  if (j >= p.count) return;
  uint ow, t, oh, s;
  udivmod(j, p.OW, t, ow);
  udivmod(t, p.OH, s, oh);
  // The window's convolution outputs in row-major order (as pool_forward.comp
  // scans them), clipped to the convolution's output, and their input taps.
  float xv[WIN][TAPS];
  bool inside[WIN];
  uint pos[WIN];
  const uint xs = p.x_off + s * p.cin * p.H * p.W;
  [[unroll]] for (uint e = 0; e < WIN; ++e) {
    const int ch = int(oh * p.psh + e / PKW) - int(p.pph), cw = int(ow * p.psw + e % PKW) - int(p.ppw);
    inside[e] = ch >= 0 && ch < int(p.CH) && cw >= 0 && cw < int(p.CW);
    pos[e] = inside[e] ? uint(ch) * p.CW + uint(cw) : 0u;
    [[unroll]] for (uint k = 0; k < TAPS; ++k) {
      const uint kx = k % p.kw, ky = (k / p.kw) % p.kh, ci = k / (p.kw * p.kh);
      const int h = ch * int(p.sh) - int(p.ph) + int(ky * p.dh), w = cw * int(p.sw) - int(p.pw) + int(kx * p.dw);
      const bool ok = inside[e] && h >= 0 && h < int(p.H) && w >= 0 && w < int(p.W);
      const uint idx = xs + (ci * p.H + uint(clamp(h, 0, int(p.H) - 1))) * p.W + uint(clamp(w, 0, int(p.W) - 1));
      const float v = texelFetch(xtex, int(idx >> 2))[idx & 3u];
      xv[e][k] = ok ? v : 0.0;
    }
  }
  uint first = 0u;
  [[unroll]] for (uint e = WIN; e > 0u; --e)
    if (inside[e - 1u]) first = pos[e - 1u];
  const uint out0 = (s * p.cout * p.OH + oh) * p.OW + ow, plane = p.OH * p.OW;
  for (uint co = 0; co < p.cout; ++co) {
    float wv[TAPS];
    [[unroll]] for (uint k = 0; k < TAPS; ++k) wv[k] = weight(p.w_off + co * TAPS + k);
    // Loaded once per channel: in the window loop it was a lane-by-lane load per element.
    const float b = BIAS ? bias[p.b_off + co] : 0.0;
    float best = uintBitsToFloat(0xff800000u);  // -inf
    uint at = first;
    [[unroll]] for (uint e = 0; e < WIN; ++e) {
      if (!inside[e]) continue;
      float acc = 0.0;
      [[unroll]] for (uint k = 0; k < TAPS; ++k) acc += wv[k] * xv[e][k];
      float v = acc;
      if (BIAS) v += b;
      v = ACT == ACT_NONE ? v : apply_activation(v, ACT, p.param);
      if (v > best) { best = v; at = pos[e]; }
    }
    pooled[p.y_off + out0 + co * plane] = best;
    argmax[p.a_off + out0 + co * plane] = float(at);
  }
}
