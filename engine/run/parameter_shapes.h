#pragma once
// The weight tensors a project's model has, by name ("dense_1.weight") with
// their shapes, as checkpoints and exports name them: the model compiled on
// the CPU backend at batch 1 (so only the weights' memory is spent). The
// editor's Import Weights compares a source's tensors with these exactly.
#include <map>
#include <string>

#include "core/tensor.h"
#include "graph/project.h"

namespace strata {

// Throws strata::Error when the graph cannot be compiled (its analysis' messages).
std::map<std::string, Shape> parameter_shapes(const Project& project);

}  // namespace strata
