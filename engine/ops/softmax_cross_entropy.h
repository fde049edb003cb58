#pragma once
// Softmax fused with cross-entropy, the classification loss. Logits are
// [B, C]; targets are either class indices ([B], integers stored as floats)
// or distributions over the classes ([B, C], e.g. one-hot). Forward writes the
// loss of every sample and the softmax probabilities, which backward reuses:
// dlogits = scale * (probs - target), with scale = upstream gradient / B for a
// mean over the batch.
#include <cstdint>
#include <span>

namespace strata {

class Tensor;

struct CrossEntropyShape {
  int64_t batch = 0, classes = 0;
};
// Checks the operands (naming the one at fault) and returns B and C.
CrossEntropyShape check_cross_entropy(const Tensor& logits, const Tensor& targets, bool distribution,
                                      const Tensor* probs, const Tensor* loss);

// Double-precision reference. `probs` is [B, C], `loss` is [B].
void softmax_cross_entropy_reference(CrossEntropyShape s, std::span<const float> logits, std::span<const float> targets,
                                     bool distribution, std::span<double> probs, std::span<double> loss);

}  // namespace strata
