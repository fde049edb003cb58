#version 450
// GEMM without shared memory reading B through a uniform texel buffer (RGBA32F).
// On lavapipe texel fetches are vectorised across lanes, while storage-buffer
// loads run lane by lane; otherwise the same scheme as gemm_regblock.comp,
// plus split-K (gemm_params.glsl PARTIAL) for products too small to occupy
// the device, such as a convolution's weight gradient.
//
// Each subgroup computes TM rows x (subgroup size * TN) columns; each lane keeps
// a TM x TN block of outputs in registers. A is read as texels where its rows
// start on whole texels (A_TEX: every lane fetches the same texel); otherwise
// lanes load TM values of A for 8 consecutive k at once (lane & 7 picks k)
// and share them with subgroupBroadcast. B is read as vec4 when its rows are
// 16-byte aligned, and then every tile runs without bounds checks (loads
// clamped); otherwise a tile that lies fully inside C does, and edge tiles
// take a checked path.
#extension GL_GOOGLE_include_directive : require
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_ballot : require
#extension GL_EXT_control_flow_attributes : require

layout(local_size_x_id = 0) in;
layout(constant_id = 3) const bool VEC_B = false;  // B is [K,N], N % 4 == 0, b_off % 4 == 0
layout(constant_id = 4) const uint TM = 8;         // rows per lane
layout(constant_id = 5) const uint TN4 = 2;        // vec4 column groups per lane

#include "common.glsl"
#include "gemm_params.glsl"

layout(binding = 1) uniform samplerBuffer btex;  // B as texels of 4 floats
// C again, as vec4s, for whole-vec4 stores (STORE4: N, ldc, the column
// groups and C's start all multiples of 4). On lavapipe a storage-buffer
// store is a loop over the lanes; a vec4 store loops once for four values,
// and short-K products are bound by their stores.
layout(constant_id = 11) const bool STORE4 = false;
layout(std430, binding = 4) writeonly buffer C4 { vec4 c4[]; };
// A as texels of 4 floats (A_TEX: a_off and lda multiples of 4, and for
// TRANS_A TM too). Every lane reads the same texel, so A needs no
// subgroupBroadcast: lavapipe finds a broadcast's source lane with a loop over
// the lanes, and eight of those per k cost as much as the FMAs.
layout(constant_id = 12) const bool A_TEX = false;
layout(binding = 5) uniform samplerBuffer atex;

vec4 fetch_a4(uint texel, int last) { return texelFetch(atex, min(int(texel), last)); }

// op(B)[k][col .. col+3]
vec4 load_b4(uint k, uint col, bool checked) {
  if (VEC_B && !checked) return texelFetch(btex, int((p.b_off + k * p.ldb + col) >> 2));
  vec4 v = vec4(0.0);
  for (uint j = 0; j < 4; ++j) {
    uint cj = col + j;
    if (!checked || cj < p.N) {
      uint idx = p.b_off + (TRANS_B ? cj * p.ldb + k : k * p.ldb + cj);
      v[j] = texelFetch(btex, int(idx >> 2))[idx & 3u];
    }
  }
  return v;
}

