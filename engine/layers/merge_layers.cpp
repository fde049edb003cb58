// Add, Multiply (inputs of one shape) and Concatenate (along one axis) join
// branches and skip connections (ops/merge.h). The "inputs" parameter sets
// how many ports the node has.
#include "layers/layer_util.h"
#include "ops/merge.h"
#include "runtime/backend.h"

namespace strata {
namespace {

int64_t concat_axis(const NodeParams& p, const Shape& s) {
  int64_t axis = p.integer("axis");
  if (axis < 0) axis += int64_t(s.size());
  if (axis < 0 || axis >= int64_t(s.size()))
    throw LayerError("axis", "axis " + std::to_string(p.integer("axis")) + " is outside the input's " +
                                 std::to_string(s.size()) + " dimensions");
  return axis;
}

// Per-sample [outer, width, inner] views of every input.
MergeShape merge_shape(MergeKind kind, const NodeParams& p, const std::vector<Shape>& in) {
  MergeShape m;
  const Shape& first = in[0];
  int64_t axis = kind == MergeKind::Concatenate ? concat_axis(p, first) : 0;
  if (kind != MergeKind::Concatenate) {
    m.outer = 1, m.inner = 1;
    for (const auto& s : in) m.widths.push_back(numel(s));
    return m;
  }
  m.outer = 1, m.inner = 1;
  for (int64_t d = 0; d < axis; ++d) m.outer *= first[size_t(d)];
  for (size_t d = size_t(axis) + 1; d < first.size(); ++d) m.inner *= first[d];
  for (const auto& s : in) m.widths.push_back(s.size() > size_t(axis) ? s[size_t(axis)] : 0);
  return m;
}

class MergeExec final : public LayerExec {
 public:
  MergeExec(const ExecSetup& s, MergeKind kind) : be_(s.be), kind_(kind) {
    shape_ = merge_shape(kind, s.node, s.input_shapes);
  }
  void forward(ExecContext& c) override { merge_forward(be_, kind_, at(c.batch), c.inputs, c.output); }
  void backward(ExecContext& c) override {
    // Inputs without a gradient buffer still need a target: never the case in
    // a compiled model (every merge input gets one).
    merge_backward(be_, kind_, at(c.batch), c.inputs, c.output_grad, c.input_grads);
  }

 private:
  MergeShape at(int64_t batch) const {
    MergeShape m = shape_;
    m.outer *= batch;
    return m;
  }
  Backend& be_;
  MergeKind kind_;
  MergeShape shape_;
};

LayerSpec merge_spec(const std::string& type, MergeKind kind) {
  using namespace layer_util;
  LayerSpec s;
  s.type = type;
  s.category = "Merge";
  s.masks = MaskRule::Use;  // the first masked input's, where the time axis stays
  s.summary = kind == MergeKind::Add ? "Elementwise sum of its inputs (skip connections)"
              : kind == MergeKind::Multiply ? "Elementwise product of its inputs"
                                            : "Joins its inputs along one axis";
  s.params = {int_param("inputs", 2, 2, 16, "Number of inputs")};
  if (kind == MergeKind::Concatenate)
    s.params.push_back(int_param("axis", -1, -8, 7, "Per-sample axis to join along (-1: the last; 0: channels of images)"));
  s.inputs = -1;
  s.infer = [kind](const NodeParams& p, const std::vector<Shape>& in) {
    LayerShape r;
    if (kind == MergeKind::Concatenate) {
      const int64_t axis = concat_axis(p, in[0]);
      r.output = in[0];
      for (size_t i = 1; i < in.size(); ++i) {
        bool fits = in[i].size() == in[0].size();
        for (size_t d = 0; fits && d < in[0].size(); ++d) fits = int64_t(d) == axis || in[i][d] == in[0][d];
        if (!fits)
          throw LayerError("input " + std::to_string(i + 1),
                           "input " + std::to_string(i + 1) + " has shape " + to_string(in[i]) + ", input 1 has " +
                               to_string(in[0]) + "; they may differ only along axis " + std::to_string(p.integer("axis")));
        r.output[size_t(axis)] += in[i][size_t(axis)];
      }
    } else {
      for (size_t i = 1; i < in.size(); ++i)
        if (in[i] != in[0])
          throw LayerError("input " + std::to_string(i + 1),
                           "input " + std::to_string(i + 1) + " has shape " + to_string(in[i]) + ", input 1 has " +
                               to_string(in[0]) + "; " + (kind == MergeKind::Add ? "Add" : "Multiply") +
                               " needs equal shapes",
                           "insert a Dense or Conv2D on one branch to match the shapes");
      r.output = in[0];
    }
    r.flops = double(numel(r.output)) * double(in.size() - 1);
    r.activations = numel(r.output);
    return r;
  };
  s.make = [kind](const ExecSetup& e) { return std::make_unique<MergeExec>(e, kind); };
  return s;
}

}  // namespace

void add_merge_layers(std::vector<LayerSpec>& out) {
  out.push_back(merge_spec("Add", MergeKind::Add));
  out.push_back(merge_spec("Multiply", MergeKind::Multiply));
  out.push_back(merge_spec("Concatenate", MergeKind::Concatenate));
}

}  // namespace strata
