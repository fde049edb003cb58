// Embedding lookup and gradient dispatch for the Vulkan backend.
#include "vk/vk_backend.h"

namespace strata::vk {
namespace {
struct EmbeddingPush {
  uint32_t count, dim, vocab;
  int32_t padding;
  uint32_t t_off, id_off, y_off;
};
}  // namespace

void VulkanBackend::embedding_forward(const EmbeddingParams& p, const Tensor& table, const Tensor& ids,
                                      const Tensor& rows) {
  check_embedding(p, table, ids, rows);
  EmbeddingPush push{uint32_t(p.count), uint32_t(p.dim), uint32_t(p.vocab), int32_t(p.padding_index), 0, 0, 0};
  const Binding b[] = {binding_shifted(table, false, &push.t_off), binding_shifted(ids, false, &push.id_off),
                       binding_shifted(rows, true, &push.y_off)};
  const Kernel& k = pipelines_->get("embedding_forward", {}, 3, sizeof push);
  dispatch_1d(k, b, &push, uint64_t(p.count * p.dim));
}

void VulkanBackend::embedding_backward(const EmbeddingParams& p, const Tensor& drows, const Tensor& ids,
                                       const Tensor& dtable) {
  check_embedding(p, dtable, ids, drows);
  fill(dtable, 0.f);
  EmbeddingPush push{uint32_t(p.count), uint32_t(p.dim), uint32_t(p.vocab), int32_t(p.padding_index), 0, 0, 0};
  const Binding b[] = {binding_shifted(dtable, true, &push.t_off), binding_shifted(ids, false, &push.id_off),
                       binding_shifted(drows, false, &push.y_off)};
  const Kernel& k = pipelines_->get("embedding_backward", {}, 3, sizeof push);
  dispatch_1d(k, b, &push, uint64_t(p.dim));  // one invocation per column: a fixed order of sums
}

}  // namespace strata::vk
