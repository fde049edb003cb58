// Input: where samples enter the graph. The model writes each batch into the
// node's output; the layer itself does nothing.
#include "layers/layer_util.h"

namespace strata {
namespace {
class InputExec final : public LayerExec {
 public:
  void forward(ExecContext&) override {}
  void backward(ExecContext&) override {}
};
}  // namespace

void add_input_layers(std::vector<LayerSpec>& out) {
  using namespace layer_util;
  LayerSpec s;
  s.type = "Input";
  s.category = "Input";
  s.summary = "Samples of the dataset, per-sample shape without the batch";
  s.params = {ints_param("shape", {1, 28, 28}, 1,
                         "Per-sample shape: [features], [timesteps, features] or [channels, height, width]")};
  s.inputs = 0;
  s.infer = [](const NodeParams& p, const std::vector<Shape>&) {
    LayerShape r;
    r.output = p.ints("shape");
    r.activations = numel(r.output);
    return r;
  };
  s.make = [](const ExecSetup&) { return std::make_unique<InputExec>(); };
  out.push_back(std::move(s));
}

}  // namespace strata
