#pragma once
// What a layer type is, in one place: its parameters (names, kinds, defaults,
// limits), its input ports, its shape inference (per-sample shapes; the batch
// dimension stays symbolic), and how it executes (a LayerExec made for one
// backend and batch size). Adding a layer means one file in engine/layers/ and
// one line in registry.cpp.
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/shape.h"
#include "core/tensor.h"
#include "ops/optimizer.h"
#include "ops/pool.h"

namespace strata {

class Backend;

enum class ParamKind { Int, Float, Bool, Choice, IntList };

struct ParamSpec {
  std::string name;
  ParamKind kind = ParamKind::Int;
  nlohmann::json default_value;
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool max_exclusive = false;        // e.g. a dropout rate in [0, 1)
  std::vector<std::string> choices;  // ParamKind::Choice
  std::string help;
  // Shown on the editor's node card even at its default value (the first
  // parameter always is): Conv2D's kernel size, Embedding's dimension.
  bool key = false;
};

// A node as layers see it: its name (for messages) and parameter values,
// already checked against the spec and filled with defaults.
struct NodeParams {
  std::string name;
  nlohmann::json values;
  int64_t integer(const std::string& key) const { return values.at(key).get<int64_t>(); }
  double number(const std::string& key) const { return values.at(key).get<double>(); }
  bool flag(const std::string& key) const { return values.at(key).get<bool>(); }
  std::string text(const std::string& key) const { return values.at(key).get<std::string>(); }
  std::vector<int64_t> ints(const std::string& key) const { return values.at(key).get<std::vector<int64_t>>(); }
};

// A shape-inference or parameter error; `field` names the parameter or input
// at fault, `hint` says how to fix it where a fix is obvious.
struct LayerError : std::runtime_error {
  LayerError(std::string field_, const std::string& message, std::string hint_ = {})
      : std::runtime_error(message), field(std::move(field_)), hint(std::move(hint_)) {}
  std::string field, hint;
};

// What shape inference gives for one node (per sample).
struct LayerShape {
  Shape output;                // empty for a loss (a scalar)
  int64_t parameters = 0;      // trainable values
  int64_t state = 0;           // non-trainable values kept with the weights (BatchNorm running statistics)
  double flops = 0;            // forward floating-point operations per sample
  int64_t activations = 0;     // values per sample kept for backward (outputs and saved state)
};

// The kind of label a loss expects from the dataset.
enum class LabelKind { ClassIndex, Values };

// A trainable (or stateful) tensor of a layer, with what the optimizer and the
// exporters need to know.
struct LayerParam {
  std::string role;        // "weight", "bias", "running_mean", ...
  Tensor value, grad;      // grad undefined for non-trainable state
  float l1 = 0.f, l2 = 0.f;
  Tensor opt_state1, opt_state2;  // made by the model for its optimizer
};

// Buffers a layer reads and writes in one step; batch is the current batch
// (at most the size the model was compiled for: views of the full buffers).
struct ExecContext {
  explicit ExecContext(Backend& backend) : be(backend) {}
  Backend& be;
  int64_t batch = 0;
  bool training = true;
  uint32_t seed = 0, step = 0;           // for dropout
  std::vector<Tensor> inputs;            // [batch, ...] each
  Tensor output;                         // [batch, ...]
  std::vector<Tensor> input_grads;       // may hold undefined tensors (no gradient needed)
  Tensor output_grad;
  // A Conv2D running its MaxPool2D (ExecSetup::fused_max_pool): the pool's
  // output and its gradient, in place of output and output_grad.
  Tensor fused_output, fused_output_grad;
  // Padding masks (ops/sequence.h), [batch, steps] each: per input port the
  // mask that arrives with it (undefined: none); a layer whose spec makes
  // masks writes output_mask.
  std::vector<Tensor> input_masks;
  Tensor output_mask;
  Tensor labels;                         // loss layers: [batch] or [batch, F]
  Tensor loss;                           // loss layers: [batch] per-sample losses
};

class LayerExec {
 public:
  virtual ~LayerExec() = default;
  virtual void forward(ExecContext& ctx) = 0;
  // Writes ctx.input_grads (those defined) and the parameter gradients.
  virtual void backward(ExecContext& ctx) = 0;
  std::vector<LayerParam>& params() { return params_; }
  // Every parameter the model trains and saves: this layer's own, or for a
  // layer made of others (TransformerEncoderBlock) theirs, roles prefixed.
  virtual std::vector<LayerParam*> all_params() {
    std::vector<LayerParam*> out;
    for (auto& p : params_) out.push_back(&p);
    return out;
  }

 protected:
  std::vector<LayerParam> params_;
};

// Everything a LayerExec is made from.
struct ExecSetup {
  Backend& be;
  const NodeParams& node;
  std::vector<Shape> input_shapes;  // per sample
  Shape output_shape;               // per sample
  int64_t max_batch = 1;
  uint64_t init_seed = 0;           // weights are drawn from (init_seed, node name)
  // Conv2D only: the model fuses it with its only consumer, this max pool
  // (layers/fusion.h); the layer then runs both.
  const PoolParams* fused_max_pool = nullptr;
};

// What a layer does with a padding mask (ops/sequence.h) that arrives with
// its input. The model carries masks; users never draw them.
enum class MaskRule {
  Ignore,  // drops it; the analysis warns that padded steps count as data there
  // Honours it: uses it where it matters (pooling over time, attention) and
  // passes it on when the output keeps the time axis (its first axis, of the
  // mask's length), as per-step layers (Dense, Dropout, LayerNorm, Add) do.
  Use,
  Make,  // makes one from its input when its mask_zero parameter is on (Embedding)
};

struct LayerSpec {
  std::string type;      // "Conv2D"
  std::string category;  // palette group
  std::string summary;   // one line for tooltips
  std::vector<ParamSpec> params;
  int inputs = 1;        // fixed port count; -1: the "inputs" parameter says
  bool is_loss = false;
  // The output is the input's values in another per-sample shape (Flatten,
  // Reshape): the model lets it share its input's buffers and skips it.
  bool reshape_only = false;
  LabelKind labels = LabelKind::ClassIndex;  // losses only
  MaskRule masks = MaskRule::Ignore;
  std::function<LayerShape(const NodeParams&, const std::vector<Shape>&)> infer;
  std::function<std::unique_ptr<LayerExec>(const ExecSetup&)> make;
  int input_count(const NodeParams& p) const { return inputs >= 0 ? inputs : int(p.integer("inputs")); }
};

}  // namespace strata
