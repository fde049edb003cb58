#pragma once
// The Vulkan backend: tensors live in the device memory pool, every op is a
// compute-shader dispatch recorded into the stream.
#include <functional>
#include <memory>

#include "runtime/backend.h"
#include "vk/vk_context.h"
#include "vk/vk_memory.h"
#include "vk/vk_pipelines.h"
#include "vk/vk_stream.h"

namespace strata::vk {

// Auto: register blocking where shared memory is slow, reading B through a
// texel buffer when the device and B's size allow (RegisterBlockedTexel),
// else through a storage buffer (RegisterBlocked); shared-memory tiles on
// discrete GPUs (SharedTiles).
enum class GemmPath { Auto, RegisterBlockedTexel, RegisterBlocked, SharedTiles };

class VulkanBackend final : public Backend {
 public:
  // `force_staging` moves data through a staging buffer and copy commands even
  // where device memory is mappable, as on discrete GPUs (tests use it to
  // cover that path on lavapipe).
  explicit VulkanBackend(int physical_index, MemoryPool::Options memory = {}, bool force_staging = false);
  ~VulkanBackend() override;

  const DeviceInfo& info() const override { return ctx_->info(); }
  void release_unused_memory() override;
  Tensor empty(const Shape& shape) override;
  void upload(const Tensor& dst, std::span<const float> src) override;
  void download(const Tensor& src, std::span<float> dst) override;
  void fill(const Tensor& dst, float value) override;
  void gemm(const GemmArgs& args, const Tensor& a, const Tensor& b, const Tensor& c, const Tensor* bias) override;
  // One dispatch for every item (shaders/gemm_batched.comp).
  void gemm_batched(const GemmArgs& args, const GemmBatch& batch, const Tensor& a, const Tensor& b,
                    const Tensor& c) override;
  void activation_forward(Activation act, float param, const Tensor& x, const Tensor& y) override;
  void activation_backward(Activation act, float param, const Tensor& x, const Tensor& y, const Tensor& dy,
                           const Tensor& dx) override;
  void softmax_cross_entropy(const Tensor& logits, const Tensor& targets, bool distribution, const Tensor& probs,
                             const Tensor& loss) override;
  void softmax_cross_entropy_backward(const Tensor& probs, const Tensor& targets, bool distribution, float scale,
                                      const Tensor& dlogits) override;
  void optimizer_step(const OptimizerConfig& cfg, const Tensor& hyper, const Tensor& param, const Tensor& grad,
                      const Tensor& state1, const Tensor& state2) override;
  void channel_sum(const Tensor& x, ChannelSumShape shape, float beta, const Tensor& out) override;
  void dropout_forward(const Tensor& x, float rate, uint32_t seed, uint32_t step, const Tensor& y,
                       const Tensor& mask) override;
  void multiply(const Tensor& a, const Tensor& b, const Tensor& out) override;
  void pool_forward(const PoolParams& p, const Tensor& x, const Tensor& y, const Tensor& argmax) override;
  void pool_backward(const PoolParams& p, const Tensor& dy, const Tensor& argmax, const Tensor& dx) override;
  void im2col(const ConvParams& p, const Tensor& x, const Tensor& col) override;
  void col2im(const ConvParams& p, const Tensor& col, const Tensor& dx) override;
  // im2col + GEMM with the output stored straight as NCHW and the backward
  // products as plain (untransposed) GEMMs, split-K for the weight gradient
  // (vk_conv.cpp).
  // With `saved`, the forward leaves its column buffer (and the bias's row of
  // ones) for the backward, which then skips its im2col.
  int64_t conv2d_saved_floats(const ConvParams& p) const override;
  void conv2d_forward(const ConvParams& p, const Tensor& x, const Tensor& w, const Tensor* bias, Activation act,
                      const Tensor& y, const Tensor* saved) override;
  void conv2d_backward(const ConvParams& p, const Tensor& x, const Tensor& w, const Tensor& dy, const Tensor* dx,
                       const Tensor& dw, const Tensor* dbias, const Tensor* saved) override;
  // Conv2D + activation + MaxPool2D (vk_conv_pool.cpp): for few taps the
  // forward is one direct kernel writing only the pooled values and their
  // positions (shaders/conv_pool_direct.comp), else it composes the two ops;
  // the backward gathers the pool's gradient, applies the activation's
  // derivative from the pooled value and lays it out for the GEMMs in one
  // kernel (shaders/conv_pool_backward.comp).
  bool fuses_conv_max_pool() const override { return true; }
  void conv2d_max_pool_forward(const ConvParams& p, const Tensor& x, const Tensor& w, const Tensor* bias,
                               Activation act, const PoolParams& q, const Tensor& y, const Tensor& pooled,
                               const Tensor& argmax, const Tensor* saved) override;
  void conv2d_max_pool_backward(const ConvParams& p, Activation act, float param, const PoolParams& q,
                                const Tensor& x, const Tensor& w, const Tensor& pooled, const Tensor& argmax,
                                const Tensor& dpooled, const Tensor& y, const Tensor& dy, const Tensor& dz,
                                const Tensor* dx, const Tensor& dw, const Tensor* dbias, const Tensor* saved) override;
  void batch_norm_forward(const BatchNormParams& p, const Tensor& x, const Tensor& gamma, const Tensor& beta,
                          const Tensor& running_mean, const Tensor& running_var, const Tensor& y,
                          const Tensor& saved_mean, const Tensor& saved_invstd) override;
  void batch_norm_backward(const BatchNormParams& p, const Tensor& x, const Tensor& gamma, const Tensor& saved_mean,
                           const Tensor& saved_invstd, const Tensor& dy, const Tensor& dx, const Tensor& dgamma,
                           const Tensor& dbeta) override;
  void layer_norm_forward(const LayerNormParams& p, const Tensor& x, const Tensor& gamma, const Tensor& beta,
                          const Tensor& y, const Tensor& mean, const Tensor& invstd) override;
  void layer_norm_backward(const LayerNormParams& p, const Tensor& x, const Tensor& gamma, const Tensor& mean,
                           const Tensor& invstd, const Tensor& dy, const Tensor& dx, const Tensor& dgamma,
                           const Tensor& dbeta) override;
  void pointwise_loss(PointwiseLoss kind, const Tensor& pred, const Tensor& target, int64_t batch,
                      const Tensor& loss) override;
  void pointwise_loss_backward(PointwiseLoss kind, const Tensor& pred, const Tensor& target, int64_t batch, float scale,
                               const Tensor& dpred) override;
  void norm_penalty(const Tensor& x, float l1, float l2, float beta, const Tensor& total) override;
  void norm_penalty_backward(const Tensor& w, float l1, float l2, const Tensor& grad) override;
  void add(float alpha, const Tensor& a, float beta, const Tensor& b, const Tensor& out) override;
  void strided_copy(const CopyLayout& layout, const Tensor& src, const Tensor& dst, bool accumulate) override;
  void embedding_forward(const EmbeddingParams& p, const Tensor& table, const Tensor& ids, const Tensor& rows) override;
  void embedding_backward(const EmbeddingParams& p, const Tensor& drows, const Tensor& ids,
                          const Tensor& dtable) override;
  void softmax_forward(SoftmaxShape s, const Tensor& x, const Tensor& y) override;
  void softmax_backward(SoftmaxShape s, const Tensor& y, const Tensor& dy, const Tensor& dx) override;
  void sequence_mask(const Tensor& ids, const Tensor& mask) override;
  void sequence_pool_forward(bool max, SequenceShape s, const Tensor& x, const Tensor* mask, const Tensor& y,
                             const Tensor& argmax) override;
  void sequence_pool_backward(bool max, SequenceShape s, const Tensor& dy, const Tensor* mask, const Tensor& argmax,
                              const Tensor& dx) override;
  void attention_softmax(AttentionSoftmaxShape s, const Tensor& scores, const Tensor* key_mask,
                         const Tensor& probs) override;
  void rnn_cell_forward(const RnnParams& p, int64_t t, const RnnState& s) override;
  void rnn_cell_backward(const RnnParams& p, int64_t t, const RnnState& s, const RnnGrads& g, int ping) override;
  void set_clip_scale(const Tensor& total, float max_norm, const Tensor& hyper) override;
  void synchronize() override { stream_->synchronize(); }

