#pragma once
// Embedding lookup: ids hold `count` token ids (as floats, like labels) and
// y[n, :] = table[ids[n], :]. The padding id's row reads as zeros and gets no
// gradient; so does an id outside [0, vocab) (datasets reject those before
// training). Backward overwrites dtable: zero everywhere, then each used row
// gets the sum of its positions' gradients, added in position order so the
// result is the same on every run and device (no atomics).
#include <cstdint>
#include <span>
#include <string>

namespace strata {

class Tensor;

struct EmbeddingParams {
  int64_t vocab = 1, dim = 1, count = 1;
  int64_t padding_index = -1;  // none when negative
};

void check_embedding_params(const EmbeddingParams& p, const std::string& what = "embedding");
void check_embedding(const EmbeddingParams& p, const Tensor& table, const Tensor& ids, const Tensor& rows);

// True when id `v` (already rounded) selects a row that reads and learns.
inline bool embedding_row_used(const EmbeddingParams& p, int64_t v) {
  return v >= 0 && v < p.vocab && v != p.padding_index;
}

void embedding_forward_reference(const EmbeddingParams& p, std::span<const double> table, std::span<const float> ids,
                                 std::span<double> y);
void embedding_backward_reference(const EmbeddingParams& p, std::span<const double> dy, std::span<const float> ids,
                                  std::span<double> dtable);

}  // namespace strata
