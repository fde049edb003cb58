#include "ops/sequence.h"

#include <cmath>
#include <limits>
#include <string>

#include "core/error.h"
#include "core/tensor.h"

namespace strata {
namespace {
void need(const char* op, const char* what, const Tensor& t, int64_t count) {
  if (!t.defined() || t.numel() != count)
    throw Error(std::string(op) + ": " + what + " needs " + std::to_string(count) + " values, got " +
                (t.defined() ? std::to_string(t.numel()) : std::string("none")));
}
}  // namespace

void check_sequence_mask(const Tensor& ids, const Tensor& mask) {
  if (!ids.defined() || ids.numel() < 1) throw Error("sequence mask: no token ids");
  need("sequence mask", "the mask", mask, ids.numel());
}

void check_sequence_pool(SequenceShape s, const Tensor& x, const Tensor* mask, const Tensor& y, const Tensor* argmax) {
  if (s.batch < 1 || s.steps < 1 || s.features < 1) throw Error("sequence pooling: empty input");
  need("sequence pooling", "the input", x, s.in_count());
  need("sequence pooling", "the output", y, s.out_count());
  if (mask) need("sequence pooling", "the padding mask", *mask, s.batch * s.steps);
  if (argmax) need("sequence pooling", "the argmax", *argmax, s.out_count());
}

void check_attention_softmax(AttentionSoftmaxShape s, const Tensor& scores, const Tensor* key_mask,
                             const Tensor& probs) {
  if (s.batch < 1 || s.heads < 1 || s.queries < 1 || s.keys < 1) throw Error("attention softmax: empty input");
  need("attention softmax", "the scores", scores, s.count());
  need("attention softmax", "the probabilities", probs, s.count());
  if (key_mask) need("attention softmax", "the key padding mask", *key_mask, s.batch * s.keys);
}

std::vector<float> positional_sinusoids(int64_t steps, int64_t dim) {
  std::vector<float> v(size_t(steps * dim));
  for (int64_t t = 0; t < steps; ++t)
    for (int64_t f = 0; f < dim; ++f) {
      const double angle = double(t) / std::pow(10000.0, double(f - f % 2) / double(dim));
      v[size_t(t * dim + f)] = float(f % 2 ? std::cos(angle) : std::sin(angle));
    }
  return v;
}

void sequence_pool_forward_reference(bool max, SequenceShape s, std::span<const double> x,
                                     std::span<const float> mask, std::span<double> y, std::span<double> argmax) {
  for (int64_t b = 0; b < s.batch; ++b)
    for (int64_t f = 0; f < s.features; ++f) {
      double acc = max ? -std::numeric_limits<double>::infinity() : 0.0;
      int64_t count = 0, best = -1;
      for (int64_t t = 0; t < s.steps; ++t) {
        if (!mask.empty() && mask[size_t(b * s.steps + t)] == 0.f) continue;
        const double v = x[size_t((b * s.steps + t) * s.features + f)];
        ++count;
        if (!max) acc += v;
        else if (v > acc || best < 0) acc = v, best = t;
      }
      const size_t o = size_t(b * s.features + f);
      y[o] = count == 0 ? 0.0 : (max ? acc : acc / double(count));
      if (max) argmax[o] = double(best);
    }
}

void sequence_pool_backward_reference(bool max, SequenceShape s, std::span<const double> dy,
                                      std::span<const float> mask, std::span<const double> argmax,
                                      std::span<double> dx) {
  for (int64_t b = 0; b < s.batch; ++b) {
    int64_t count = 0;
    for (int64_t t = 0; t < s.steps; ++t) count += mask.empty() || mask[size_t(b * s.steps + t)] != 0.f;
    for (int64_t t = 0; t < s.steps; ++t) {
      const bool valid = mask.empty() || mask[size_t(b * s.steps + t)] != 0.f;
      for (int64_t f = 0; f < s.features; ++f) {
        const size_t o = size_t(b * s.features + f);
        double g = 0;
        if (max) g = argmax[o] == double(t) ? dy[o] : 0.0;
        else if (valid) g = dy[o] / double(count);
        dx[size_t((b * s.steps + t) * s.features + f)] = g;
      }
    }
  }
}

void attention_softmax_reference(AttentionSoftmaxShape s, std::span<const double> scores,
                                 std::span<const float> key_mask, std::span<double> probs) {
  for (int64_t r = 0; r < s.rows(); ++r) {
    const int64_t b = s.sample_of_row(r), q = r % s.queries;
    const double* in = scores.data() + r * s.keys;
    double* out = probs.data() + r * s.keys;
    double m = -std::numeric_limits<double>::infinity();
    for (int64_t k = 0; k < s.keys; ++k)
      if (attention_key_valid(s, key_mask, b, q, k)) m = std::max(m, in[k]);
    double sum = 0;
    for (int64_t k = 0; k < s.keys; ++k) sum += attention_key_valid(s, key_mask, b, q, k) ? std::exp(in[k] - m) : 0.0;
    for (int64_t k = 0; k < s.keys; ++k)
      out[k] = attention_key_valid(s, key_mask, b, q, k) ? std::exp(in[k] - m) / sum : 0.0;
  }
}

}  // namespace strata