  Context& context() { return *ctx_; }
  Pipelines& pipelines() { return *pipelines_; }
  Stream& stream() { return *stream_; }
  MemoryPool& memory() { return *memory_; }

  // The buffer range of a tensor of this backend, for a dispatch. Throws if
  // the tensor is a view whose start the device cannot bind directly.
  Binding binding(const Tensor& t, bool write) const;
  // For kernels that take a base offset: the binding starts at the nearest
  // bindable address at or before the tensor, and `shift` is the tensor's
  // first element relative to it.
  Binding binding_shifted(const Tensor& t, bool write, uint32_t* shift) const;
  void set_gemm_path(GemmPath p) { gemm_path_ = p; }
  // Off: the optimizer runs its one-element-per-invocation fallback (what
  // devices without RGBA32F texel buffers run), for tests.
  void set_optimizer_vec4(bool on) { optimizer_vec4_ = on; }
  // One dispatch over `count` elements in groups of 64, folded into a 2-D grid
  // past the x-dimension limit (shaders index with shaders/elementwise.glsl).
  void dispatch_1d(const Kernel& k, std::span<const Binding> bindings, const void* push, uint64_t count);
  // The kernel a GEMM with B of `b_bytes` bytes runs on this device.
  GemmPath gemm_path(uint64_t b_bytes) const;

