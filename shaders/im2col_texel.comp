#version 450
// im2col reading x as RGBA32F texels (im2col_body.glsl), where the device
// supports them and x fits the texel-buffer limit.
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
#include "elementwise.glsl"
#include "conv_params.glsl"
layout(binding = 0) uniform samplerBuffer xtex;
float load_x(uint idx) { return texelFetch(xtex, int(idx >> 2))[idx & 3u]; }
#include "im2col_body.glsl"
