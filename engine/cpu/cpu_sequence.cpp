// Padding masks, masked pooling over time and the attention softmax on the
// native CPU backend (float, the same rules as ops/sequence.h's references).
#include <algorithm>
#include <cmath>
#include <limits>

#include "cpu/cpu_backend.h"
#include "cpu/cpu_fast_math.h"

namespace strata {

void CpuBackend::sequence_mask(const Tensor& ids, const Tensor& mask) {
  check_sequence_mask(ids, mask);
  const float* in = data(ids);
  float* out = data(mask);
  for (int64_t i = 0; i < ids.numel(); ++i) out[i] = in[i] != 0.f ? 1.f : 0.f;
}

void CpuBackend::sequence_pool_forward(bool max, SequenceShape s, const Tensor& x, const Tensor* mask,
                                       const Tensor& y, const Tensor& argmax) {
  check_sequence_pool(s, x, mask, y, max ? &argmax : nullptr);
  const float* in = data(x);
  const float* m = mask ? data(*mask) : nullptr;
  float* out = data(y);
  float* arg = max ? data(argmax) : nullptr;
  for (int64_t b = 0; b < s.batch; ++b) {
    float* o = out + b * s.features;
    float* a = max ? arg + b * s.features : nullptr;
    std::fill_n(o, s.features, max ? -std::numeric_limits<float>::infinity() : 0.f);
    if (max) std::fill_n(a, s.features, -1.f);
    int64_t count = 0;
    for (int64_t t = 0; t < s.steps; ++t) {
      if (m && m[b * s.steps + t] == 0.f) continue;
      ++count;
      const float* row = in + (b * s.steps + t) * s.features;
      if (max) {
        for (int64_t f = 0; f < s.features; ++f)
          if (row[f] > o[f] || a[f] < 0.f) o[f] = row[f], a[f] = float(t);
      } else {
        for (int64_t f = 0; f < s.features; ++f) o[f] += row[f];
      }
    }
    if (count == 0) std::fill_n(o, s.features, 0.f);
    else if (!max)
      for (int64_t f = 0; f < s.features; ++f) o[f] /= float(count);
  }
}

void CpuBackend::sequence_pool_backward(bool max, SequenceShape s, const Tensor& dy, const Tensor* mask,
                                        const Tensor& argmax, const Tensor& dx) {
  check_sequence_pool(s, dx, mask, dy, max ? &argmax : nullptr);
  const float* g = data(dy);
  const float* m = mask ? data(*mask) : nullptr;
  const float* arg = max ? data(argmax) : nullptr;
  float* out = data(dx);
  for (int64_t b = 0; b < s.batch; ++b) {
    int64_t count = 0;
    for (int64_t t = 0; t < s.steps; ++t) count += !m || m[b * s.steps + t] != 0.f;
    const float* gb = g + b * s.features;
    for (int64_t t = 0; t < s.steps; ++t) {
      float* row = out + (b * s.steps + t) * s.features;
      if (max) {
        const float* a = arg + b * s.features;
        for (int64_t f = 0; f < s.features; ++f) row[f] = a[f] == float(t) ? gb[f] : 0.f;
      } else if (!m || m[b * s.steps + t] != 0.f) {
        const float inv = 1.f / float(count);
        for (int64_t f = 0; f < s.features; ++f) row[f] = gb[f] * inv;
      } else {
        std::fill_n(row, s.features, 0.f);
      }
    }
  }
}

void CpuBackend::attention_softmax(AttentionSoftmaxShape s, const Tensor& scores, const Tensor* key_mask,
                                   const Tensor& probs) {
  check_attention_softmax(s, scores, key_mask, probs);
  const float* in = data(scores);
  const float* m = key_mask ? data(*key_mask) : nullptr;
  float* out = data(probs);
  const int64_t rows = s.rows();
  const int parts = s.count() >= (1 << 15) ? workers_->size() : 1;
  workers_->run(parts, [&](int part) {
    for (int64_t r = rows * part / parts, last = rows * (part + 1) / parts; r < last; ++r) {
      const int64_t b = s.sample_of_row(r), q = r % s.queries;
      const float* a = in + r * s.keys;
      const float* km = m ? m + b * s.keys : nullptr;
      float* o = out + r * s.keys;
      // Keys past the query (causal) are never valid: stop the row there.
      const int64_t end = s.causal ? std::min(q + 1, s.keys) : s.keys;
      float top = -std::numeric_limits<float>::infinity();
      for (int64_t k = 0; k < end; ++k)
        if (!km || km[k] != 0.f) top = std::max(top, a[k]);
      if (top == -std::numeric_limits<float>::infinity()) {  // no key left: zeros
        std::fill(o, o + s.keys, 0.f);
        continue;
      }
      cpu::exp_shifted(a, top, o, end);  // masked keys' values are overwritten below
      float sum = 0.f;
      for (int64_t k = 0; k < end; ++k) {
        if (km && km[k] == 0.f) o[k] = 0.f;
        sum += o[k];
      }
      const float inv = 1.f / sum;
      for (int64_t k = 0; k < end; ++k) o[k] *= inv;
      std::fill(o + end, o + s.keys, 0.f);
    }
  });
}

}  // namespace strata
