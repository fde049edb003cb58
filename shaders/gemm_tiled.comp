#version 450
// GEMM with shared-memory tiles and register blocking, for discrete GPUs.
// A workgroup of 16x16 invocations computes a BM x BN tile of C (64x64 by
// default); each invocation a 4x4 block. A and B tiles of depth BK are staged
// in shared memory, zero-padded at the matrix edges.
#extension GL_GOOGLE_include_directive : require

layout(local_size_x = 16, local_size_y = 16) in;
layout(constant_id = 4) const uint BK = 16;

#include "common.glsl"
#include "gemm_params.glsl"

layout(std430, binding = 1) readonly buffer BBuf { float b[]; };

const uint BM = 64, BN = 64, TM = 4, TN = 4;
shared float As[BK][BM + 1];
shared float Bs[BK][BN + 1];

void main() {
  const uint tx = gl_LocalInvocationID.x, ty = gl_LocalInvocationID.y;
  const uint tid = ty * 16 + tx;
  const uint row0 = gl_WorkGroupID.y * BM, col0 = gl_WorkGroupID.x * BN;

  float acc[TM][TN];
  for (uint i = 0; i < TM; ++i)
    for (uint j = 0; j < TN; ++j) acc[i][j] = 0.0;

  for (uint k0 = 0; k0 < p.K; k0 += BK) {
    for (uint e = tid; e < BK * BM; e += 256) {
      uint kk = TRANS_A ? e / BM : e % BK;
      uint mm = TRANS_A ? e % BM : e / BK;
      uint row = row0 + mm, k = k0 + kk;
      As[kk][mm] = (row < p.M && k < p.K) ? load_a(row, k) : 0.0;
    }
    for (uint e = tid; e < BK * BN; e += 256) {
      uint kk = TRANS_B ? e % BK : e / BN;
      uint nn = TRANS_B ? e / BK : e % BN;
      uint col = col0 + nn, k = k0 + kk;
      float v = 0.0;
      if (col < p.N && k < p.K) v = b[p.b_off + (TRANS_B ? col * p.ldb + k : k * p.ldb + col)];
      Bs[kk][nn] = v;
    }
    barrier();
    for (uint kk = 0; kk < BK; ++kk) {
      float av[TM], bv[TN];
      for (uint i = 0; i < TM; ++i) av[i] = As[kk][ty + 16 * i];
      for (uint j = 0; j < TN; ++j) bv[j] = Bs[kk][tx + 16 * j];
      for (uint i = 0; i < TM; ++i)
        for (uint j = 0; j < TN; ++j) acc[i][j] += av[i] * bv[j];
    }
    barrier();
  }
  for (uint i = 0; i < TM; ++i) {
    uint row = row0 + ty + 16 * i;
    if (row >= p.M) continue;
    for (uint j = 0; j < TN; ++j) {
      uint col = col0 + tx + 16 * j;
      if (col < p.N) store_c(row, col, acc[i][j]);
    }
  }
}
