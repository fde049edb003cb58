// Flatten and Reshape: the same values with another per-sample shape. The
// model runs them as views of their input's buffers (LayerSpec::reshape_only);
// the executor below, one strided_copy each way, serves anyone that runs a
// layer on its own buffers.
#include "layers/layer_util.h"
#include "runtime/backend.h"

namespace strata {
namespace {

class CopyExec final : public LayerExec {
 public:
  explicit CopyExec(const ExecSetup& s) : be_(s.be), per_sample_(numel(s.output_shape)) {}
  void forward(ExecContext& c) override { be_.strided_copy(all(c.batch), c.inputs[0], c.output, false); }
  void backward(ExecContext& c) override {
    if (c.input_grads[0].defined()) be_.strided_copy(all(c.batch), c.output_grad, c.input_grads[0], false);
  }

 private:
  CopyLayout all(int64_t batch) const {
    CopyLayout l;
    l.dims = {1, 1, batch * per_sample_};
    return l;
  }
  Backend& be_;
  int64_t per_sample_;
};

}  // namespace

void add_reshape_layers(std::vector<LayerSpec>& out) {
  using namespace layer_util;
  LayerSpec f;
  f.type = "Flatten";
  f.category = "Core";
  f.summary = "Per-sample values as one vector";
  f.infer = [](const NodeParams&, const std::vector<Shape>& in) {
    LayerShape r;
    r.output = {numel(in[0])};
    r.activations = numel(in[0]);
    return r;
  };
  f.reshape_only = true;
  f.make = [](const ExecSetup& e) { return std::make_unique<CopyExec>(e); };
  out.push_back(std::move(f));

  LayerSpec r;
  r.type = "Reshape";
  r.category = "Core";
  r.summary = "Per-sample values in another shape (one dimension may be -1)";
  r.params = {ints_param("shape", {-1}, -1, "Target per-sample shape; -1 takes what is left")};
  r.reshape_only = true;
  r.infer = [](const NodeParams& p, const std::vector<Shape>& in) {
    Shape target = p.ints("shape");
    const int64_t total = numel(in[0]);
    int64_t known = 1, free_dims = 0;
    for (int64_t d : target) {
      if (d == -1) ++free_dims;
      else if (d == 0) throw LayerError("shape", "shape cannot contain 0");
      else known *= d;
    }
    if (free_dims > 1) throw LayerError("shape", "shape can have only one -1");
    if (free_dims == 1) {
      if (total % known != 0)
        throw LayerError("shape", "cannot reshape " + to_string(in[0]) + " (" + std::to_string(total) + " values) to " +
                                      to_string(target));
      for (auto& d : target)
        if (d == -1) d = total / known;
    } else if (known != total) {
      throw LayerError("shape", "cannot reshape " + to_string(in[0]) + " (" + std::to_string(total) + " values) to " +
                                    to_string(target) + " (" + std::to_string(known) + " values)");
    }
    LayerShape s;
    s.output = target;
    s.activations = total;
    return s;
  };
  r.make = [](const ExecSetup& e) { return std::make_unique<CopyExec>(e); };
  out.push_back(std::move(r));
}

}  // namespace strata
