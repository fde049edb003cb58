#version 450
// col2im reading the columns as RGBA32F texels (col2im_body.glsl), where the
// device supports them and the columns fit the texel-buffer limit.
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
#include "elementwise.glsl"
#include "conv_params.glsl"
// R32F texels where the device has them (one gather per value, no
// component select), else RGBA32F.
layout(constant_id = 2) const bool SCALAR = false;
layout(binding = 0) uniform samplerBuffer ctex;
float load_col(uint idx) { return SCALAR ? texelFetch(ctex, int(idx)).x : texelFetch(ctex, int(idx >> 2))[idx & 3u]; }
#include "col2im_body.glsl"
