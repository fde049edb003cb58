// Push constants shared by the GEMM kernels; mirrors GemmPush in engine/vk/vk_gemm.cpp.
// C[M,N] = act(alpha * op(A)[M,K] * op(B)[K,N] + beta * C + bias)
// C(row, col) is c[c_off + row * ldc + col], or with column groups
// (c_group != 0) c[c_off + (col / c_group) * c_group_stride + row * ldc + col % c_group]:
// a convolution's [Cout, samples * pixels] product stored straight as NCHW.
// With PARTIAL (gemm_texel.comp's split-K) a workgroup sums only its K slice
// (gl_WorkGroupID.z) and stores the raw sums at c[c_off + (z * M + row) * N + col].
#include "elementwise.glsl"

layout(push_constant) uniform Params {
  uint M; uint N; uint K;
  uint lda; uint ldb; uint ldc;
  float alpha; float beta;
  uint bias_mode;   // 0 none, 1 one value per column (length N), 2 one per row (length M)
  uint act;
  float act_param;
  uint a_off; uint b_off; uint bias_off; uint c_off;  // first element of each operand in its binding
  uint c_group; uint c_group_stride;
  uint k_slice;     // K per workgroup in z (split-K), a multiple of 8
} p;

layout(constant_id = 1) const bool TRANS_A = false;
layout(constant_id = 2) const bool TRANS_B = false;
layout(constant_id = 6) const bool PARTIAL = false;
// The epilogue specialised (the host passes what push constants also say):
// on CPU drivers every store runs lane by lane, and a generic epilogue's
// branches per element cost as much as a short-K product's FMAs.
layout(constant_id = 7) const uint BIAS_MODE = 0;  // as p.bias_mode
layout(constant_id = 8) const uint ACT = 0;        // as p.act
layout(constant_id = 9) const bool BETA = false;   // p.beta != 0
layout(constant_id = 10) const bool GROUPED = false;  // p.c_group != 0

layout(std430, binding = 0) readonly buffer ABuf { float a[]; };
layout(std430, binding = 2) readonly buffer BiasBuf { float bias[]; };
layout(std430, binding = 3) buffer CBuf { float c[]; };

// op(A)[row][k]
float load_a(uint row, uint k) { return TRANS_A ? a[p.a_off + k * p.lda + row] : a[p.a_off + row * p.lda + k]; }

// Element index of C(row, col), or of its slice's partial sum.
uint c_index(uint row, uint col) {
  if (PARTIAL) return p.c_off + (gl_WorkGroupID.z * p.M + row) * p.N + col;
  if (GROUPED) {
    uint g, r;
    udivmod(col, p.c_group, g, r);
    return p.c_off + g * p.c_group_stride + row * p.ldc + r;
  }
  return p.c_off + row * p.ldc + col;
}

// The value stored at C(row, col) (index idx) for the sum acc.
float epilogue(uint row, uint col, uint idx, float acc) {
  if (PARTIAL) return acc;
  float v = p.alpha * acc;
  if (BETA) v += p.beta * c[idx];
  if (BIAS_MODE == 1) v += bias[p.bias_off + col];
  else if (BIAS_MODE == 2) v += bias[p.bias_off + row];
  return ACT == ACT_NONE ? v : apply_activation(v, ACT, p.act_param);
}

void store_c(uint row, uint col, float acc) {
  const uint idx = c_index(row, col);
  c[idx] = epilogue(row, col, idx, acc);
}