void main() {
  const uint SG = gl_SubgroupSize;
  const uint lane = gl_SubgroupInvocationID;
  const uint sub = gl_SubgroupID;
  const uint tile_cols = SG * TN4 * 4;
  const uint row0 = (gl_WorkGroupID.y * gl_NumSubgroups + sub) * TM;
  const uint col_base = gl_WorkGroupID.x * tile_cols;
  if (row0 >= p.M || col_base >= p.N) return;  // whole subgroup leaves together
  const uint kbeg = gl_WorkGroupID.z * p.k_slice;  // this workgroup's K slice (split-K)
  const uint kend = min(p.K, kbeg + p.k_slice);

  vec4 acc[TM][TN4];
  for (uint r = 0; r < TM; ++r)
    for (uint j = 0; j < TN4; ++j) acc[r][j] = vec4(0.0);

  // Column groups are interleaved across lanes (lane, lane + SG, ...) so that
  // on GPUs neighbouring lanes read neighbouring memory.
  const uint kl = lane & 7u;
  // The unchecked path: with VEC_B every tile (rows past M and column groups
  // past N are clamped for loading: computed, never stored, so edge tiles
  // cost no per-element checks); with element-wise B (transposed, or rows not
  // 16-byte aligned) tiles that lie fully inside C. Whole blocks of 8 k; then
  // the slice's tail, or for element-wise B's edge tiles everything, checked.
  uint arow[TM];
  for (uint r = 0; r < TM; ++r) arow[r] = min(row0 + r, p.M - 1u);
  uint bcol[TN4];
  for (uint j = 0; j < TN4; ++j) bcol[j] = VEC_B ? min(col_base + (j * SG + lane) * 4, p.N - 4u) : col_base + (j * SG + lane) * 4;
  const bool full = VEC_B || (row0 + TM <= p.M && col_base + tile_cols <= p.N);
  const uint kfull = full ? kbeg + ((kend - kbeg) & ~7u) : kbeg;
  const int alast = A_TEX ? textureSize(atex) - 1 : 0;
  for (uint k0 = kbeg; k0 < kfull; k0 += 8) {
    float av[TM];
    if (!A_TEX)
      for (uint r = 0; r < TM; ++r) av[r] = load_a(arow[r], k0 + kl);
    // With A_TEX, in two halves of 4 k: fewer A values live at once.
    [[unroll]] for (uint h = 0; h < 2; ++h) {
      vec4 ar4[TM];  // A_TEX, !TRANS_A: A(row r, k0 + 4h .. k0 + 4h + 3)
      if (A_TEX && !TRANS_A)
        for (uint r = 0; r < TM; ++r) ar4[r] = fetch_a4(((p.a_off + arow[r] * p.lda + k0) >> 2) + h, alast);
      [[unroll]] for (uint u = 0; u < 4; ++u) {
        const uint t = 4 * h + u;
        vec4 ak4[(TM + 3) / 4];  // A_TEX, TRANS_A: A(rows row0 + 4i .. + 3, k0 + t)
        if (A_TEX && TRANS_A)
          for (uint i = 0; i < (TM + 3) / 4; ++i) ak4[i] = fetch_a4(((p.a_off + (k0 + t) * p.lda + row0) >> 2) + i, alast);
        vec4 bv[TN4];
        for (uint j = 0; j < TN4; ++j)
          bv[j] = VEC_B ? texelFetch(btex, int((p.b_off + (k0 + t) * p.ldb + bcol[j]) >> 2)) : load_b4(k0 + t, bcol[j], false);
        for (uint r = 0; r < TM; ++r) {
          float ar = !A_TEX ? subgroupBroadcast(av[r], t) : TRANS_A ? ak4[r >> 2][r & 3u] : ar4[r][u];
          for (uint j = 0; j < TN4; ++j) acc[r][j] += ar * bv[j];
        }
      }
    }
  }
  for (uint k0 = kfull; k0 < kend; k0 += 8) {
    float av[TM];
    for (uint r = 0; r < TM; ++r) {
      const uint k = k0 + kl;
      const float v = load_a(arow[r], min(k, kend - 1u));
      av[r] = (row0 + r < p.M && k < kend) ? v : 0.0;
    }
    for (uint t = 0; t < 8; ++t) {
      if (k0 + t >= kend) break;
      vec4 bv[TN4];
      for (uint j = 0; j < TN4; ++j)
        bv[j] = VEC_B ? texelFetch(btex, int((p.b_off + (k0 + t) * p.ldb + bcol[j]) >> 2)) : load_b4(k0 + t, bcol[j], true);
      for (uint r = 0; r < TM; ++r) {
        float ar = subgroupBroadcast(av[r], t);
        for (uint j = 0; j < TN4; ++j) acc[r][j] += ar * bv[j];
      }
    }
  }

  for (uint r = 0; r < TM; ++r) {
    uint row = row0 + r;
    if (row >= p.M) break;
    for (uint j = 0; j < TN4; ++j) {
      uint col = col_base + (j * SG + lane) * 4;
      if (STORE4) {
        if (col < p.N) {
          const uint idx = c_index(row, col);
          vec4 v;
          for (uint q = 0; q < 4; ++q) v[q] = epilogue(row, col + q, idx + q, acc[r][j][q]);
          c4[idx >> 2] = v;
        }
      } else {
        for (uint q = 0; q < 4; ++q)
          if (col + q < p.N) store_c(row, col + q, acc[r][j][q]);
      }
    }
  }
}
