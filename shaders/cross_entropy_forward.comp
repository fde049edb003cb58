#version 450
// Softmax cross-entropy, one invocation per sample: probabilities and loss.
// A label that is not a class index gives a NaN loss (the data loaders reject
// such labels before training; NaN makes a slip visible).
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
layout(constant_id = 0) const bool DISTRIBUTION = false;
#include "elementwise.glsl"
layout(push_constant) uniform Params { uint batch; uint classes; } p;
layout(std430, binding = 0) readonly buffer Z { float z[]; };
layout(std430, binding = 1) readonly buffer T { float t[]; };
layout(std430, binding = 2) writeonly buffer P { float probs[]; };
layout(std430, binding = 3) writeonly buffer L { float loss[]; };
void main() {
  uint b = elementwise_index();
  if (b >= p.batch) return;
  uint base = b * p.classes;
  float m = z[base];
  for (uint c = 1; c < p.classes; ++c) m = max(m, z[base + c]);
  float sum = 0.0;
  for (uint c = 0; c < p.classes; ++c) sum += exp(z[base + c] - m);
  float lse = m + log(sum);
  float l = 0.0;
  for (uint c = 0; c < p.classes; ++c) {
    float zc = z[base + c];
    probs[base + c] = exp(zc - lse);
    if (DISTRIBUTION) l -= t[base + c] * (zc - lse);
  }
  if (!DISTRIBUTION) {
    float label = t[b];
    bool valid = label >= 0.0 && label < float(p.classes) && label == floor(label);
    l = valid ? lse - z[base + uint(label)] : uintBitsToFloat(0x7fc00000u);
  }
  loss[b] = l;
}
