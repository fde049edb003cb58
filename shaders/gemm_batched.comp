#version 450
// Batched GEMM (Backend::gemm_batched): `count` products C_i = alpha op(A_i)
// op(B_i) + beta C_i whose operands start stride_a / stride_b / stride_c
// floats apart, one invocation per output element of every item. Attention's
// per-head, per-sample products are small (tens of rows, K of a head's size):
// one dispatch for all of them costs less than one register-blocked dispatch
// per item.
#extension GL_GOOGLE_include_directive : require
layout(local_size_x = 64) in;
layout(constant_id = 0) const bool TRANS_A = false;
layout(constant_id = 1) const bool TRANS_B = false;
layout(constant_id = 2) const bool BETA = false;
#include "elementwise.glsl"
layout(push_constant) uniform Params {
  uint M; uint N; uint K; uint count;
  uint stride_a; uint stride_b; uint stride_c;
  uint a_off; uint b_off; uint c_off;
  float alpha; float beta;
} p;
layout(std430, binding = 0) readonly buffer A { float a[]; };
layout(std430, binding = 1) readonly buffer B { float b[]; };
layout(std430, binding = 2) buffer C { float c[]; };
void main() {
  uint i = elementwise_index();
  if (i >= p.count * p.M * p.N) return;
  uint item, rc, row, col;
  udivmod(i, p.M * p.N, item, rc);
  udivmod(rc, p.N, row, col);
  uint ia = p.a_off + item * p.stride_a, ib = p.b_off + item * p.stride_b;
  float acc = 0.0;
  for (uint k = 0u; k < p.K; ++k) {
    float x = TRANS_A ? a[ia + k * p.M + row] : a[ia + row * p.K + k];
    float y = TRANS_B ? b[ib + col * p.K + k] : b[ib + k * p.N + col];
    acc += x * y;
  }
  uint ic = p.c_off + item * p.stride_c + row * p.N + col;
  c[ic] = BETA ? p.alpha * acc + p.beta * c[ic] : p.alpha * acc;
}
