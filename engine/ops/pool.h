#pragma once
// 2-D max and average pooling on NCHW tensors. Padding never contributes:
// max pooling ignores padded positions and average pooling divides by the
// number of real positions in the window (Keras/TensorFlow semantics; PyTorch
// calls this count_include_pad=False). Global average pooling is average
// pooling with the whole plane as the window. Max pooling records, for each
// output, the flat position (h * W + w) of its maximum, which backward uses.
#include <cstdint>
#include <span>
#include <string>

namespace strata {

struct PoolParams {
  bool max = true;
  int64_t batch = 1, channels = 1, height = 1, width = 1;
  int64_t kh = 2, kw = 2, sh = 2, sw = 2, ph = 0, pw = 0;
  int64_t out_height() const { return (height + 2 * ph - kh) / sh + 1; }
  int64_t out_width() const { return (width + 2 * pw - kw) / sw + 1; }
  int64_t in_count() const { return batch * channels * height * width; }
  int64_t out_count() const { return batch * channels * out_height() * out_width(); }
};

// Throws strata::Error naming the parameter that makes the pooling impossible
// (`what` names the layer in the message).
void check_pool_params(const PoolParams& p, const std::string& what = "pooling");

// Double-precision references. `argmax` is written by the max forward.
void pool_forward_reference(const PoolParams& p, std::span<const double> x, std::span<double> y, std::span<double> argmax);
void pool_backward_reference(const PoolParams& p, std::span<const double> dy, std::span<const double> argmax,
                             std::span<double> dx);

}  // namespace strata
