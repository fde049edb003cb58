#include "export/export_precheck.h"

#include <set>

#include "graph/analysis.h"
#include "layers/registry.h"

namespace strata {
namespace {

// The layer types each model format writes (losses are never exported: the
// model ends at the layer feeding the loss). A new layer type is refused by
// name here until its exporter learns it.
const std::set<std::string>& model_format_layers() {
  static const std::set<std::string> types{
      "Input",   "Dense",   "Conv2D",      "MaxPool2D", "AvgPool2D",          "GlobalAveragePooling2D",
      "Flatten", "Reshape", "Dropout",     "BatchNormalization", "LayerNormalization", "Activation",
      "Softmax", "Embedding", "LSTM",      "GRU",       "SimpleRNN",          "Add",
      "Multiply", "Concatenate", "MultiHeadAttention", "PositionalEmbedding", "GlobalAveragePooling1D",
      "GlobalMaxPooling1D", "TransformerEncoderBlock"};
  return types;
}

}  // namespace

std::vector<std::string> export_precheck(const Graph& graph, const std::string& format) {
  std::vector<std::string> problems;
  if (format != "safetensors" && format != "npz" && format != "onnx" && format != "pytorch") {
    problems.push_back("unknown export format '" + format + "' (safetensors, npz, onnx, pytorch)");
    return problems;
  }
  const ModelReport r = analyze(graph);
  if (!r.ok()) return r.errors;
  if (format == "safetensors" || format == "npz") return problems;  // tensors only: every layer's weights map
  for (const auto& id : r.order) {
    const Node& n = *graph.find(id);
    const LayerSpec* spec = find_layer(n.type);
    if (spec && !spec->is_loss && !model_format_layers().count(n.type))
      problems.push_back(id + ": " + n.type + " has no " + (format == "onnx" ? "ONNX" : "PyTorch") +
                         " form in this version of Strata");
  }
  return problems;
}

}  // namespace strata
