#pragma once
// PyTorch export: a folder with model.py (a plain nn.Module mirroring the
// graph up to the layer that feeds the loss, INPUT_SHAPE, and load(), which
// returns the module in eval mode with the trained weights) and weights.npz.
// With Debian's python3-torch it gives Strata's outputs; users take it to a
// cluster (torchrun / DDP) from there.
#include <string>
#include <vector>

#include "data/preprocessing.h"
#include "export/weights_export.h"
#include "graph/graph.h"

namespace strata {

// The source of model.py. Throws naming the node if the graph cannot train.
// With the run's preprocessing it also defines preprocess() (raw samples to
// the model's input, computed as Strata computes it), CLASS_NAMES and the
// statistics; without one, preprocess() only reshapes.
std::string pytorch_module_source(const Graph& graph, const std::string& title, const Preprocessing* preprocessing = nullptr);
// Its preprocess() part (export/pytorch_preprocessing.cpp).
std::string pytorch_preprocess_source(const Preprocessing* preprocessing);

// Writes the folder `dir` (model.py and weights.npz) by the rules of
// export/export_destination.h: a new folder appears whole or not at all; an
// existing one is refused unless `force`, which replaces only those two files.
void export_pytorch(const Graph& graph, const WeightMap& weights, const std::string& dir, const std::string& title,
                    const Preprocessing* preprocessing = nullptr, bool force = false);

}  // namespace strata
