// Push constants of im2col/col2im; mirrors ConvPush in engine/vk/vk_conv.cpp.
layout(push_constant) uniform Params {
  uint cin; uint H; uint W; uint OH; uint OW;
  uint kh; uint kw; uint sh; uint sw; uint ph; uint pw; uint dh; uint dw;
  uint x_off;    // first element of the samples' input (or dx) in its binding
  uint col_off;
  uint samples;  // samples side by side: col is [cin*kh*kw, samples*OH*OW]
  uint col_transposed;  // col2im: col is [samples*OH*OW, cin*kh*kw] instead
  uint ones_row;        // im2col: one more row of ones after the last (a bias's gradient by GEMM)
} p;
