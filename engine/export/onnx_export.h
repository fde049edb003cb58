#pragma once
// ONNX export: the inference graph (opset 17) built with Debian's libonnx
// protobuf classes and checked with libonnx's own checker (with strict shape
// inference) before a byte is written.
//  - The graph runs up to the layer that feeds the loss, so it returns logits
//    where Strata trains on logits, like the PyTorch export.
//  - Its input "input" is float32 [batch, *shape] with a symbolic batch; its
//    output "output". Given the run's preprocessing (data/preprocessing.h),
//    image and feature inputs take raw values (pixels 0-255, table values)
//    and the graph begins with Sub(mean) and Div(std) per channel or feature
//    (then a Reshape where the model's input shape differs); with raw_input
//    off, or without a preprocessing, "input" is the preprocessed values.
//    Token inputs are ids either way. The model's metadata_props hold the
//    preprocessing record ("strata_preprocessing", JSON), "class_names" and,
//    for text, "vocabulary" (JSON lists), and "input" (raw or preprocessed).
//  - Dropout is removed; BatchNormalization is the inference form (running
//    statistics); recurrent layers become ONNX LSTM/GRU/RNN with the gates
//    reordered (ONNX: LSTM i,o,f,c and GRU z,r,h; Strata: i,f,g,o and r,z,n).
//  - Initializers keep Strata's tensor names where the values are unchanged
//    (conv2d_1.weight); reordered recurrent weights are named W, R and B
//    after the layer (lstm_1.W).
#include <string>

#include "data/preprocessing.h"
#include "export/weights_export.h"
#include "graph/graph.h"

namespace strata {

inline constexpr int kOnnxOpset = 17;

struct OnnxOptions {
  std::map<std::string, std::string> metadata;  // more metadata_props (e.g. strata_run)
  const Preprocessing* preprocessing = nullptr;  // the run's; null: the input is preprocessed values
  bool raw_input = true;                         // false: keep the preprocessed input (metadata still recorded)
};

// The serialized ModelProto. Throws naming the node or tensor when the graph
// cannot be exported or a weight is missing or has the wrong shape.
std::string onnx_model_bytes(const Graph& graph, const WeightMap& weights, const std::string& title,
                             const OnnxOptions& options = {});

// Writes the .onnx file whole or not at all, never over an existing file
// unless `force` (export/export_destination.h).
void export_onnx(const Graph& graph, const WeightMap& weights, const std::string& path, const std::string& title,
                 const OnnxOptions& options = {}, bool force = false);

}  // namespace strata
