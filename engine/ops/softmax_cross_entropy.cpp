#include "ops/softmax_cross_entropy.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.h"
#include "core/tensor.h"

namespace strata {

CrossEntropyShape check_cross_entropy(const Tensor& logits, const Tensor& targets, bool distribution,
                                      const Tensor* probs, const Tensor* loss) {
  if (!logits.defined() || logits.shape().size() < 2)
    throw Error("softmax cross-entropy: logits must be [batch, classes], got " +
                (logits.defined() ? to_string(logits.shape()) : std::string("nothing")));
  CrossEntropyShape s;
  s.classes = logits.shape().back();
  s.batch = logits.numel() / s.classes;
  const int64_t want = distribution ? s.batch * s.classes : s.batch;
  if (!targets.defined() || targets.numel() != want)
    throw Error("softmax cross-entropy: " + std::string(distribution ? "target distributions" : "labels") + " have " +
                (targets.defined() ? to_string(targets.shape()) : std::string("no shape")) + ", logits " +
                to_string(logits.shape()) + " need " + std::to_string(want) + " values");
  if (probs && probs->numel() != s.batch * s.classes)
    throw Error("softmax cross-entropy: probabilities tensor of shape " + to_string(probs->shape()) + " does not match logits " +
                to_string(logits.shape()));
  if (loss && loss->numel() != s.batch)
    throw Error("softmax cross-entropy: loss tensor of shape " + to_string(loss->shape()) + " needs " +
                std::to_string(s.batch) + " values");
  return s;
}

void softmax_cross_entropy_reference(CrossEntropyShape s, std::span<const float> logits, std::span<const float> targets,
                                     bool distribution, std::span<double> probs, std::span<double> loss) {
  for (int64_t b = 0; b < s.batch; ++b) {
    const float* z = logits.data() + b * s.classes;
    double m = z[0];
    for (int64_t c = 1; c < s.classes; ++c) m = std::max(m, double(z[c]));
    double sum = 0;
    for (int64_t c = 0; c < s.classes; ++c) sum += std::exp(double(z[c]) - m);
    const double lse = m + std::log(sum);
    double l = 0;
    for (int64_t c = 0; c < s.classes; ++c) {
      probs[b * s.classes + c] = std::exp(double(z[c]) - lse);
      const double t = distribution ? double(targets[b * s.classes + c]) : (int64_t(targets[b]) == c ? 1.0 : 0.0);
      l -= t * (double(z[c]) - lse);
    }
    loss[b] = l;
  }
}

}  // namespace strata
