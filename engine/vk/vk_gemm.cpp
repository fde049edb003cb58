// GEMM dispatch for the Vulkan backend: picks the kernel variant for the
// device and the operands, and fills in its push constants.
#include <algorithm>
#include <cstdlib>

#include "core/error.h"
#include "core/fault_injection.h"
#include "vk/vk_backend.h"

namespace strata::vk {
namespace {

struct GemmPush {
  uint32_t M, N, K, lda, ldb, ldc;
  float alpha, beta;
  uint32_t bias_mode, act;
  float act_param;
  uint32_t a_off, b_off, bias_off, c_off;
  uint32_t c_group, c_group_stride, k_slice;
};

// Tuning overrides for experiments (bench/README.md); the defaults are the
// best measured on lavapipe.
uint32_t env_or(const char* name, uint32_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? uint32_t(std::atoi(v)) : fallback;
}

// Vec4 column groups per lane for the texel kernel: 3 measured best on
// lavapipe (1.2-1.4x over 2 on the convolutions' products, bench/README.md)
// unless C's width leaves more than a tenth of the last tiles empty; then the
// count that wastes least.
uint32_t texel_col_groups(uint64_t n, uint32_t sg) {
  auto waste = [&](uint32_t t) {
    const uint64_t tile = uint64_t(sg) * 4 * t;
    return double((n + tile - 1) / tile * tile - n) / double(n);
  };
  if (waste(3) <= 0.1) return 3;
  uint32_t best = 2;
  for (uint32_t t : {1u, 4u})
    if (waste(t) < waste(best)) best = t;
  return best;
}

}  // namespace

GemmPath VulkanBackend::gemm_path(uint64_t b_bytes) const {
  const auto& caps = ctx_->caps();
  const bool texel_ok = rgba_texels(b_bytes);
  if (gemm_path_ == GemmPath::RegisterBlockedTexel && !texel_ok) return GemmPath::RegisterBlocked;
  if (gemm_path_ != GemmPath::Auto) return gemm_path_;
  if (!caps.slow_shared_memory) return GemmPath::SharedTiles;
  return texel_ok ? GemmPath::RegisterBlockedTexel : GemmPath::RegisterBlocked;
}

void VulkanBackend::gemm(const GemmArgs& g, const Tensor& a, const Tensor& b, const Tensor& c, const Tensor* bias) {
  if (fault::wrong_kernel("gemm")) {  // a test's driver bug: products 1 % too large
    GemmArgs wrong = g;
    wrong.alpha *= 1.01f;
    return gemm_store(wrong, a, b, c, bias, GemmStore{});
  }
  gemm_store(g, a, b, c, bias, GemmStore{});
}

void VulkanBackend::gemm_batched(const GemmArgs& g, const GemmBatch& batch, const Tensor& a, const Tensor& b,
                                 const Tensor& c) {
  check_gemm_batched(g, batch, a, b, c);
  struct {
    uint32_t m, n, k, count, stride_a, stride_b, stride_c, a_off, b_off, c_off;
    float alpha, beta;
  } push{uint32_t(g.m), uint32_t(g.n), uint32_t(g.k), uint32_t(batch.count), uint32_t(batch.stride_a),
         uint32_t(batch.stride_b), uint32_t(batch.stride_c), 0, 0, 0, g.alpha, g.beta};
  const Binding bindings[] = {binding_shifted(a, false, &push.a_off), binding_shifted(b, false, &push.b_off),
                              binding_shifted(c, true, &push.c_off)};
  const SpecConstant spec[] = {{0, g.trans_a}, {1, g.trans_b}, {2, g.beta != 0.f}};
  const Kernel& k = pipelines_->get("gemm_batched", spec, 3, sizeof push);
  dispatch_1d(k, bindings, &push, uint64_t(batch.count * g.m * g.n));
}

void VulkanBackend::gemm_store(const GemmArgs& g, const Tensor& a, const Tensor& b, const Tensor& c,
                               const Tensor* bias, const GemmStore& store) {
  if (store.c_group == 0 && store.ldc == 0 && !store.partials) check_gemm_operands(g, a, b, c, bias);
  const bool raw = store.split_k && store.partials && store.splits;  // the caller reduces the slices
  if (raw && gemm_path(b.bytes()) != GemmPath::RegisterBlockedTexel) {
    // Only gemm_texel splits K: one slice, the plain product.
    *store.partials = empty({g.m * g.n});
    *store.splits = 1;
    GemmArgs one = g;
    one.beta = 0.f;
    gemm_store(one, a, b, store.partials->reshaped({g.m, g.n}), nullptr, GemmStore{});
    return;
  }
  GemmPush push{uint32_t(g.m), uint32_t(g.n), uint32_t(g.k), uint32_t(g.trans_a ? g.m : g.k),
                uint32_t(g.trans_b ? g.k : g.n), store.ldc ? store.ldc : uint32_t(g.n), g.alpha, g.beta,
                uint32_t(g.bias), uint32_t(g.act), g.act_param, 0, 0, 0, 0, store.c_group, store.c_group_stride,
                uint32_t(g.k)};
  // Operands may be views at any element offset: the kernels add the shifts.
  Binding bindings[4] = {binding_shifted(a, false, &push.a_off), binding_shifted(b, false, &push.b_off),
                         g.bias != BiasMode::None ? binding_shifted(*bias, false, &push.bias_off)
                                                  : binding_shifted(c, false, &push.bias_off),
                         binding_shifted(c, true, &push.c_off)};

  const GemmPath path = gemm_path(b.bytes());
  if (path == GemmPath::SharedTiles) {
    const SpecConstant spec[] = {{1, g.trans_a}, {2, g.trans_b}, {4, 16},  {7, uint32_t(g.bias)},
                                 {8, uint32_t(g.act)}, {9, g.beta != 0.f}, {10, store.c_group != 0}};
    const Kernel& k = pipelines_->get("gemm_tiled", spec, 4, sizeof push);
    stream_->dispatch(k, bindings, &push, uint32_t((g.n + 63) / 64), uint32_t((g.m + 63) / 64));
    return;
  }
  // Register blocking: a lane holds rows x (4 * col4) outputs. Reading B as
  // texels takes its loads off lavapipe's lane-by-lane storage-buffer path,
  // which lets more rows per lane pay off (8 rather than 4).
  const bool texel = path == GemmPath::RegisterBlockedTexel;
  const uint32_t sg = ctx_->caps().subgroup_size;
  const uint32_t rows = env_or("STRATA_GEMM_TM", texel ? 8 : 4);
  const uint32_t col4 = env_or("STRATA_GEMM_TN4", texel ? texel_col_groups(uint64_t(g.n), sg) : 2);
  // No more subgroups per workgroup than C has row blocks: lavapipe runs every
  // subgroup of a workgroup, even those that find no rows and leave.
  const uint32_t row_blocks = uint32_t((g.m + rows - 1) / rows);
  const uint32_t wg = std::max<uint32_t>(std::min<uint32_t>(env_or("STRATA_GEMM_WG", 64), sg * row_blocks), sg);
  const bool vec_b = !g.trans_b && g.n % 4 == 0 && push.b_off % 4 == 0;
  const uint64_t tile_rows = uint64_t(rows) * (wg / sg), tile_cols = uint64_t(sg) * col4 * 4;
  const uint32_t gx = uint32_t((g.n + tile_cols - 1) / tile_cols), gy = uint32_t((g.m + tile_rows - 1) / tile_rows);

  // Split-K where the output has too few tiles to keep the device's cores
  // busy and K is long (a convolution's weight gradient: a few hundred
  // outputs, K = the batch's pixel count): each slice's sums go to scratch,
  // then one ordered reduction (deterministic) adds them into C.
  uint32_t splits = 1;
  if (texel && store.split_k && g.bias == BiasMode::None && g.act == Activation::None && g.alpha == 1.f &&
      store.c_group == 0 && store.ldc == 0 && (raw || g.beta == 0.f || g.beta == 1.f)) {
    const uint32_t want = std::max<uint32_t>(1, env_or("STRATA_SPLITK_TILES", 32) / std::max<uint32_t>(1, gx * gy));
    splits = std::clamp<uint32_t>(want, 1, std::max<uint32_t>(1, uint32_t(g.k / 256)));
    push.k_slice = (uint32_t(g.k) + splits - 1) / splits;
    push.k_slice = (push.k_slice + 7) / 8 * 8;
    splits = (uint32_t(g.k) + push.k_slice - 1) / push.k_slice;
  }
  const bool partial = splits > 1 || raw;  // slices' raw sums to scratch (PARTIAL)
  Tensor scratch = partial ? empty({int64_t(splits) * g.m * g.n}) : Tensor();
  if (partial) bindings[3] = binding_shifted(scratch, true, &push.c_off);
  // gemm_texel also writes C as whole vec4s (binding 4: C's range as a vec4
  // array) where every vec4 of outputs is whole and 16-byte aligned. On
  // lavapipe a store is a loop over the lanes: one vec4 store loops once for
  // four values (an RGBA32F imageStore looped once per component: 1.13x
  // slower on 7744x288x64).
  const uint32_t ldc = partial ? uint32_t(g.n) : push.ldc;
  const bool store4 = texel && g.n % 4 == 0 && ldc % 4 == 0 && push.c_off % 4 == 0 &&
                      (partial || store.c_group == 0 || (store.c_group % 4 == 0 && store.c_group_stride % 4 == 0));
  // A through RGBA32F texels too (binding 5, gemm_texel.comp's A_TEX) where
  // its rows (or for op(A) = A^T its columns) start on whole texels.
  const bool a_tex = texel && env_or("STRATA_GEMM_ATEX", 1) != 0 && push.a_off % 4 == 0 &&
                     push.lda % 4 == 0 && (!g.trans_a || rows % 4 == 0) && rgba_texels(a.bytes());
  const Binding all[6] = {bindings[0], bindings[1], bindings[2], bindings[3], bindings[3], bindings[0]};
  const SpecConstant spec[] = {{0, wg},     {1, g.trans_a},           {2, g.trans_b},
                               {3, vec_b},  {4, rows},                {5, col4},
                               {6, partial}, {7, uint32_t(g.bias)}, {8, uint32_t(g.act)},
                               {9, g.beta != 0.f && !partial}, {10, store.c_group != 0 && !partial},
                               {11, store4}, {12, a_tex}};
  const Kernel& k = texel ? pipelines_->get("gemm_texel", spec, 6, sizeof push, /*full_subgroups=*/true,
                                            /*texel_mask=*/0b100010)
                          : pipelines_->get("gemm_regblock", spec, 4, sizeof push, /*full_subgroups=*/true);
  if (stream_->profiling())
    stream_->label_next(std::to_string(g.m) + "x" + std::to_string(g.n) + "x" + std::to_string(g.k) +
                        (g.trans_a ? " At" : "") + (g.trans_b ? " Bt" : "") +
                        (splits > 1 ? " split " + std::to_string(splits) : std::string()));
  const std::span<const Binding> bound(all, texel ? 6 : 4);
  stream_->dispatch(k, bound, &push, gx, gy, splits);
  if (raw) {
    *store.partials = scratch;
    *store.splits = splits;
  } else if (partial) {
    channel_sum(scratch, {int64_t(splits), g.m * g.n, 1}, g.beta, c);
  }
}

}  // namespace strata::vk
