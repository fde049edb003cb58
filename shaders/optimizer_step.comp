#version 450
// One optimizer update per element; see engine/ops/optimizer.h. Rates, step
// count and gradient scale come from the hyperparameter buffer so a recorded
// step can be replayed while they change.
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
layout(constant_id = 0) const uint KIND = 0;  // 0 SGD, 1 Adam, 2 AdamW, 3 RMSprop
layout(constant_id = 1) const bool NESTEROV = false;
layout(constant_id = 2) const bool MOMENTUM = false;  // SGD keeps a momentum buffer
#include "elementwise.glsl"
layout(push_constant) uniform Params { uint count; } pc;
layout(std430, binding = 0) readonly buffer H { float h[8]; };
layout(std430, binding = 1) buffer P { float p[]; };
layout(std430, binding = 2) readonly buffer G { float g[]; };
layout(std430, binding = 3) buffer S1 { float s1[]; };
layout(std430, binding = 4) buffer S2 { float s2[]; };
void main() {
  uint i = elementwise_index();
  if (i >= pc.count) return;
  float lr = h[0], b1 = h[1], b2 = h[2], eps = h[3], wd = h[4], t = h[5], gs = h[6];
  float gi = g[i] * gs;
  float pi = p[i];
  if (KIND == 0) {
    gi += wd * pi;
    if (MOMENTUM) {
      float m = b1 * s1[i] + gi;
      s1[i] = m;
      gi = NESTEROV ? gi + b1 * m : m;
    }
    pi -= lr * gi;
  } else if (KIND == 1 || KIND == 2) {
    if (KIND == 2) pi *= 1.0 - lr * wd;
    else gi += wd * pi;
    float m = b1 * s1[i] + (1.0 - b1) * gi;
    float v = b2 * s2[i] + (1.0 - b2) * gi * gi;
    s1[i] = m;
    s2[i] = v;
    float step_size = lr / (1.0 - pow(b1, t));
    pi -= step_size * m / (sqrt(v) / sqrt(1.0 - pow(b2, t)) + eps);
  } else {
    gi += wd * pi;
    float v = b2 * s1[i] + (1.0 - b2) * gi * gi;
    s1[i] = v;
    pi -= lr * gi / (sqrt(v) + eps);
  }
  p[i] = pi;
}
