#pragma once
// What a model's outputs mean to a user: class probabilities where the loss
// is a classifier's (the softmax of SoftmaxCrossEntropy's logits; the sigmoid
// of BinaryCrossEntropy's, per output: one logit gives both classes), the
// values themselves for regression. `strata predict` writes these; the
// exports return the logits, as the model computes them.
#include <cstdint>
#include <string>
#include <vector>

#include "graph/graph.h"

namespace strata {

struct Predictions {
  std::vector<std::string> columns;  // class names, or "value" / "output_N" for regression
  int64_t count = 0;
  std::vector<float> values;         // count x columns: probabilities or values
  std::vector<int64_t> predicted;    // per sample, the most probable class (one class per sample); empty otherwise
  bool probabilities = false;
};

// `outputs`: count x outputs-per-sample, as Trainer::predict gives them.
Predictions interpret_outputs(const Graph& graph, const std::vector<float>& outputs, int64_t count,
                              const std::vector<std::string>& class_names);

}  // namespace strata
