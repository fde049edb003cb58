#pragma once
// The interface both compute backends implement. Work is stream-ordered: calls
// are issued in program order and may run later (the Vulkan backend records
// them into command buffers); download() and synchronize() wait for it.
#include <initializer_list>
#include <memory>
#include <span>

#include "core/tensor.h"
#include "ops/gemm.h"
#include "ops/layer_norm.h"
#include "ops/batch_norm.h"
#include "ops/conv2d.h"
#include "ops/copy.h"
#include "ops/embedding.h"
#include "ops/optimizer.h"
#include "ops/pointwise_loss.h"
#include "ops/pool.h"
#include "ops/recurrent.h"
#include "ops/reduce.h"
#include "ops/sequence.h"
#include "ops/softmax.h"
#include "runtime/device_info.h"

namespace strata {

// Throws strata::Error naming `op` unless all tensors are defined and hold the same number of elements.
void check_same_size(const char* op, std::initializer_list<const Tensor*> tensors);

// Checks a batched GEMM (no bias; every item inside its operand), naming the operand at fault.
void check_gemm_batched(const GemmArgs& args, const GemmBatch& batch, const Tensor& a, const Tensor& b, const Tensor& c);

// Checks the operands of optimizer_step, naming the one at fault.
void check_optimizer_operands(const OptimizerConfig& cfg, const Tensor& hyper, const Tensor& param, const Tensor& grad,
                              const Tensor& state1, const Tensor& state2);

// Checks channel_sum operands and dropout's rate, naming what is wrong.
void check_channel_sum(const Tensor& x, ChannelSumShape s, const Tensor& out);
void check_dropout_rate(float rate);

// Checks pooling parameters and operand sizes.
void check_pool_operands(const PoolParams& p, const Tensor& in, const Tensor& out, const Tensor& argmax);

// Checks batch-norm operands: `full` tensors hold N*C*inner values, `per_channel` C.
void check_batch_norm(const BatchNormParams& p, std::initializer_list<const Tensor*> full,
                      std::initializer_list<const Tensor*> per_channel);

// Checks layer-norm operands: `full` tensors hold rows*dim values, `per_dim` dim, `per_row` rows.
void check_layer_norm(const LayerNormParams& p, std::initializer_list<const Tensor*> full,
                      std::initializer_list<const Tensor*> per_dim, std::initializer_list<const Tensor*> per_row);

// Checks pointwise-loss operands; returns F, the values per sample.
int64_t check_pointwise_loss(PointwiseLoss kind, const Tensor& pred, const Tensor& target, int64_t batch,
                             const Tensor& out, int64_t out_count);

class Backend {
 public:
  virtual ~Backend() = default;

  virtual const DeviceInfo& info() const = 0;
  // Gives memory that no tensor uses back to the device (after a model that
  // did not fit was released).
  virtual void release_unused_memory() {}

  // A tensor from the backend's pool; its contents are undefined.
  virtual Tensor empty(const Shape& shape) = 0;
  virtual void upload(const Tensor& dst, std::span<const float> src) = 0;
  virtual void download(const Tensor& src, std::span<float> dst) = 0;
  virtual void fill(const Tensor& dst, float value) = 0;

  // See ops/gemm.h. `bias` may be null when args.bias == BiasMode::None.
  virtual void gemm(const GemmArgs& args, const Tensor& a, const Tensor& b, const Tensor& c, const Tensor* bias) = 0;

  // args.m x args.n products `batch.count` times (ops/gemm.h GemmBatch); no
  // bias. The default issues them one by one.
  virtual void gemm_batched(const GemmArgs& args, const GemmBatch& batch, const Tensor& a, const Tensor& b,
                            const Tensor& c);

  // y = act(x), elementwise; x and y may be the same tensor.
  virtual void activation_forward(Activation act, float param, const Tensor& x, const Tensor& y) = 0;
  // dx = dy * act'(x), using x (the input) and y (the output) as the
  // activation needs; dx may be dy.
  virtual void activation_backward(Activation act, float param, const Tensor& x, const Tensor& y, const Tensor& dy,
                                   const Tensor& dx) = 0;

