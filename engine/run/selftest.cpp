#include "run/selftest.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>

#include "core/error.h"
#include "graph/graph.h"
#include "model/model.h"
#include "ops/copy.h"
#include "ops/gemm.h"
#include "runtime/devices.h"

namespace strata {

namespace {

// Float32 kernels that sum in another order differ by a few units in the last
// place per term; these bounds sit far above what correct kernels give
// (bench/README.md records the figures) and far below a wrong kernel's error.
constexpr double kForwardTolerance = 2e-4, kBackwardTolerance = 2e-3, kTrainingTolerance = 2e-3, kGemmTolerance = 1e-5;

double max_magnitude(const std::vector<float>& v) {
  double m = 0;
  for (float x : v) m = std::max(m, std::fabs(double(x)));
  return m;
}

// The largest difference, relative to the largest reference magnitude (so a
// wrong sign or a scale off by 1 % shows the same on tiny and large values),
// or to `floor` when that is larger: a gradient that is zero but for rounding
// (a convolution's bias before batch normalisation) is compared with the
// model's other gradients, not with its own noise.
double relative_error(const std::vector<float>& ref, const std::vector<float>& got, double floor = 0) {
  if (ref.size() != got.size()) return INFINITY;
  double diff = 0, scale = floor;
  for (size_t i = 0; i < ref.size(); ++i) {
    const double d = std::fabs(double(got[i]) - double(ref[i]));
    if (std::isnan(d)) return NAN;
    diff = std::max(diff, d), scale = std::max(scale, std::fabs(double(ref[i])));
  }
  return diff / (scale + 1e-12);
}

std::vector<float> download(Backend& be, const Tensor& t) {
  std::vector<float> v(size_t(t.numel()));
  be.download(t, v);
  return v;
}

// A small network: Input, then layers each fed by the previous one (or by
// the nodes named), then the loss.
struct Net {
  Graph g;
  std::string last;
  explicit Net(const Shape& input) { last = g.add_node("Input", {{"shape", input}}); }
  Net& then(const std::string& type, nlohmann::json params = nlohmann::json::object()) {
    const std::string id = g.add_node(type, std::move(params));
    g.add_link({last, id, 0});
    last = id;
    return *this;
  }
  // Two branches from the current node, merged by `merge`.
  Net& branches(const std::string& merge, int units) {
    const std::string from = last;
    const std::string a = g.add_node("Dense", {{"units", units}, {"activation", "tanh"}});
    const std::string b = g.add_node("Dense", {{"units", units}});
    const std::string m = g.add_node(merge, nlohmann::json::object());
    g.add_link({from, a, 0}), g.add_link({from, b, 0}), g.add_link({a, m, 0}), g.add_link({b, m, 1});
    last = m;
    return *this;
  }
};

struct LayerCase {
  std::string name;
  Graph graph;
  int vocab = 0;  // > 0: the inputs are token ids below it
};

std::vector<LayerCase> layer_cases() {
  std::vector<LayerCase> c;
  auto add = [&](std::string name, Net& n, int vocab = 0) { c.push_back({std::move(name), n.g, vocab}); };
  {
    Net n({13});
    n.then("Dense", {{"units", 7}, {"activation", "relu"}}).then("Dense", {{"units", 3}}).then("SoftmaxCrossEntropy");
    add("Dense relu", n);
  }
  for (const char* act : {"leaky_relu", "sigmoid", "tanh", "gelu"}) {
    Net n({11});
    n.then("Dense", {{"units", 6}}).then("Activation", {{"activation", act}}).then("Dense", {{"units", 3}}).then("SoftmaxCrossEntropy");
    add(std::string("Activation ") + act, n);
  }
  {
    Net n({3, 9, 7});
    n.then("Conv2D", {{"filters", 4}, {"kernel_size", {3, 3}}, {"padding", "same"}, {"activation", "relu"}})
        .then("Flatten").then("Dense", {{"units", 3}}).then("SoftmaxCrossEntropy");
    add("Conv2D 3x3 same", n);
  }
  {
    Net n({2, 11, 9});
    n.then("Conv2D", {{"filters", 5}, {"kernel_size", {2, 3}}, {"strides", {2, 1}}, {"dilation", {1, 2}}})
        .then("Flatten").then("Dense", {{"units", 3}}).then("SoftmaxCrossEntropy");
    add("Conv2D strided, dilated", n);
  }
  {
    Net n({3, 10, 10});
    n.then("Conv2D", {{"filters", 4}, {"kernel_size", {3, 3}}, {"activation", "relu"}})
        .then("MaxPool2D", {{"pool_size", {2, 2}}}).then("Flatten").then("Dense", {{"units", 3}}).then("SoftmaxCrossEntropy");
    add("Conv2D + MaxPool2D", n);
  }
  {
    Net n({2, 7, 9});
    n.then("Conv2D", {{"filters", 3}, {"kernel_size", {1, 1}}}).then("BatchNormalization")
        .then("AvgPool2D", {{"pool_size", {2, 3}}, {"padding", "same"}}).then("GlobalAveragePooling2D")
        .then("Dense", {{"units", 3}}).then("SoftmaxCrossEntropy");
    add("BatchNorm, AvgPool2D, global pooling", n);
  }
  {
    Net n({5, 6});
    n.then("LayerNormalization").then("Flatten").then("Dropout", {{"rate", 0.3}}).then("Dense", {{"units", 3}})
        .then("SoftmaxCrossEntropy");
    add("LayerNorm, Dropout", n);
  }
  {
    Net n({7});
    n.then("Embedding", {{"vocab_size", 20}, {"dim", 6}}).then("LSTM", {{"units", 5}, {"return_sequences", true}})
        .then("GRU", {{"units", 4}}).then("Dense", {{"units", 3}}).then("SoftmaxCrossEntropy");
    add("Embedding, LSTM, GRU", n, 20);
  }
  {
    Net n({7});
    n.then("Embedding", {{"vocab_size", 20}, {"dim", 6}, {"mask_zero", true}}).then("PositionalEmbedding")
        .then("MultiHeadAttention", {{"heads", 3}, {"key_dim", 2}, {"causal", true}}).then("GlobalMaxPooling1D")
        .then("Dense", {{"units", 3}}).then("SoftmaxCrossEntropy");
    add("Padding mask, positions, causal attention, max over time", n, 20);
  }
  {
    Net n({5, 4});
    n.then("MultiHeadAttention", {{"heads", 1}, {"key_dim", 3}, {"value_dim", 2}}).then("LayerNormalization")
        .then("GlobalAveragePooling1D").then("Dense", {{"units", 3}}).then("SoftmaxCrossEntropy");
    add("Self-attention, average over time", n);
  }
  {
    Net n({6});
    n.then("Embedding", {{"vocab_size", 20}, {"dim", 6}, {"mask_zero", true}})
        .then("TransformerEncoderBlock", {{"heads", 3}, {"intermediate_dim", 8}, {"dropout", 0.0}})
        .then("TransformerEncoderBlock", {{"heads", 2}, {"intermediate_dim", 5}, {"dropout", 0.0}, {"norm", "pre"}})
        .then("GlobalAveragePooling1D").then("Dense", {{"units", 3}}).then("SoftmaxCrossEntropy");
    add("Transformer encoder blocks, post- and pre-norm", n, 20);
  }
  {
    Net n({17, 3});
    n.then("SimpleRNN", {{"units", 6}}).then("Dense", {{"units", 3}}).then("SoftmaxCrossEntropy");
    add("SimpleRNN, 17 steps", n);
  }
  for (const char* merge : {"Add", "Multiply", "Concatenate"}) {
    Net n({9});
    n.branches(merge, 5).then("Dense", {{"units", 3}}).then("SoftmaxCrossEntropy");
    add(std::string(merge) + " of two branches", n);
  }
  {
    Net n({12});
    n.then("Reshape", {{"shape", {3, 4}}}).then("Softmax").then("Flatten").then("Dense", {{"units", 2}}).then("MeanSquaredError");
    add("Reshape, Softmax, MSE", n);
  }
  {
    Net n({8});
    n.then("Dense", {{"units", 1}}).then("BinaryCrossEntropy");
    add("Binary cross-entropy", n);
  }
  {
    Net n({8});
    n.then("Dense", {{"units", 3}}).then("MeanAbsoluteError");
    add("Mean absolute error", n);
  }
  return c;
}

// Inputs and labels for `batch` samples of a compiled model.
struct Batch {
  std::vector<float> x, y;
};
Batch make_batch(const Model& m, int64_t batch, int vocab, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(-1.f, 1.f);
  Batch b;
  b.x.resize(size_t(batch * numel(m.input_shape())));
  for (float& v : b.x) v = vocab > 0 ? float(rng() % uint32_t(vocab)) : u(rng);
  b.y.resize(size_t(batch * m.label_size()));
  const int64_t classes = numel(m.output_shape());
  for (float& v : b.y) {
    if (m.label_kind() == LabelKind::ClassIndex) v = float(rng() % uint32_t(std::max<int64_t>(classes, 2)));
    else v = classes == 1 ? float(rng() % 2) : u(rng);  // 0/1 for a single (binary) output
  }
  return b;
}

ModelOptions sgd_options(int64_t batch) {
  ModelOptions o;
  o.max_batch = batch;
  o.seed = 7;
  o.optimizer.kind = OptimizerKind::SGD;  // plain: the update is the gradient itself
  return o;
}

// The same weights in both models: the device's are the CPU's.
void copy_weights(Model& from, Model& to) {
  for (size_t i = 0; i < from.params().size(); ++i)
    to.backend().upload(to.params()[i].param->value, download(from.backend(), from.params()[i].param->value));
}

std::vector<std::vector<float>> weights(Model& m) {
  std::vector<std::vector<float>> w;
  for (auto& p : m.params()) w.push_back(download(m.backend(), p.param->value));
  return w;
}

// One training step of a case on both backends; the largest forward and
// gradient errors.
std::pair<double, double> compare_case(const LayerCase& c, Backend& cpu, Backend& dev) {
  constexpr int64_t kBatch = 5;
  Model a(c.graph, cpu, sgd_options(kBatch)), b(c.graph, dev, sgd_options(kBatch));
  copy_weights(a, b);
  const Batch data = make_batch(a, kBatch, c.vocab, 11);
  const auto before = weights(a);
  double forward = 0;
  for (Model* m : {&a, &b}) m->set_inputs(data.x, kBatch), m->set_labels(data.y, kBatch), m->forward(kBatch, true, 1);
  for (const auto& id : a.report().order) {
    std::vector<float> ra, rb;
    Shape sa, sb;
    if (a.node_output(id, kBatch, ra, sa) && b.node_output(id, kBatch, rb, sb)) forward = std::max(forward, relative_error(ra, rb));
  }
  forward = std::max(forward, relative_error({float(a.loss(kBatch))}, {float(b.loss(kBatch))}));
  for (Model* m : {&a, &b}) m->backward_and_update(kBatch, 1, 1.f);
  const auto after_a = weights(a), after_b = weights(b);
  std::vector<std::vector<float>> ga(before.size()), gb(before.size());
  double largest = 0;
  for (size_t i = 0; i < before.size(); ++i) {
    ga[i].resize(before[i].size()), gb[i].resize(before[i].size());
    for (size_t j = 0; j < ga[i].size(); ++j) ga[i][j] = before[i][j] - after_a[i][j], gb[i][j] = before[i][j] - after_b[i][j];
    largest = std::max(largest, max_magnitude(ga[i]));
  }
  double backward = 0;
  for (size_t i = 0; i < before.size(); ++i) backward = std::max(backward, relative_error(ga[i], gb[i], 1e-2 * largest));
  return {forward, backward};
}

struct GemmShape {
  int64_t m, n, k;
  bool ta, tb;
  BiasMode bias;
  Activation act;
};
constexpr GemmShape kGemmShapes[] = {{17, 33, 9, false, false, BiasMode::None, Activation::None},
                                     {1, 65, 130, false, true, BiasMode::PerColumn, Activation::ReLU},
                                     {64, 3, 257, true, false, BiasMode::PerRow, Activation::None},
                                     {31, 31, 31, true, true, BiasMode::None, Activation::Tanh},
                                     {128, 96, 200, false, false, BiasMode::PerColumn, Activation::GELU}};

std::string gemm_name(const GemmShape& s) {
  return "gemm " + std::string(s.ta ? "T" : "N") + (s.tb ? "T" : "N") + " " + std::to_string(s.m) + "x" + std::to_string(s.n) +
         "x" + std::to_string(s.k);
}

std::vector<float> uniform(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(-1.f, 1.f);
  std::vector<float> v(n);
  for (float& x : v) x = u(rng);
  return v;
}

// C on `be`, and (when `reference` is given) in double precision, for one shape.
std::vector<float> run_gemm(Backend& be, const GemmShape& s, std::vector<float>* reference) {
  GemmArgs g;
  g.m = s.m, g.n = s.n, g.k = s.k, g.trans_a = s.ta, g.trans_b = s.tb, g.bias = s.bias, g.act = s.act;
  const std::vector<float> a = uniform(size_t(s.m * s.k), 1), b = uniform(size_t(s.k * s.n), 2),
                           bias = uniform(size_t(s.bias == BiasMode::PerRow ? s.m : s.n), 3);
  Tensor ta = be.empty({int64_t(a.size())}), tb = be.empty({int64_t(b.size())}), tc = be.empty({s.m * s.n}),
         tbias = be.empty({int64_t(bias.size())});
  be.upload(ta, a), be.upload(tb, b), be.upload(tbias, bias);
  be.gemm(g, ta, tb, tc, s.bias == BiasMode::None ? nullptr : &tbias);
  if (reference) {
    reference->assign(size_t(s.m * s.n), 0.f);
    gemm_reference(g, a, b, s.bias == BiasMode::None ? std::span<const float>() : std::span<const float>(bias), *reference);
  }
  return download(be, tc);
}

// The short training: a two-layer MLP on a fixed synthetic task, Adam, the
// same weights and batches on both backends.
std::pair<std::vector<double>, std::vector<double>> training_curves(Backend& cpu, Backend& dev) {
  Net n({16});
  n.then("Dense", {{"units", 32}, {"activation", "relu"}}).then("Dense", {{"units", 4}}).then("SoftmaxCrossEntropy");
  constexpr int64_t kBatch = 32;
  ModelOptions o;
  o.max_batch = kBatch;
  o.seed = 5;
  o.optimizer.kind = OptimizerKind::Adam;
  o.optimizer.beta1 = 0.9f;
  Model a(n.g, cpu, o), b(n.g, dev, o);
  copy_weights(a, b);
  std::vector<double> la, lb;
  for (int step = 1; step <= 40; ++step) {
    Batch data = make_batch(a, kBatch, 0, uint32_t(100 + step));
    for (size_t i = 0; i < size_t(kBatch); ++i) {  // learnable: the class is where the first features peak
      int best = 0;
      for (int f = 1; f < 4; ++f)
        if (data.x[i * 16 + size_t(f)] > data.x[i * 16 + size_t(best)]) best = f;
      data.y[i] = float(best);
    }
    for (Model* m : {&a, &b}) {
      m->set_inputs(data.x, kBatch), m->set_labels(data.y, kBatch);
      m->forward(kBatch, true, uint32_t(step));
      (m == &a ? la : lb).push_back(m->loss(kBatch));
      m->backward_and_update(kBatch, step, 1e-2f);
    }
  }
  return {la, lb};
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

std::vector<SelftestBenchmark> benchmarks(Backend& be) {
  std::vector<SelftestBenchmark> out;
  const bool gpu = be.info().backend == BackendKind::Vulkan && (be.info().type == "discrete" || be.info().type == "integrated");
  {
    const int64_t n = gpu ? 2048 : 512;
    GemmArgs g;
    g.m = g.n = g.k = n;
    Tensor a = be.empty({n * n}), b = be.empty({n * n}), c = be.empty({n * n});
    be.fill(a, 0.5f), be.fill(b, 0.25f);
    be.gemm(g, a, b, c, nullptr);
    be.synchronize();
    const int reps = gpu ? 20 : 3;
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < reps; ++i) be.gemm(g, a, b, c, nullptr);
    be.synchronize();
    out.push_back({"GEMM " + std::to_string(n) + "^3", "GFLOP/s", gemm_flops(g) * reps / seconds_since(t0) / 1e9});
  }
  {
    const int64_t n = gpu ? (int64_t(1) << 26) : (int64_t(1) << 21);  // 256 MiB or 8 MiB per buffer
    Tensor a = be.empty({n}), b = be.empty({n});
    be.fill(a, 1.f);
    CopyLayout all;
    all.dims = {1, 1, n};
    be.strided_copy(all, a, b, false);
    be.synchronize();
    const int reps = 5;
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < reps; ++i) be.strided_copy(all, a, b, false);
    be.synchronize();
    out.push_back({"memory copy (read + write)", "GB/s", 2.0 * double(n) * 4 * reps / seconds_since(t0) / 1e9});
  }
  {
    Tensor t = be.empty({16});
    std::vector<double> us;
    for (int i = 0; i < 200; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      be.fill(t, float(i));
      be.synchronize();
      us.push_back(seconds_since(t0) * 1e6);
    }
    std::nth_element(us.begin(), us.begin() + 100, us.end());
    out.push_back({"dispatch and wait (median)", "us", us[100]});
  }
  return out;
}

}  // namespace