 private:
  std::shared_ptr<Context> ctx_;
  std::shared_ptr<MemoryPool> memory_;
  std::shared_ptr<MemoryPool> staging_;  // discrete GPUs only (or when forced)
  bool direct_map_ = false;             // uploads and downloads are memcpy
  std::unique_ptr<Pipelines> pipelines_;
  std::unique_ptr<Stream> stream_;
  GemmPath gemm_path_ = GemmPath::Auto;
  bool optimizer_vec4_ = true;
  Tensor partials_;  // scratch for two-stage reductions, made once
  // Stand-ins bound where a kernel's optional tensor is not used (vk_recurrent.cpp).
  static constexpr int64_t kUnusedSlots = 6;
  Tensor unused_slots_;
  Binding optional_binding(const Tensor& t, bool used, bool write, uint32_t* shift, int slot);
  // A GEMM with C stored in column groups and/or split over K (vk_gemm.cpp,
  // shaders/gemm_params.glsl); gemm() is this with the defaults.
  struct GemmStore {
    uint32_t c_group = 0, c_group_stride = 0;  // C(row, col) at (col / group) * stride + row * ldc + col % group
    uint32_t ldc = 0;                          // 0: N
    bool split_k = false;  // may split K where the output is too small for the device (no bias or activation, alpha 1)
    // With split_k: leave the slices' raw sums [splits, M, N] in a new tensor
    // (*partials, *splits) for the caller to reduce, instead of adding them into C.
    Tensor* partials = nullptr;
    uint32_t* splits = nullptr;
  };
  // The convolution's backward by chunks of samples, from the output gradient
  // that make_gt(first sample, samples, gt) writes as [(s, pix), Cout].
  using GtMaker = std::function<void(int64_t, int64_t, const Tensor&)>;
  // dW[co, r] (and dbias[co] from the last row r = rows) = beta * itself +
  // the sum over the slices of partials [splits, rows (+1), Cout]: the
  // convolution's split-K weight gradient reduced and transposed in one pass.
  void conv_weight_grad_reduce(const Tensor& partials, uint32_t splits, int64_t rows, int64_t cout, float beta,
                               const Tensor& dw, const Tensor* dbias);
  void conv_backward_chunks(const ConvParams& p, const Tensor& x, const Tensor& w, const Tensor* dx, const Tensor& dw,
                            const Tensor* dbias, const Tensor* saved, const GtMaker& make_gt);
  // Whether `bytes` fit one texel-buffer view of RGBA32F texels, or of R32F
  // texels (for kernels that read single values; STRATA_RGBA_TEXELS=1 turns
  // these off for comparisons), on this device (vk_backend.cpp).
  bool rgba_texels(uint64_t bytes) const;
  bool r32f_texels(uint64_t bytes) const;
  // Whether the fused forward runs as one direct kernel (few taps, a small pool window).
  bool direct_conv_pool(const ConvParams& p, const PoolParams& q, const Tensor& x) const;
  // im2col, with one more row of ones after the columns where asked.
  void im2col_rows(const ConvParams& p, const Tensor& x, const Tensor& col, bool ones_row);
  // col2im from the column layout, or its transpose [samples*OH*OW, cin*kh*kw].
  void col2im_layout(const ConvParams& p, const Tensor& col, const Tensor& dx, bool transposed);
  // Whether col2im_tap_major can take this layer: channels in fours, the
  // columns within one RGBA32F view. Its columns are [(s, oh, ow), (ky, kx, ci)].
  bool tap_major_col2im(const ConvParams& p) const;
  void col2im_tap_major(const ConvParams& p, const Tensor& col, const Tensor& dx);
  void gemm_store(const GemmArgs& g, const Tensor& a, const Tensor& b, const Tensor& c, const Tensor* bias,
                  const GemmStore& store);
};

}  // namespace strata::vk