  // See ops/softmax_cross_entropy.h: writes probs [B, C] and the per-sample loss [B].
  virtual void softmax_cross_entropy(const Tensor& logits, const Tensor& targets, bool distribution, const Tensor& probs,
                                     const Tensor& loss) = 0;
  // dlogits = scale * (probs - target).
  virtual void softmax_cross_entropy_backward(const Tensor& probs, const Tensor& targets, bool distribution, float scale,
                                              const Tensor& dlogits) = 0;

  // One update of `param` from `grad` (see ops/optimizer.h); `hyper` holds
  // kHyperCount floats; state tensors as cfg.state_tensors() says (others may
  // be empty Tensors). Only cfg.kind and cfg.nesterov are read from cfg.
  virtual void optimizer_step(const OptimizerConfig& cfg, const Tensor& hyper, const Tensor& param, const Tensor& grad,
                              const Tensor& state1, const Tensor& state2) = 0;

  // out[c] = beta * out[c] + sum of x viewed as [outer, channels, inner] over outer and inner (ops/reduce.h).
  virtual void channel_sum(const Tensor& x, ChannelSumShape shape, float beta, const Tensor& out) = 0;

  // Inverted dropout (ops/dropout.h); rate in [0, 1).
  virtual void dropout_forward(const Tensor& x, float rate, uint32_t seed, uint32_t step, const Tensor& y,
                               const Tensor& mask) = 0;
  // dx = dy * mask (an elementwise product; dx may be dy).
  virtual void multiply(const Tensor& a, const Tensor& b, const Tensor& out) = 0;

  // Pooling on NCHW tensors (ops/pool.h); `argmax` is written for max pooling
  // and may be an empty Tensor for average pooling.
  virtual void pool_forward(const PoolParams& p, const Tensor& x, const Tensor& y, const Tensor& argmax) = 0;
  virtual void pool_backward(const PoolParams& p, const Tensor& dy, const Tensor& argmax, const Tensor& dx) = 0;

  // Convolution primitives for p.batch samples (ops/conv2d.h): x is
  // [batch, Cin, H, W], col is [Cin*KH*KW, batch*OH*OW] (the samples' columns
  // side by side); col2im overwrites dx with the sum of the column entries
  // that came from each input position.
  virtual void im2col(const ConvParams& p, const Tensor& x, const Tensor& col) = 0;
  virtual void col2im(const ConvParams& p, const Tensor& col, const Tensor& dx) = 0;

  // A whole convolution (ops/conv2d.h; operands checked by the caller). The
  // default composes im2col, GEMM and col2im per sample; the CPU backend runs
  // slices of the batch on its workers with no hand-off per GEMM.
  // `saved` (optional, conv2d_saved_floats(p) floats at p's largest batch)
  // carries what the forward can leave for the backward of the same input:
  // the caller keeps x unchanged between them.
  virtual int64_t conv2d_saved_floats(const ConvParams& p) const { (void)p; return 0; }
  virtual void conv2d_forward(const ConvParams& p, const Tensor& x, const Tensor& w, const Tensor* bias,
                              Activation act, const Tensor& y, const Tensor* saved = nullptr) {
    (void)saved;
    conv2d_forward_generic(*this, p, x, w, bias, act, y);
  }
  virtual void conv2d_backward(const ConvParams& p, const Tensor& x, const Tensor& w, const Tensor& dy,
                               const Tensor* dx, const Tensor& dw, const Tensor* dbias, const Tensor* saved = nullptr) {
    (void)saved;
    conv2d_backward_generic(*this, p, x, w, dy, dx, dw, dbias);
  }
  // Backward through a fused activation whose derivative comes from the output
  // y (ops/activation.h derivative_from_output): dy is the gradient of
  // act(conv(x)). The default writes act'(y) * dy into the workspace dz, then
  // runs conv2d_backward on it; the CPU backend applies it per sample while
  // the sample is in cache, saving a pass over the whole batch.
  virtual void conv2d_activation_backward(const ConvParams& p, Activation act, float param, const Tensor& y,
                                          const Tensor& x, const Tensor& w, const Tensor& dy, const Tensor& dz,
                                          const Tensor* dx, const Tensor& dw, const Tensor* dbias,
                                          const Tensor* saved = nullptr) {
    activation_backward(act, param, y, y, dy, dz);
    conv2d_backward(p, x, w, dz, dx, dw, dbias, saved);
  }

