#include "train/predictions.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "layers/registry.h"

namespace strata {

namespace {

std::string loss_type(const Graph& g) {
  for (const auto& n : g.nodes())
    if (const LayerSpec* s = find_layer(n.type); s && s->is_loss) return n.type;
  return {};
}

std::vector<std::string> names_or(const std::vector<std::string>& names, int64_t n, const std::string& stem) {
  if (int64_t(names.size()) == n) return names;
  if (n == 1) return {stem == "class" ? "class_1" : "value"};
  std::vector<std::string> out;
  for (int64_t k = 1; k <= n; ++k) out.push_back(stem + "_" + std::to_string(k));
  return out;
}

}  // namespace

Predictions interpret_outputs(const Graph& graph, const std::vector<float>& outputs, int64_t count,
                              const std::vector<std::string>& class_names) {
  Predictions p;
  p.count = count;
  const int64_t per = count > 0 ? int64_t(outputs.size()) / count : 0;
  const std::string loss = loss_type(graph);
  if (loss == "SoftmaxCrossEntropy") {
    p.probabilities = true;
    p.columns = names_or(class_names, per, "class");
    p.values.resize(outputs.size());
    for (int64_t i = 0; i < count; ++i) {
      const float* z = outputs.data() + i * per;
      float* y = p.values.data() + i * per;
      const double top = *std::max_element(z, z + per);
      double sum = 0;
      for (int64_t k = 0; k < per; ++k) sum += std::exp(double(z[k]) - top);
      for (int64_t k = 0; k < per; ++k) y[k] = float(std::exp(double(z[k]) - top) / sum);
      p.predicted.push_back(std::max_element(z, z + per) - z);
    }
  } else if (loss == "BinaryCrossEntropy") {
    p.probabilities = true;
    auto sigmoid = [](float z) { return float(1.0 / (1.0 + std::exp(-double(z)))); };
    if (per == 1 && class_names.size() == 2) {  // one logit: P(second class); both columns written
      p.columns = class_names;
      for (int64_t i = 0; i < count; ++i) {
        const float q = sigmoid(outputs[size_t(i)]);
        p.values.push_back(1 - q), p.values.push_back(q);
        p.predicted.push_back(q > 0.5f ? 1 : 0);
      }
    } else {  // independent labels: one probability each
      p.columns = names_or(class_names, per, "class");
      for (float z : outputs) p.values.push_back(sigmoid(z));
    }
  } else {
    p.columns = names_or({}, per, "output");
    p.values = outputs;
  }
  return p;
}

}  // namespace strata
