// GEMM dispatch for the Vulkan backend: picks the kernel variant for the
// device and the operands, and fills in its push constants.
#include <bit>
#include <cstdlib>

#include "core/error.h"
#include "vk/vk_backend.h"

namespace strata::vk {
namespace {

struct GemmPush {
  uint32_t M, N, K, lda, ldb, ldc;
  float alpha, beta;
  uint32_t bias_mode, act;
  float act_param;
};

// Register block of the no-shared-memory kernel: 4 rows x 8 columns per lane
// measured best on lavapipe (bench/README.md).
uint32_t env_or(const char* name, uint32_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? uint32_t(std::atoi(v)) : fallback;
}
const uint32_t kRegRows = env_or("STRATA_GEMM_TM", 4), kRegCol4 = env_or("STRATA_GEMM_TN4", 2);
const uint32_t kRegWg = env_or("STRATA_GEMM_WG", 64);

}  // namespace

GemmPath VulkanBackend::gemm_path() const {
  if (gemm_path_ != GemmPath::Auto) return gemm_path_;
  return ctx_->caps().slow_shared_memory ? GemmPath::RegisterBlocked : GemmPath::SharedTiles;
}

void VulkanBackend::gemm(const GemmArgs& g, const Tensor& a, const Tensor& b, const Tensor& c, const Tensor* bias) {
  check_gemm_operands(g, a, b, c, bias);
  GemmPush push{uint32_t(g.m), uint32_t(g.n), uint32_t(g.k), uint32_t(g.trans_a ? g.m : g.k),
                uint32_t(g.trans_b ? g.k : g.n), uint32_t(g.n), g.alpha, g.beta, uint32_t(g.bias),
                uint32_t(g.act), g.act_param};
  Binding bindings[4] = {binding(a, false), binding(b, false),
                         g.bias != BiasMode::None ? binding(*bias, false) : binding(c, false), binding(c, true)};

  if (gemm_path() == GemmPath::RegisterBlocked) {
    const uint32_t sg = ctx_->caps().subgroup_size;
    const uint32_t wg = std::max<uint32_t>(kRegWg, sg);
    const bool vec_b = !g.trans_b && g.n % 4 == 0;
    const SpecConstant spec[] = {{0, wg}, {1, g.trans_a}, {2, g.trans_b}, {3, vec_b}, {4, kRegRows}, {5, kRegCol4}};
    const Kernel& k = pipelines_->get("gemm_regblock", spec, 4, sizeof push, /*full_subgroups=*/true);
    const uint64_t tile_rows = uint64_t(kRegRows) * (wg / sg), tile_cols = uint64_t(sg) * kRegCol4 * 4;
    stream_->dispatch(k, bindings, &push, uint32_t((g.n + tile_cols - 1) / tile_cols),
                      uint32_t((g.m + tile_rows - 1) / tile_rows));
  } else {
    const SpecConstant spec[] = {{1, g.trans_a}, {2, g.trans_b}, {4, 16}};
    const Kernel& k = pipelines_->get("gemm_tiled", spec, 4, sizeof push);
    stream_->dispatch(k, bindings, &push, uint32_t((g.n + 63) / 64), uint32_t((g.m + 63) / 64));
  }
}

}  // namespace strata::vk