  // A convolution with its activation and the max pool that is its only
  // consumer, as one op (the model fuses the pair where the backend says it
  // pays): each sample's convolution output is pooled while it is in cache and
  // never written out. The activation's derivative must come from its output
  // (ReLU, leaky ReLU, sigmoid, tanh or none). The defaults compose the
  // separate ops through the workspaces y and dy (the convolution's output
  // and its gradient).
  virtual bool fuses_conv_max_pool() const { return false; }
  virtual void conv2d_max_pool_forward(const ConvParams& p, const Tensor& x, const Tensor& w, const Tensor* bias,
                                       Activation act, const PoolParams& q, const Tensor& y, const Tensor& pooled,
                                       const Tensor& argmax, const Tensor* saved = nullptr) {
    conv2d_forward(p, x, w, bias, act, y, saved);
    pool_forward(q, y, pooled, argmax);
  }
  virtual void conv2d_max_pool_backward(const ConvParams& p, Activation act, float param, const PoolParams& q,
                                        const Tensor& x, const Tensor& w, const Tensor& pooled, const Tensor& argmax,
                                        const Tensor& dpooled, const Tensor& y, const Tensor& dy, const Tensor& dz,
                                        const Tensor* dx, const Tensor& dw, const Tensor* dbias,
                                        const Tensor* saved = nullptr) {
    (void)pooled;
    pool_backward(q, dpooled, argmax, dy);
    if (act == Activation::None) conv2d_backward(p, x, w, dy, dx, dw, dbias, saved);
    else conv2d_activation_backward(p, act, param, y, x, w, dy, dz, dx, dw, dbias, saved);
  }

  // Batch normalization (ops/batch_norm.h). Tensors: x/y [N, C, inner];
  // gamma, beta, running_mean, running_var, saved_mean, saved_invstd [C].
  virtual void batch_norm_forward(const BatchNormParams& p, const Tensor& x, const Tensor& gamma, const Tensor& beta,
                                  const Tensor& running_mean, const Tensor& running_var, const Tensor& y,
                                  const Tensor& saved_mean, const Tensor& saved_invstd) = 0;
  virtual void batch_norm_backward(const BatchNormParams& p, const Tensor& x, const Tensor& gamma,
                                   const Tensor& saved_mean, const Tensor& saved_invstd, const Tensor& dy,
                                   const Tensor& dx, const Tensor& dgamma, const Tensor& dbeta) = 0;

  // Layer normalization over the last dimension (ops/layer_norm.h): x/y/dy/dx
  // [rows, dim]; gamma, beta, dgamma, dbeta [dim]; mean, invstd [rows].
  virtual void layer_norm_forward(const LayerNormParams& p, const Tensor& x, const Tensor& gamma, const Tensor& beta,
                                  const Tensor& y, const Tensor& mean, const Tensor& invstd) = 0;
  virtual void layer_norm_backward(const LayerNormParams& p, const Tensor& x, const Tensor& gamma, const Tensor& mean,
                                   const Tensor& invstd, const Tensor& dy, const Tensor& dx, const Tensor& dgamma,
                                   const Tensor& dbeta) = 0;

  // Pointwise losses (ops/pointwise_loss.h): pred and target hold batch * F
  // values; loss gets one value per sample.
  virtual void pointwise_loss(PointwiseLoss kind, const Tensor& pred, const Tensor& target, int64_t batch,
                              const Tensor& loss) = 0;
  virtual void pointwise_loss_backward(PointwiseLoss kind, const Tensor& pred, const Tensor& target, int64_t batch,
                                       float scale, const Tensor& dpred) = 0;

  // total[0] = beta * total[0] + l1 * sum|x| + l2 * sum(x^2)  (total holds
  // one value): L1/L2 penalties (ops/elementwise.h) and the clipping norm.
  virtual void norm_penalty(const Tensor& x, float l1, float l2, float beta, const Tensor& total) = 0;
  void sum_squares(const Tensor& x, float beta, const Tensor& total) { norm_penalty(x, 0.f, 1.f, beta, total); }
  // grad += l1 * sign(w) + 2 * l2 * w.
  virtual void norm_penalty_backward(const Tensor& w, float l1, float l2, const Tensor& grad) = 0;

