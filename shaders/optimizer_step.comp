#version 450
// One optimizer update per element (optimizer_update.glsl); the fallback for
// devices without RGBA32F texel buffers, where optimizer_step4.comp cannot run.
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
layout(constant_id = 0) const uint KIND = 0;  // 0 SGD, 1 Adam, 2 AdamW, 3 RMSprop
layout(constant_id = 1) const bool NESTEROV = false;
layout(constant_id = 2) const bool MOMENTUM = false;  // SGD keeps a momentum buffer
#include "elementwise.glsl"
#include "optimizer_update.glsl"
layout(push_constant) uniform Params { uint count; } pc;
layout(std430, binding = 0) readonly buffer H { vec4 h[2]; };
layout(std430, binding = 1) buffer P { float p[]; };
layout(std430, binding = 2) readonly buffer G { float g[]; };
layout(std430, binding = 3) buffer S1 { float s1[]; };
layout(std430, binding = 4) buffer S2 { float s2[]; };
void main() {
  uint i = elementwise_index();
  if (i >= pc.count) return;
  // Not const: glslang folds a const local of spec constants into invalid SPIR-V.
  bool one = KIND == 3 || (KIND == 0 && MOMENTUM), two = KIND == 1 || KIND == 2;
  vec4 pv = vec4(p[i]), m = vec4(one || two ? s1[i] : 0.0), v = vec4(two ? s2[i] : 0.0);
  optimizer_update(h[0], h[1], pv, vec4(g[i]), m, v);
  p[i] = pv.x;
  if (one || two) s1[i] = m.x;
  if (two) s2[i] = v.x;
}
