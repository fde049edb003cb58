#version 450
// im2col reading x from a storage buffer (im2col_body.glsl).
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
#include "elementwise.glsl"
#include "conv_params.glsl"
layout(std430, binding = 0) readonly buffer X { float x[]; };
float load_x(uint idx) { return x[idx]; }
#include "im2col_body.glsl"
