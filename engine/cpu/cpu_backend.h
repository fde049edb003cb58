#pragma once
// The native CPU backend: OpenBLAS for GEMM, plain C++ for the rest, memory
// from a pooled host arena so training steps never page-fault on fresh
// allocations. Work runs immediately: on the calling thread, fanned out to the
// backend's own workers where it pays (GEMM blocks, recurrent batch slices),
// with OpenBLAS itself single-threaded; synchronize() has nothing to wait for.
#include <functional>
#include <memory>
#include <mutex>

#include "core/block_pool.h"
#include "cpu/cpu_threads.h"
#include "runtime/backend.h"

namespace strata {

class CpuBackend final : public Backend {
 public:
  CpuBackend();
  ~CpuBackend() override;

  static DeviceInfo describe();

  const DeviceInfo& info() const override { return info_; }
  Tensor empty(const Shape& shape) override;
  void upload(const Tensor& dst, std::span<const float> src) override;
  void download(const Tensor& src, std::span<float> dst) override;
  void fill(const Tensor& dst, float value) override;
  void gemm(const GemmArgs& args, const Tensor& a, const Tensor& b, const Tensor& c, const Tensor* bias) override;
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
  void conv2d_forward(const ConvParams& p, const Tensor& x, const Tensor& w, const Tensor* bias, Activation act,
                      const Tensor& y, const Tensor* saved) override;
  void conv2d_backward(const ConvParams& p, const Tensor& x, const Tensor& w, const Tensor& dy, const Tensor* dx,
                       const Tensor& dw, const Tensor* dbias, const Tensor* saved) override;
  void conv2d_activation_backward(const ConvParams& p, Activation act, float param, const Tensor& y, const Tensor& x,
                                  const Tensor& w, const Tensor& dy, const Tensor& dz, const Tensor* dx,
                                  const Tensor& dw, const Tensor* dbias, const Tensor* saved) override;
  bool fuses_conv_max_pool() const override { return true; }
  void conv2d_max_pool_forward(const ConvParams& p, const Tensor& x, const Tensor& w, const Tensor* bias,
                               Activation act, const PoolParams& q, const Tensor& y, const Tensor& pooled,
                               const Tensor& argmax, const Tensor* saved) override;
  void conv2d_max_pool_backward(const ConvParams& p, Activation act, float param, const PoolParams& q,
                                const Tensor& x, const Tensor& w, const Tensor& pooled, const Tensor& argmax,
                                const Tensor& dpooled, const Tensor& y, const Tensor& dy, const Tensor& dz,
                                const Tensor* dx, const Tensor& dw, const Tensor* dbias, const Tensor* saved) override;
  void col2im(const ConvParams& p, const Tensor& col, const Tensor& dx) override;
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
  // The items on the workers, each a single-threaded product (attention's
  // small per-head, per-sample matrices), without a hand-off per item.
  void gemm_batched(const GemmArgs& args, const GemmBatch& batch, const Tensor& a, const Tensor& b,
                    const Tensor& c) override;
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
  void rnn_steps_forward(const RnnParams& p, const RnnWeights& w, const RnnState& s) override;
  void rnn_steps_backward(const RnnParams& p, const RnnWeights& w, const RnnState& s, const RnnGrads& g) override;
  void set_clip_scale(const Tensor& total, float max_norm, const Tensor& hyper) override;
  void synchronize() override {}
  void annotate(const std::string& layer) override;

  // The host memory behind a tensor of this backend.
  float* data(const Tensor& t) const;

  struct Arena;  // pool of host blocks, shared with the storages it hands out

 private:
  // Batch slices the recurrence runs on (cpu_recurrent.cpp).
  int recurrence_slices(const RnnParams& p) const;
  // Plans (cpu_gemm_planner.h) the GEMM shapes work is about to run, on the
  // calling thread before the workers start.
  void plan_recurrence(const RnnParams& p, int slices, bool backward);
  static void plan_convolution(const ConvParams& p, bool backward, bool input_grad);

  DeviceInfo info_;
  std::shared_ptr<Arena> arena_;
  std::unique_ptr<WorkerPool> workers_;
  // Per-worker scratch (column buffers, partial weight gradients) that only
  // grows, so steady-state steps allocate nothing.
  static constexpr size_t kScratchSlots = 5;
  std::vector<std::vector<float>> scratch_;
  float* scratch(int worker, size_t slot, size_t count);
  // Convolution backward; grad_of(n, dz) gives sample n's output gradient,
  // either dy's slice or one it computes into the worker's workspace dz.
  void conv_backward(const ConvParams& p, const std::function<const float*(int64_t, float*)>& grad_of,
                     const Tensor& x, const Tensor& w, const Tensor* dx, const Tensor& dw, const Tensor* dbias);
};

}  // namespace strata