bool SelftestResult::passed() const {
  for (const auto& c : checks)
    if (!c.pass()) return false;
  return !(training_error > training_tolerance) && !std::isnan(training_error);
}

nlohmann::json SelftestResult::to_json() const {
  nlohmann::json checks_json = nlohmann::json::array();
  for (const auto& c : checks)
    checks_json.push_back({{"op", c.op}, {"check", c.check}, {"error", std::isnan(c.error) ? nlohmann::json() : nlohmann::json(c.error)},
                           {"tolerance", c.tolerance}, {"pass", c.pass()}});
  nlohmann::json bench = nlohmann::json::array();
  for (const auto& b : benchmarks) bench.push_back({{"name", b.name}, {"value", b.value}, {"unit", b.unit}});
  return {{"device", device.name},
          {"device_spec", device.spec()},
          {"driver", device.driver},
          {"passed", passed()},
          {"checks", checks_json},
          {"training", {{"cpu_losses", cpu_losses}, {"device_losses", device_losses}, {"error", training_error},
                        {"tolerance", training_tolerance}}},
          {"benchmarks", bench}};
}

SelftestResult run_selftest(const DeviceInfo& device, const std::function<void(const SelftestCheck&)>& progress) {
  SelftestResult r;
  r.device = device;
  auto dev = open_backend(device);
  auto record = [&](SelftestCheck c) {
    if (progress) progress(c);
    r.checks.push_back(std::move(c));
  };
  // The GEMM every dense, convolution and recurrent layer reduces to, against double precision.
  for (const GemmShape& s : kGemmShapes) {
    std::vector<float> reference;
    const std::vector<float> c = run_gemm(*dev, s, &reference);
    record({gemm_name(s), "vs double", relative_error(reference, c), kGemmTolerance});
  }
  if (device.backend != BackendKind::Cpu) {
    auto cpu = open_backend(select_device("cpu"));
    for (const LayerCase& c : layer_cases()) {
      const auto [forward, backward] = compare_case(c, *cpu, *dev);
      record({c.name, "forward", forward, kForwardTolerance});
      record({c.name, "backward", backward, kBackwardTolerance});
    }
    std::tie(r.cpu_losses, r.device_losses) = training_curves(*cpu, *dev);
    double diff = 0, scale = 0;
    for (size_t i = 0; i < r.cpu_losses.size(); ++i)
      diff = std::max(diff, std::fabs(r.device_losses[i] - r.cpu_losses[i])), scale = std::max(scale, std::fabs(r.cpu_losses[i]));
    r.training_error = diff / (scale + 1e-12);
    r.training_tolerance = kTrainingTolerance;
  }
  r.benchmarks = benchmarks(*dev);
  return r;
}

}  // namespace strata
