#pragma once
// Helpers the layer definitions share: parameter-spec builders, shape checks
// that throw LayerError with a hint, weight initialisation, and views of the
// current batch.
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "core/error.h"
#include "layers/layer.h"
#include "ops/activation.h"
#include "runtime/backend.h"

namespace strata::layer_util {

inline ParamSpec int_param(std::string name, int64_t def, double min, double max, std::string help) {
  ParamSpec p{std::move(name), ParamKind::Int, def, min, max, false, {}, std::move(help), false};
  return p;
}
inline ParamSpec float_param(std::string name, double def, double min, double max, std::string help,
                             bool max_exclusive = false) {
  return ParamSpec{std::move(name), ParamKind::Float, def, min, max, max_exclusive, {}, std::move(help), false};
}
inline ParamSpec bool_param(std::string name, bool def, std::string help) {
  return ParamSpec{std::move(name), ParamKind::Bool, def, 0, 1, false, {}, std::move(help), false};
}
inline ParamSpec choice_param(std::string name, std::string def, std::vector<std::string> choices, std::string help) {
  return ParamSpec{std::move(name), ParamKind::Choice, def, 0, 0, false, std::move(choices), std::move(help), false};
}
inline ParamSpec ints_param(std::string name, std::vector<int64_t> def, double min, std::string help) {
  return ParamSpec{std::move(name), ParamKind::IntList, def, min, std::numeric_limits<double>::infinity(), false, {},
                   std::move(help), false};
}
// A parameter the editor shows on the node card even at its default.
inline ParamSpec key(ParamSpec p) {
  p.key = true;
  return p;
}
// The activations a layer can fuse ("linear" is none).
inline ParamSpec activation_param(std::string def = "linear") {
  return choice_param("activation", std::move(def), {"linear", "relu", "leaky_relu", "sigmoid", "tanh", "gelu"},
                      "Activation applied to the output");
}
inline Activation activation_of(const NodeParams& p, const char* key = "activation") {
  const std::string a = p.text(key);
  return a == "linear" ? Activation::None : activation_from_name(a);
}
inline std::vector<ParamSpec> penalty_params() {
  return {float_param("l1", 0.0, 0.0, 1e3, "L1 penalty on the weights (adds l1 * sum|w| to the loss)"),
          float_param("l2", 0.0, 0.0, 1e3, "L2 penalty on the weights (adds l2 * sum w^2 to the loss)")};
}

// Throws unless the input has `rank` dimensions; `hint` says how to fix it.
inline void expect_rank(const Shape& s, size_t rank, const std::string& what, const std::string& hint = {}) {
  if (s.size() != rank)
    throw LayerError("input", "expects " + what + ", got " + to_string(s), hint);
}

// Runs an op's parameter check, turning its strata::Error (which names the
// layer) into a LayerError on `field` without the layer-name prefix.
template <class F>
void check_op(const NodeParams& p, const std::string& field, F&& f) {
  try {
    f();
  } catch (const Error& e) {
    std::string m = e.what();
    const std::string prefix = p.name + ": ";
    if (m.rfind(prefix, 0) == 0) m = m.substr(prefix.size());
    throw LayerError(field, m);
  }
}

// A pair parameter given as [a] or [a, b].
inline std::pair<int64_t, int64_t> pair_of(const NodeParams& p, const std::string& key) {
  const auto v = p.ints(key);
  if (v.size() == 1) return {v[0], v[0]};
  if (v.size() == 2) return {v[0], v[1]};
  throw LayerError(key, key + " needs one or two values");
}

// Deterministic initialisation: a generator seeded from the run's seed and
// the node's name, so a layer's weights do not change when others are added.
inline std::mt19937_64 init_rng(uint64_t seed, const std::string& name) {
  return std::mt19937_64(seed ^ std::hash<std::string>{}(name));
}
inline std::vector<float> uniform_values(std::mt19937_64& rng, int64_t n, double limit) {
  std::uniform_real_distribution<double> d(-limit, limit);
  std::vector<float> v(static_cast<size_t>(n));
  for (auto& x : v) x = float(d(rng));
  return v;
}
// Glorot/Xavier uniform with zero biases, Keras' defaults: on the tutorial
// CNN they train faster early on than PyTorch's defaults (bench/README.md).
inline std::vector<float> glorot_uniform(std::mt19937_64& rng, int64_t n, int64_t fan_in, int64_t fan_out) {
  return uniform_values(rng, n, std::sqrt(6.0 / double(fan_in + fan_out)));
}

inline LayerParam make_param(Backend& be, std::string role, const Shape& shape, const std::vector<float>& init,
                             bool trainable = true) {
  LayerParam p;
  p.role = std::move(role);
  p.value = be.from_host(shape, init);
  if (trainable) p.grad = be.empty(shape);
  return p;
}

}  // namespace strata::layer_util