  // out = alpha * a + beta * b, elementwise; out may be a or b (Add layers,
  // gradient accumulation). Any view offsets.
  virtual void add(float alpha, const Tensor& a, float beta, const Tensor& b, const Tensor& out) = 0;
  // dst = (accumulate ? dst : 0) + src over a strided 3-D range (ops/copy.h).
  virtual void strided_copy(const CopyLayout& layout, const Tensor& src, const Tensor& dst, bool accumulate) = 0;

  // Embedding lookup and its gradient (ops/embedding.h): table [V, D], ids
  // [count], rows [count, D]; backward overwrites dtable.
  virtual void embedding_forward(const EmbeddingParams& p, const Tensor& table, const Tensor& ids,
                                 const Tensor& rows) = 0;
  virtual void embedding_backward(const EmbeddingParams& p, const Tensor& drows, const Tensor& ids,
                                  const Tensor& dtable) = 0;

  // Softmax over the rows of [rows, cols] (ops/softmax.h), and its backward
  // from the output y. Any view offsets.
  virtual void softmax_forward(SoftmaxShape s, const Tensor& x, const Tensor& y) = 0;
  virtual void softmax_backward(SoftmaxShape s, const Tensor& y, const Tensor& dy, const Tensor& dx) = 0;

  // Padding masks (ops/sequence.h): mask = (ids != 0); masked pooling over
  // time ([batch, steps, features] -> [batch, features]; argmax only for max,
  // else an empty Tensor); the attention softmax over keys with a key padding
  // mask and a causal rule (its backward is softmax_backward). Null masks:
  // every step counts. Any view offsets.
  virtual void sequence_mask(const Tensor& ids, const Tensor& mask) = 0;
  virtual void sequence_pool_forward(bool max, SequenceShape s, const Tensor& x, const Tensor* mask, const Tensor& y,
                                     const Tensor& argmax) = 0;
  virtual void sequence_pool_backward(bool max, SequenceShape s, const Tensor& dy, const Tensor* mask,
                                      const Tensor& argmax, const Tensor& dx) = 0;
  virtual void attention_softmax(AttentionSoftmaxShape s, const Tensor& scores, const Tensor* key_mask,
                                 const Tensor& probs) = 0;

  // One timestep of a recurrent cell (ops/recurrent.h), after the recurrent
  // GEMM: reads s.gates[t] (and s.rgates[t]) and the state at t; writes the
  // activations back into s.gates[t], the state at t + 1 and s.y[t].
  virtual void rnn_cell_forward(const RnnParams& p, int64_t t, const RnnState& s) = 0;
  // The recurrence over all timesteps: per step the recurrent GEMM, then the
  // cell. The default issues rnn_cell_forward and a GEMM per step
  // (ops/recurrent.cpp); the CPU backend runs batch slices on its own threads.
  virtual void rnn_steps_forward(const RnnParams& p, const RnnWeights& w, const RnnState& s) {
    rnn_steps_forward_generic(*this, p, w, s);
  }
  // Backward of the recurrence: per step (last first) the cell backward, then
  // dh_{t-1} += drec[t] * w_hh. Leaves dgates (and drgates) for all steps.
  virtual void rnn_steps_backward(const RnnParams& p, const RnnWeights& w, const RnnState& s, const RnnGrads& g) {
    rnn_steps_backward_generic(*this, p, w, s, g);
  }
  // Its backward, before the step's recurrent GEMM: reads g.dh[ping] (and
  // g.dy[t]); writes g.dgates[t] (and g.drgates[t]), g.dc in place, and into
  // g.dh[1 - ping] the part of the previous state's gradient that does not go
  // through w_hh (the GEMM then adds that part).
  virtual void rnn_cell_backward(const RnnParams& p, int64_t t, const RnnState& s, const RnnGrads& g, int ping) = 0;
  // hyper[kHyperGradScale] = min(1, max_norm / (sqrt(total[0]) + 1e-6)).
  virtual void set_clip_scale(const Tensor& total, float max_norm, const Tensor& hyper) = 0;

  // Waits until everything issued so far has finished.
  virtual void synchronize() = 0;
  // The layer whose work follows, while a model is timed (Model::set_timing):
  // a backend may attribute its choices to it (the CPU backend's GEMM plans).
  virtual void annotate(const std::string& /*layer*/) {}

  // Convenience: a tensor filled with `values`.
  Tensor from_host(const Shape& shape, std::span<const float> values);
};

}  // namespace strata
