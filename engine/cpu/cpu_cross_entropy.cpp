// Softmax cross-entropy on the native CPU backend.
#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "cpu/cpu_backend.h"
#include "ops/softmax_cross_entropy.h"

namespace strata {

void CpuBackend::softmax_cross_entropy(const Tensor& logits, const Tensor& targets, bool distribution,
                                       const Tensor& probs, const Tensor& loss) {
  const auto s = check_cross_entropy(logits, targets, distribution, &probs, &loss);
  const float *z = data(logits), *t = data(targets);
  float *p = data(probs), *l = data(loss);
  for (int64_t b = 0; b < s.batch; ++b) {
    const float* zb = z + b * s.classes;
    float* pb = p + b * s.classes;
    const float m = *std::max_element(zb, zb + s.classes);
    double sum = 0;
    for (int64_t c = 0; c < s.classes; ++c) sum += std::exp(double(zb[c] - m));
    const float lse = m + float(std::log(sum));
    for (int64_t c = 0; c < s.classes; ++c) pb[c] = std::exp(zb[c] - lse);
    if (distribution) {
      double acc = 0;
      for (int64_t c = 0; c < s.classes; ++c) acc -= double(t[b * s.classes + c]) * double(zb[c] - lse);
      l[b] = float(acc);
    } else {
      const float label = t[b];
      if (!(label >= 0.f && label < float(s.classes)) || label != std::floor(label))
        throw Error("softmax cross-entropy: label " + std::to_string(label) + " of sample " + std::to_string(b) +
                    " is not a class index in 0.." + std::to_string(s.classes - 1));
      l[b] = lse - zb[int64_t(label)];
    }
  }
}

void CpuBackend::softmax_cross_entropy_backward(const Tensor& probs, const Tensor& targets, bool distribution,
                                                float scale, const Tensor& dlogits) {
  const auto s = check_cross_entropy(probs, targets, distribution, &dlogits, nullptr);
  const float *p = data(probs), *t = data(targets);
  float* d = data(dlogits);
  for (int64_t b = 0; b < s.batch; ++b)
    for (int64_t c = 0; c < s.classes; ++c) {
      const int64_t i = b * s.classes + c;
      const float target = distribution ? t[i] : (int64_t(t[b]) == c ? 1.f : 0.f);
      d[i] = scale * (p[i] - target);
    }
}

}  // namespace strata
