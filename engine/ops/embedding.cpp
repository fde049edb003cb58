#include "ops/embedding.h"

#include <cmath>

#include "core/error.h"
#include "core/tensor.h"

namespace strata {

void check_embedding_params(const EmbeddingParams& p, const std::string& what) {
  if (p.vocab < 1) throw Error(what + ": vocabulary size must be at least 1");
  if (p.dim < 1) throw Error(what + ": dimension must be at least 1");
  if (p.padding_index >= p.vocab)
    throw Error(what + ": padding index " + std::to_string(p.padding_index) + " is outside the vocabulary of " +
                std::to_string(p.vocab));
  if (p.count < 1) throw Error(what + ": no token ids");
}

void check_embedding(const EmbeddingParams& p, const Tensor& table, const Tensor& ids, const Tensor& rows) {
  check_embedding_params(p);
  auto need = [](const Tensor& t, int64_t n, const char* name) {
    if (!t.defined() || t.numel() != n)
      throw Error(std::string("embedding: ") + name + " needs " + std::to_string(n) + " values");
  };
  need(table, p.vocab * p.dim, "the table");
  need(ids, p.count, "the ids");
  need(rows, p.count * p.dim, "the rows");
}

void embedding_forward_reference(const EmbeddingParams& p, std::span<const double> table, std::span<const float> ids,
                                 std::span<double> y) {
  for (int64_t n = 0; n < p.count; ++n) {
    const int64_t v = std::lround(ids[size_t(n)]);
    for (int64_t d = 0; d < p.dim; ++d)
      y[size_t(n * p.dim + d)] = embedding_row_used(p, v) ? table[size_t(v * p.dim + d)] : 0.0;
  }
}

void embedding_backward_reference(const EmbeddingParams& p, std::span<const double> dy, std::span<const float> ids,
                                  std::span<double> dtable) {
  for (auto& v : dtable) v = 0;
  for (int64_t n = 0; n < p.count; ++n) {
    const int64_t v = std::lround(ids[size_t(n)]);
    if (!embedding_row_used(p, v)) continue;
    for (int64_t d = 0; d < p.dim; ++d) dtable[size_t(v * p.dim + d)] += dy[size_t(n * p.dim + d)];
  }
}

}  // namespace strata
