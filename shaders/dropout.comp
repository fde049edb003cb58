#version 450
// Inverted dropout; the hash matches dropout_uniform() in engine/ops/dropout.h.
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
#include "elementwise.glsl"
layout(push_constant) uniform Params { uint count; float rate; uint seed; uint step; } p;
layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) writeonly buffer Y { float y[]; };
layout(std430, binding = 2) writeonly buffer M { float m[]; };

float dropout_uniform(uint seed, uint step, uint index) {
  uint v = index * 747796405u + 2891336453u;
  v ^= seed * 0x9E3779B9u;
  v ^= step * 0x85EBCA6Bu;
  v = ((v >> ((v >> 28u) + 4u)) ^ v) * 277803737u;
  v = (v >> 22u) ^ v;
  v = v * 0x2C1B3C6Du;
  v ^= v >> 15u;
  return float(v >> 8) * (1.0 / 16777216.0);
}

void main() {
  uint i = elementwise_index();
  if (i >= p.count) return;
  float keep = dropout_uniform(p.seed, p.step, i) >= p.rate ? 1.0 / (1.0 - p.rate) : 0.0;
  m[i] = keep;
  y[i] = x[i] * keep;
}
