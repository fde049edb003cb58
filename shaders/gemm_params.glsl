// Push constants shared by the GEMM kernels; mirrors GemmPush in engine/vk/vk_gemm.cpp.
// C[M,N] = act(alpha * op(A)[M,K] * op(B)[K,N] + beta * C + bias)
layout(push_constant) uniform Params {
  uint M; uint N; uint K;
  uint lda; uint ldb; uint ldc;
  float alpha; float beta;
  uint bias_mode;   // 0 none, 1 one value per column (length N), 2 one per row (length M)
  uint act;
  float act_param;
  uint a_off; uint b_off; uint bias_off; uint c_off;  // first element of each operand in its binding
} p;

layout(constant_id = 1) const bool TRANS_A = false;
layout(constant_id = 2) const bool TRANS_B = false;

layout(std430, binding = 0) readonly buffer ABuf { float a[]; };
layout(std430, binding = 2) readonly buffer BiasBuf { float bias[]; };
layout(std430, binding = 3) buffer CBuf { float c[]; };

// op(A)[row][k]
float load_a(uint row, uint k) { return TRANS_A ? a[p.a_off + k * p.lda + row] : a[p.a_off + row * p.lda + k]; }

void store_c(uint row, uint col, float acc) {
  float v = p.alpha * acc;
  uint idx = p.c_off + row * p.ldc + col;
  if (p.beta != 0.0) v += p.beta * c[idx];
  if (p.bias_mode == 1) v += bias[p.bias_off + col];
  else if (p.bias_mode == 2) v += bias[p.bias_off + row];
  c[idx] = apply_activation(v, p.act, p.act_param);
}
