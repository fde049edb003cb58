// Embedding lookup and its row-sparse gradient on the native CPU backend.
#include <cmath>
#include <cstring>

#include "cpu/cpu_backend.h"

namespace strata {

void CpuBackend::embedding_forward(const EmbeddingParams& p, const Tensor& table, const Tensor& ids,
                                   const Tensor& rows) {
  check_embedding(p, table, ids, rows);
  const float *t = data(table), *id = data(ids);
  float* y = data(rows);
  const auto row_bytes = size_t(p.dim) * sizeof(float);
  for (int64_t n = 0; n < p.count; ++n) {
    const int64_t v = std::lround(id[n]);
    if (embedding_row_used(p, v)) std::memcpy(y + n * p.dim, t + v * p.dim, row_bytes);
    else std::memset(y + n * p.dim, 0, row_bytes);
  }
}

void CpuBackend::embedding_backward(const EmbeddingParams& p, const Tensor& drows, const Tensor& ids,
                                    const Tensor& dtable) {
  check_embedding(p, dtable, ids, drows);
  const float *dy = data(drows), *id = data(ids);
  float* dt = data(dtable);
  std::memset(dt, 0, size_t(dtable.bytes()));
  for (int64_t n = 0; n < p.count; ++n) {
    const int64_t v = std::lround(id[n]);
    if (!embedding_row_used(p, v)) continue;
    float* row = dt + v * p.dim;
    const float* g = dy + n * p.dim;
    for (int64_t d = 0; d < p.dim; ++d) row[d] += g[d];
  }
}

}  // namespace strata
