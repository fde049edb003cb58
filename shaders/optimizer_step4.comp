#version 450
// The optimizer update, four elements per invocation: parameters, gradients,
// states and hyperparameters read as RGBA32F texels, results written as vec4.
// On lavapipe every storage-buffer access is a loop over the lanes (and the
// hyperparameters were seven of them per element); a texel fetch is not, and
// one vec4 store loops once for four values. Each element is read and then
// written by the same invocation, so the texel views never see a stale value.
// The last invocation may hold fewer than four elements: it writes those
// one by one.
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
layout(constant_id = 0) const uint KIND = 0;  // 0 SGD, 1 Adam, 2 AdamW, 3 RMSprop
layout(constant_id = 1) const bool NESTEROV = false;
layout(constant_id = 2) const bool MOMENTUM = false;  // SGD keeps a momentum buffer
#include "elementwise.glsl"
#include "optimizer_update.glsl"
layout(push_constant) uniform Params { uint count; } pc;
layout(binding = 0) uniform samplerBuffer htex;
layout(std430, binding = 1) writeonly buffer P { vec4 p[]; };
layout(binding = 2) uniform samplerBuffer gtex;
layout(std430, binding = 3) writeonly buffer S1 { vec4 s1[]; };
layout(std430, binding = 4) writeonly buffer S2 { vec4 s2[]; };
layout(binding = 5) uniform samplerBuffer ptex;
layout(binding = 6) uniform samplerBuffer s1tex;
layout(binding = 7) uniform samplerBuffer s2tex;
layout(std430, binding = 8) writeonly buffer PF { float pf[]; };  // binding 1 as floats, for the tail
layout(std430, binding = 9) writeonly buffer S1F { float s1f[]; };
layout(std430, binding = 10) writeonly buffer S2F { float s2f[]; };
void main() {
  const uint i = elementwise_index();
  if (i * 4u >= pc.count) return;
  // Not const: glslang folds a const local of spec constants into invalid SPIR-V.
  bool one = KIND == 3 || (KIND == 0 && MOMENTUM), two = KIND == 1 || KIND == 2;
  vec4 pv = texelFetch(ptex, int(i)), m = one || two ? texelFetch(s1tex, int(i)) : vec4(0.0),
       v = two ? texelFetch(s2tex, int(i)) : vec4(0.0);
  optimizer_update(texelFetch(htex, 0), texelFetch(htex, 1), pv, texelFetch(gtex, int(i)), m, v);
  if (i * 4u + 4u <= pc.count) {
    p[i] = pv;
    if (one || two) s1[i] = m;
    if (two) s2[i] = v;
    return;
  }
  for (uint q = 0; q < 4u && i * 4u + q < pc.count; ++q) {
    pf[i * 4u + q] = pv[q];
    if (one || two) s1f[i * 4u + q] = m[q];
    if (two) s2f[i * 4u + q] = v[q];
  }
}
