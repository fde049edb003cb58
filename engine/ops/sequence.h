#pragma once
// Padding masks and the ops that honour them, for sequence layers.
//
// A padding mask is [batch, steps] floats: 1 for a real step, 0 for padding.
// Embedding(mask_zero) makes it from the token ids (id 0 is padding, where
// the text datasets pad, front or back); the model carries it along with the
// tensor through layers that keep the time axis (layers/layer.h MaskRule).
//
// - sequence_mask: mask = (ids != 0).
// - Masked pooling over time, x [batch, steps, features] -> y [batch, features]:
//   the average of the real steps, or their maximum (argmax keeps the step, as a
//   float; -1 when none). A sample with no real step gives zeros, never NaN.
//   Without a mask every step counts.
// - Attention softmax, scores [heads, batch, queries, keys] -> probabilities
//   over the keys: a masked key (key_mask [batch, keys] is 0) and, when causal,
//   a key after its query (key > query) gets exactly 0; a row with no key left
//   gives zeros. Its backward is softmax_backward's: a zero probability passes
//   no gradient. Heads lead so that each (head, sample) block of queries,
//   keys and values sits at one stride in the attention layer's buffers.
#include <cstdint>
#include <span>
#include <vector>

namespace strata {

class Tensor;

struct SequenceShape {
  int64_t batch = 1, steps = 1, features = 1;
  int64_t in_count() const { return batch * steps * features; }
  int64_t out_count() const { return batch * features; }
};

struct AttentionSoftmaxShape {
  int64_t batch = 1, heads = 1, queries = 1, keys = 1;
  bool causal = false;
  int64_t rows() const { return heads * batch * queries; }
  int64_t sample_of_row(int64_t r) const { return (r / queries) % batch; }
  int64_t count() const { return rows() * keys; }
};

// Throw strata::Error naming the operand at fault. Null masks are allowed.
void check_sequence_mask(const Tensor& ids, const Tensor& mask);
void check_sequence_pool(SequenceShape s, const Tensor& x, const Tensor* mask, const Tensor& y, const Tensor* argmax);
void check_attention_softmax(AttentionSoftmaxShape s, const Tensor& scores, const Tensor* key_mask,
                             const Tensor& probs);

// Whether key `k` of query `q` in sample `b` takes part (mask may be empty).
inline bool attention_key_valid(const AttentionSoftmaxShape& s, std::span<const float> key_mask, int64_t b, int64_t q,
                                int64_t k) {
  if (s.causal && k > q) return false;
  return key_mask.empty() || key_mask[size_t(b * s.keys + k)] != 0.f;
}

// The fixed positions of "Attention is all you need" ([steps, dim]; even
// features sin, odd cos, of t / 10000^(2i / dim)): PositionalEmbedding's
// sinusoidal mode and its exports.
std::vector<float> positional_sinusoids(int64_t steps, int64_t dim);

// Double-precision references (an empty mask: every step counts).
void sequence_pool_forward_reference(bool max, SequenceShape s, std::span<const double> x,
                                     std::span<const float> mask, std::span<double> y, std::span<double> argmax);
void sequence_pool_backward_reference(bool max, SequenceShape s, std::span<const double> dy,
                                      std::span<const float> mask, std::span<const double> argmax,
                                      std::span<double> dx);
void attention_softmax_reference(AttentionSoftmaxShape s, std::span<const double> scores,
                                 std::span<const float> key_mask, std::span<double> probs);

}  // namespace strata
