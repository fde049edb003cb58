#version 450
// col2im reading the columns from a storage buffer (col2im_body.glsl).
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
#include "elementwise.glsl"
#include "conv_params.glsl"
layout(std430, binding = 0) readonly buffer C { float col[]; };
float load_col(uint idx) { return col[idx]; }
#include "col2im_body.glsl"
