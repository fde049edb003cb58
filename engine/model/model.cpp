#include "model/model.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <optional>

#include "core/error.h"
#include "layers/fusion.h"
#include "layers/registry.h"
#include "ops/copy.h"
#include "runtime/backend.h"

namespace strata {

struct Model::Step {
  std::string id;
  const LayerSpec* spec = nullptr;
  std::unique_ptr<LayerExec> exec;
  int64_t per_sample = 0;         // output values per sample
  Shape shape;                    // output shape per sample
  Tensor output, grad;            // [max_batch * per_sample]
  std::vector<Step*> producers;   // one per input port
  // Padding masks (layers/layer.h MaskRule): the step whose mask arrives with
  // each input (null: none) and, for a step that makes one, its buffer
  // [max_batch * mask_steps].
  std::vector<Step*> input_masks;
  Tensor mask;
  int64_t mask_steps = 0;
  std::vector<Tensor> input_grads;  // where this step writes each input's gradient (full-size)
  std::vector<Tensor> fan_in;     // consumer-specific gradient buffers to sum into grad
  // Fusion (layers/fusion.h): a Conv2D runs its only consumer, a MaxPool2D,
  // which the model then skips; the convolution's own output is not written.
  Step* fused_pool = nullptr;
  bool fused_away = false;
  // A reshape-only layer (Flatten, Reshape) whose output and gradient are its
  // input's buffers: nothing to run, no copies.
  bool aliased = false;
};

namespace {
Tensor head(const Tensor& t, int64_t n) { return t.defined() ? t.view(0, {n}) : Tensor(); }
// The leading `batch` samples of a buffer, shaped [batch, sample...].
Tensor batch_of(const Tensor& t, int64_t batch, const Shape& sample) {
  if (!t.defined()) return t;
  Shape s{batch};
  s.insert(s.end(), sample.begin(), sample.end());
  return t.view(0, s);
}
}  // namespace

Model::Model(const Graph& graph, Backend& be, const ModelOptions& options) : be_(be), opt_(options) {
  report_ = analyze(graph, {options.max_batch, options.optimizer.state_tensors(), std::nullopt});
  if (!report_.ok()) {
    std::string all;
    for (const auto& e : report_.errors) all += "\n  " + e;
    throw Error("the model cannot train:" + all);
  }
  try {
    build(graph);
  } catch (const DeviceOutOfMemory& e) {
    // Nothing stays half-allocated: every buffer made so far goes back to the
    // device, so the process can compile a smaller batch or another model.
    const std::string what = allocating_;
    steps_.clear(), named_.clear();
    for (Tensor* t : {&labels_, &loss_, &hyper_, &penalty_total_, &clip_total_, &arena_value_, &arena_grad_,
                      &arena_state1_, &arena_state2_})
      *t = Tensor();
    be_.release_unused_memory();
    throw DeviceOutOfMemory(out_of_memory_message(what, e.what()));
  }
}

std::string Model::out_of_memory_message(const std::string& what, const std::string& cause) const {
  // The analysis' estimate is linear in the batch: the weights, gradients and
  // optimizer state, plus the activations and their gradients per sample.
  const double per_sample = 8.0 * double(report_.activations);
  const double total = double(report_.training_bytes), fixed = total - per_sample * double(opt_.max_batch);
  const double available = double(be_.info().memory_bytes);
  const double budget = 0.75 * available;  // room for the pools' block granularity and scratch buffers
  auto mib = [](double bytes) { return std::to_string(int64_t(std::ceil(bytes / double(1 << 20)))) + " MiB"; };
  std::string m = "out of memory on " + be_.info().name + " while allocating " + what + ": training with batch " +
                  std::to_string(opt_.max_batch) + " needs about " + mib(total) +
                  " (weights, gradients, optimizer state and activations); the device has " + mib(available) + ". ";
  const int64_t fit = per_sample > 0 ? int64_t((budget - fixed) / per_sample) : 0;
  if (fixed >= budget || fit < 1) {
    m += "Even a batch of 1 does not fit: the model itself needs about " + mib(fixed) +
         "; use a smaller model or a device with more memory.";
  } else {
    int64_t suggest = 1;
    while (suggest * 2 <= std::min(fit, opt_.max_batch - 1)) suggest *= 2;
    m += "A batch size of " + std::to_string(suggest) + " fits (about " + mib(fixed + per_sample * double(suggest)) +
         "): set it in the Training panel or with --batch-size " + std::to_string(suggest) + ".";
  }
  return m + " [" + cause + "]";
}

void Model::build(const Graph& graph) {
  std::map<std::string, Step*> by_id;
  std::map<std::string, std::vector<std::string>> consumers_of;
  for (const auto& l : graph.links()) consumers_of[l.from].push_back(l.to);
  std::map<std::string, std::string> fused;  // Conv2D id -> the MaxPool2D it runs
  for (const auto& id : report_.order) {
    const Node& n = *graph.find(id);
    const NodeReport& rep = *report_.node(id);
    allocating_ = "layer '" + id + "' (" + n.type + ")";
    auto step = std::make_unique<Step>();
    step->id = id;
    step->spec = find_layer(n.type);
    const NodeParams params = resolve_params(*step->spec, id, n.params);
    step->per_sample = numel(rep.shape.output);
    step->shape = rep.shape.output;
    ExecSetup setup{be_, params, rep.input_shapes, rep.shape.output, opt_.max_batch, opt_.seed};
    std::optional<PoolParams> pool;
    if (opt_.fuse && be_.fuses_conv_max_pool() && n.type == "Conv2D" && consumers_of[id].size() == 1) {
      const Node& next = *graph.find(consumers_of[id][0]);
      pool = conv_max_pool_fusion(params, next.type, resolve_params(*find_layer(next.type), next.id, next.params),
                                  rep.shape.output);
      if (pool) setup.fused_max_pool = &*pool, fused[id] = next.id;
    }
    step->exec = step->spec->make(setup);
    if (params.values.value("activation", std::string()) == "relu") relu_nodes_.push_back(id);
    step->producers.assign(size_t(step->spec->input_count(params)), nullptr);
    for (const auto& l : graph.links())
      if (l.to == id) step->producers[size_t(l.port)] = by_id.at(l.from);
    for (const auto& m : rep.input_masks) step->input_masks.push_back(m.empty() ? nullptr : by_id.at(m));
    if (rep.mask == id) {
      step->mask_steps = rep.shape.output.at(0);
      step->mask = be_.empty({opt_.max_batch * step->mask_steps});
    }
    if (opt_.alias_reshapes && step->spec->reshape_only && step->producers.size() == 1 && step->producers[0]) {
      step->aliased = true;
      step->output = step->producers[0]->output;  // the gradient once routing knows where it goes
    } else if (!step->spec->is_loss) {
      step->output = be_.empty({opt_.max_batch * step->per_sample});
      step->grad = be_.empty({opt_.max_batch * step->per_sample});
    }
    by_id[id] = step.get();
    steps_.push_back(std::move(step));
  }
  for (const auto& [conv, pool] : fused) by_id.at(conv)->fused_pool = by_id.at(pool), by_id.at(pool)->fused_away = true;
  input_ = by_id.at(report_.input);
  loss_step_ = by_id.at(report_.loss);
  output_ = by_id.at(report_.output);
  input_shape_ = report_.node(report_.input)->shape.output;
  output_shape_ = report_.node(report_.output)->shape.output;
  label_kind_ = loss_step_->spec->labels;
  const NodeParams loss_params = resolve_params(*loss_step_->spec, loss_step_->id, graph.find(loss_step_->id)->params);
  const bool one_hot = label_kind_ == LabelKind::ClassIndex && loss_params.text("labels") == "one_hot";
  label_size_ = label_kind_ == LabelKind::ClassIndex && !one_hot ? 1 : numel(output_shape_);

  // Gradient routing: a producer with one consumer receives its gradient
  // directly; with several, each consumer writes its own buffer and the
  // producer sums them before its backward.
  allocating_ = "the gradient buffers of layers that feed several others";
  std::map<Step*, int> consumers;
  for (auto& s : steps_)
    for (Step* p : s->producers) ++consumers[p];
  for (auto& s : steps_) {
    for (Step* p : s->producers) {
      if (consumers[p] == 1) {
        s->input_grads.push_back(p->grad);
      } else {
        Tensor own = be_.empty({opt_.max_batch * p->per_sample});
        p->fan_in.push_back(own);
        s->input_grads.push_back(own);
      }
    }
    // Steps come in topological order, so every consumer of an aliased step
    // is routed after this and takes the shared buffer as the step's gradient.
    if (s->aliased) s->grad = s->input_grads[0];
  }

  allocating_ = "the labels and losses of a batch";
  labels_ = be_.empty({opt_.max_batch * label_size_});
  loss_ = be_.empty({opt_.max_batch});
  hyper_ = be_.empty({kHyperCount});
  penalty_total_ = be_.empty({1});
  clip_total_ = be_.empty({1});
  const int states = opt_.optimizer.state_tensors();
  auto slot = [](int64_t n) { return (n + 63) / 64 * 64; };  // views at 64-element boundaries stay aligned
  int64_t trainable = 0;
  for (auto& s : steps_)
    for (LayerParam* p : s->exec->all_params()) {
      named_.push_back({s->id, p->role, p});
      if (!p->grad.defined()) continue;
      has_penalties_ = has_penalties_ || p->l1 > 0.f || p->l2 > 0.f;
      trainable += slot(p->value.numel());
    }
  // The trainable parameters move into the arenas (their initial values
  // copied); the zeros between them stay zeros under every optimizer.
  allocating_ = "the weights, gradients and optimizer state of every trainable layer";
  if (trainable > 0) {
    auto zeros = [&] {
      Tensor t = be_.empty({trainable});
      be_.fill(t, 0.f);
      return t;
    };
    arena_value_ = zeros(), arena_grad_ = zeros();
    if (states >= 1) arena_state1_ = zeros();
    if (states >= 2) arena_state2_ = zeros();
    int64_t off = 0;
    for (auto& np : named_) {
      LayerParam& p = *np.param;
      if (!p.grad.defined()) continue;
      const Shape shape = p.value.shape();
      const Tensor value = arena_value_.view(off, shape);
      CopyLayout all;
      all.dims = {1, 1, p.value.numel()};
      be_.strided_copy(all, p.value, value, false);
      p.value = value;
      p.grad = arena_grad_.view(off, shape);
      if (states >= 1) p.opt_state1 = arena_state1_.view(off, shape);
      if (states >= 2) p.opt_state2 = arena_state2_.view(off, shape);
      off += slot(p.value.numel());
    }
  }
  host_loss_.resize(size_t(opt_.max_batch));
}

Model::~Model() = default;

int Model::fused_pairs() const {
  int n = 0;
  for (const auto& s : steps_) n += s->fused_pool ? 1 : 0;
  return n;
}

void Model::set_inputs(std::span<const float> x, int64_t batch) {
  if (batch < 1 || batch > opt_.max_batch) throw Error("batch of " + std::to_string(batch) + " samples does not fit the model");
  if (int64_t(x.size()) != batch * input_->per_sample)
    throw Error("the input batch has " + std::to_string(x.size()) + " values, the model expects " +
                std::to_string(batch * input_->per_sample));
  be_.upload(head(input_->output, batch * input_->per_sample), x);
}

void Model::set_labels(std::span<const float> labels, int64_t batch) {
  if (int64_t(labels.size()) != batch * label_size_)
    throw Error("the label batch has " + std::to_string(labels.size()) + " values, the loss expects " +
                std::to_string(batch * label_size_));
  be_.upload(head(labels_, batch * label_size_), labels);
}

void Model::set_masks(const Step& s, int64_t batch, ExecContext& c) const {
  for (const Step* m : s.input_masks) c.input_masks.push_back(m ? batch_of(m->mask, batch, {m->mask_steps}) : Tensor());
  if (s.mask.defined()) c.output_mask = batch_of(s.mask, batch, {s.mask_steps});
}

namespace {
using TimingClock = std::chrono::steady_clock;
double ms_since(TimingClock::time_point t) { return std::chrono::duration<double, std::milli>(TimingClock::now() - t).count(); }
}  // namespace

void Model::set_timing(LayerTimes* times) {
  timing_ = times;
  if (!times) be_.annotate("");  // later work belongs to no timed layer
}

void Model::forward(int64_t batch, bool training, uint32_t step) {
  if (timing_) ++timing_->steps;
  for (auto& s : steps_) {
    if (s.get() == input_ || s->fused_away || s->aliased) continue;
    TimingClock::time_point t0;
    if (timing_) be_.synchronize(), be_.annotate(s->id), t0 = TimingClock::now();
    ExecContext c(be_);
    c.batch = batch, c.training = training, c.seed = uint32_t(opt_.seed), c.step = step;
    if (s->fused_pool) c.fused_output = batch_of(s->fused_pool->output, batch, s->fused_pool->shape);
    for (Step* p : s->producers) c.inputs.push_back(batch_of(p->output, batch, p->shape));
    set_masks(*s, batch, c);
    if (s->spec->is_loss) {
      c.labels = label_size_ == 1 ? head(labels_, batch) : batch_of(labels_, batch, {label_size_});
      c.loss = head(loss_, batch);
    } else {
      c.output = batch_of(s->output, batch, s->shape);
    }
    s->exec->forward(c);
    if (timing_) be_.synchronize(), timing_->forward_ms[s->id] += ms_since(t0);
  }
}

void Model::backward_and_update(int64_t batch, int64_t step, float lr) {
  for (auto it = steps_.rbegin(); it != steps_.rend(); ++it) {
    Step& s = **it;
    if (&s == input_) continue;
    if (!s.fan_in.empty()) {  // sum the gradients of the consumers
      const Tensor g = head(s.grad, batch * s.per_sample);
      be_.add(1.f, head(s.fan_in[0], batch * s.per_sample), 1.f, head(s.fan_in[1], batch * s.per_sample), g);
      for (size_t k = 2; k < s.fan_in.size(); ++k) be_.add(1.f, g, 1.f, head(s.fan_in[k], batch * s.per_sample), g);
    }
    if (s.fused_away) continue;  // its convolution runs its backward (with the gradient summed above)
    if (s.aliased) continue;     // its gradient is already its input's
    TimingClock::time_point t0;
    if (timing_) be_.synchronize(), be_.annotate(s.id), t0 = TimingClock::now();
    ExecContext c(be_);
    c.batch = batch, c.training = true, c.seed = uint32_t(opt_.seed), c.step = uint32_t(step);
    if (s.fused_pool) {
      c.fused_output = batch_of(s.fused_pool->output, batch, s.fused_pool->shape);
      c.fused_output_grad = batch_of(s.fused_pool->grad, batch, s.fused_pool->shape);
    }
    for (size_t i = 0; i < s.producers.size(); ++i) {
      Step* p = s.producers[i];
      c.inputs.push_back(batch_of(p->output, batch, p->shape));
      // Nothing upstream of an Input learns: skip that gradient where the layer allows.
      const bool needed = p != input_ || s.spec->type == "BatchNormalization" || s.spec->type == "LayerNormalization" ||
                          s.spec->category == "Merge" || s.spec->is_loss;
      c.input_grads.push_back(needed && s.spec->type != "Embedding" ? batch_of(s.input_grads[i], batch, p->shape)
                                                                     : Tensor());
    }
    set_masks(s, batch, c);
    if (s.spec->is_loss) {
      c.labels = label_size_ == 1 ? head(labels_, batch) : batch_of(labels_, batch, {label_size_});
      c.loss = head(loss_, batch);
    } else {
      c.output = batch_of(s.output, batch, s.shape);
      c.output_grad = batch_of(s.grad, batch, s.shape);
    }
    s.exec->backward(c);
    if (timing_) be_.synchronize(), timing_->backward_ms[s.id] += ms_since(t0);
  }

  for (auto& np : named_)
    if (np.param->grad.defined() && !frozen(np) && (np.param->l1 > 0.f || np.param->l2 > 0.f))
      be_.norm_penalty_backward(np.param->value, np.param->l1, np.param->l2, np.param->grad);

  auto hv = opt_.optimizer.hyper(step);
  hv[kHyperLr] = lr;
  be_.upload(hyper_, hv);
  if (opt_.clip_norm > 0.f) {
    bool first = true;
    for (auto& np : named_)
      if (np.param->grad.defined()) {
        be_.sum_squares(np.param->grad, first ? 0.f : 1.f, clip_total_);
        first = false;
      }
    be_.set_clip_scale(clip_total_, opt_.clip_norm, hyper_);
  }
  if (frozen_.empty() && arena_value_.defined()) {  // every trainable parameter at once
    be_.optimizer_step(opt_.optimizer, hyper_, arena_value_, arena_grad_, arena_state1_, arena_state2_);
    return;
  }
  for (auto& np : named_)
    if (np.param->grad.defined() && !frozen(np))
      be_.optimizer_step(opt_.optimizer, hyper_, np.param->value, np.param->grad, np.param->opt_state1,
                         np.param->opt_state2);
}

void Model::set_frozen(const std::vector<std::string>& layers) {
  for (const auto& l : layers)
    if (std::none_of(steps_.begin(), steps_.end(), [&](const auto& s) { return s->id == l; }))
      throw Error("freeze: the model has no layer '" + l + "'");
  frozen_ = layers;
}

bool Model::frozen(const NamedParam& p) const {
  return std::find(frozen_.begin(), frozen_.end(), p.node) != frozen_.end();
}

double Model::loss(int64_t batch, bool penalties) {
  be_.download(head(loss_, batch), std::span<float>(host_loss_.data(), size_t(batch)));
  double sum = 0;
  for (int64_t i = 0; i < batch; ++i) sum += host_loss_[size_t(i)];
  double mean = sum / double(batch);
  if (penalties && has_penalties_) {
    bool first = true;
    for (auto& np : named_)
      if (np.param->l1 > 0.f || np.param->l2 > 0.f) {
        be_.norm_penalty(np.param->value, np.param->l1, np.param->l2, first ? 0.f : 1.f, penalty_total_);
        first = false;
      }
    float total = 0;
    be_.download(penalty_total_, std::span<float>(&total, 1));
    mean += total;
  }
  return mean;
}

void Model::outputs(int64_t batch, std::vector<float>& out) {
  out.resize(size_t(batch * output_->per_sample));
  be_.download(head(output_->output, batch * output_->per_sample), out);
}

bool Model::activity_output(const std::string& id, int64_t batch, std::vector<float>& out, Shape& shape) {
  for (const auto& s : steps_)
    if (s->id == id && s->fused_pool) return node_output(s->fused_pool->id, batch, out, shape);
  return node_output(id, batch, out, shape);
}

bool Model::node_output(const std::string& id, int64_t batch, std::vector<float>& out, Shape& shape) {
  for (const auto& s : steps_) {
    if (s->id != id) continue;
    if (s->spec->is_loss || s->fused_pool || !s->output.defined() || s->per_sample == 0) return false;
    shape = s->shape;
    out.resize(size_t(batch * s->per_sample));
    be_.download(head(s->output, batch * s->per_sample), out);
    return true;
  }
  return false;
}

}  // namespace strata
