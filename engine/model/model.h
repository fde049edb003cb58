#pragma once
// A graph compiled for one backend: the layers' executors in topological
// order and a static memory plan — every output, gradient, weight and
// optimizer-state buffer is allocated once, for the largest batch, and a
// smaller batch uses the leading part of each. One training step is
// forward, loss, backward (gradients of branches summed where an output feeds
// several layers), weight penalties, optional clipping by global norm, and the
// optimizer update with its hyperparameters read from a device buffer.
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "graph/analysis.h"
#include "graph/graph.h"
#include "layers/layer.h"
#include "ops/optimizer.h"

namespace strata {

class Backend;

struct ModelOptions {
  int64_t max_batch = 32;
  uint64_t seed = 1;  // weight initialisation and dropout
  OptimizerConfig optimizer;
  float clip_norm = 0.f;  // 0: no clipping
  // Run layer pairs as one op where the backend says it pays (layers/fusion.h:
  // Conv2D + its only consumer MaxPool2D on the CPU backend). Same results.
  bool fuse = true;
  // Reshape-only layers (Flatten, Reshape) share their input's buffers instead
  // of copying them each way. Same results.
  bool alias_reshapes = true;
};

// Measured time of each layer over some steps (Model::set_timing).
struct LayerTimes {
  std::map<std::string, double> forward_ms, backward_ms;  // summed over `steps`
  int steps = 0;
};

// A named tensor of the model, for checkpoints and exports: "conv2d_1.weight".
struct NamedParam {
  std::string node, role;
  LayerParam* param;
  std::string name() const { return node + "." + role; }
};

class Model {
 public:
  // Throws strata::Error with the analysis' messages when the graph cannot train.
  Model(const Graph& graph, Backend& be, const ModelOptions& options);
  ~Model();
  // Layer pairs run as one op (ModelOptions::fuse).
  int fused_pairs() const;
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  Backend& backend() { return be_; }
  const ModelReport& report() const { return report_; }
  int64_t max_batch() const { return opt_.max_batch; }
  const Shape& input_shape() const { return input_shape_; }    // per sample
  const Shape& output_shape() const { return output_shape_; }  // per sample, the layer feeding the loss
  LabelKind label_kind() const { return label_kind_; }
  int64_t label_size() const { return label_size_; }            // values per sample in the labels

  // Copies a batch (batch-first, float32) to the device.
  void set_inputs(std::span<const float> x, int64_t batch);
  void set_labels(std::span<const float> labels, int64_t batch);

  // Forward through the loss (training: dropout active, batch statistics).
  void forward(int64_t batch, bool training, uint32_t step);
  // Backward from the mean loss of the batch, then penalties and the update.
  // `step` counts updates from 1; `lr` is this step's learning rate.
  void backward_and_update(int64_t batch, int64_t step, float lr);

  // Mean loss of the last forward (plus the weight penalties when `penalties`).
  double loss(int64_t batch, bool penalties = true);
  // The per-sample outputs of the layer feeding the loss, [batch, output size].
  void outputs(int64_t batch, std::vector<float>& out);
  // Node `id`'s outputs after the last forward, [batch, values per sample],
  // and its per-sample shape. False for a node whose output is not kept: a
  // loss, or a convolution fused with its pool (compile with `fuse` off to
  // read every layer).
  bool node_output(const std::string& id, int64_t batch, std::vector<float>& out, Shape& shape);

  // The nodes whose outputs are ReLU'd (a Dense or Conv2D with activation
  // relu, an Activation relu): their units can die.
  const std::vector<std::string>& relu_nodes() const { return relu_nodes_; }
  // The values that tell whether each of a ReLU node's units fired in the
  // last forward: its output, or for a convolution fused with its max pool the
  // pool's output (the same channels; a pooled value is positive exactly when
  // one in its window was). [batch, values per sample] and the shape.
  bool activity_output(const std::string& id, int64_t batch, std::vector<float>& out, Shape& shape);
  // While `times` is set, forward and backward wait for each layer and add
  // its time (a convolution fused with its pool counts both); nullptr stops.
  // It serialises the device's work: for a few steps, not a whole run.
  void set_timing(LayerTimes* times);

  std::vector<NamedParam>& params() { return named_; }
  // The optimizer's state tensors of each trainable parameter are in
  // NamedParam::param->opt_state1/2.
  const ModelOptions& options() const { return opt_; }
  // Layers whose weights the optimizer (and weight penalties) leave alone;
  // gradients still flow through them to earlier layers.
  void set_frozen(const std::vector<std::string>& layers);
  void set_optimizer(const OptimizerConfig& c) { opt_.optimizer = c; }

 private:
  struct Step;  // one node's executor and buffers
  void build(const Graph& graph);
  // The padding masks of a step's inputs and the one it makes, for this batch.
  void set_masks(const Step& s, int64_t batch, ExecContext& c) const;
  // Why a model does not fit the device and the batch size that would.
  std::string out_of_memory_message(const std::string& what, const std::string& cause) const;
  std::string allocating_;  // what build() is allocating, for that message
  Backend& be_;
  ModelOptions opt_;
  ModelReport report_;
  std::vector<std::unique_ptr<Step>> steps_;  // topological order
  std::vector<NamedParam> named_;
  Shape input_shape_, output_shape_;
  LabelKind label_kind_ = LabelKind::ClassIndex;
  int64_t label_size_ = 1;
  Tensor labels_, loss_, hyper_, penalty_total_, clip_total_;
  // Every trainable parameter's value, gradient and optimizer states as views
  // into one tensor each (64-element aligned, zeros between), so one
  // optimizer dispatch updates them all.
  Tensor arena_value_, arena_grad_, arena_state1_, arena_state2_;
  Step* input_ = nullptr;
  Step* loss_step_ = nullptr;
  Step* output_ = nullptr;
  bool has_penalties_ = false;
  std::vector<std::string> frozen_;
  bool frozen(const NamedParam& p) const;
  std::vector<float> host_loss_;
  std::vector<std::string> relu_nodes_;
  LayerTimes* timing_ = nullptr;
};

}  // namespace strata
