#pragma once
// Shape inference and checks over a whole graph, run on every change: per node
// the output shape (batch symbolic), parameter count, FLOPs and activation
// memory per sample, or an error naming the node and field with a fix where
// one is obvious; for the model the totals and the memory a training step
// needs. Errors never throw: they are reported so an editor can show them.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "graph/graph.h"
#include "layers/layer.h"

namespace strata {

// What the dataset gives, to check the Input and the loss against it.
struct DataSpec {
  Shape input;               // per-sample shape
  LabelKind labels = LabelKind::ClassIndex;
  int64_t classes = 0;       // ClassIndex: the number of classes
  Shape label_shape;         // Values: per-sample label shape
};

struct NodeReport {
  std::string id, type;
  bool ok = false;
  std::vector<Shape> input_shapes;
  LayerShape shape;
  std::string field, error, hint;  // when !ok
  bool upstream_error = false;     // !ok only because a node feeding it has an error
  // Padding masks (layers/layer.h MaskRule): per input port the node whose
  // mask arrives with it ("" none), and the node whose mask the output
  // carries over its first axis ("" none).
  std::vector<std::string> input_masks;
  std::string mask;
  std::string message() const;     // "conv2d_1: kernel_size: ... (hint)"
};

// One error or warning as an editor lists it: the node (empty for the graph
// as a whole), the field at fault, the message and a fix where one is known.
struct Problem {
  enum class Severity { Error, Warning };
  Severity severity = Severity::Error;
  std::string node, field, message, hint;
};

struct AnalysisOptions {
  int64_t batch_size = 32;
  int optimizer_states = 2;              // Adam keeps two tensors per parameter
  std::optional<DataSpec> data;
};

struct ModelReport {
  std::vector<NodeReport> nodes;   // every node; in topological order where there is one
  std::vector<std::string> order;  // topological order of the nodes (empty with a cycle)
  std::vector<std::string> errors;    // graph-level and node errors, as messages for users
  std::vector<std::string> warnings;  // e.g. nodes that do not reach the loss
  std::vector<Problem> problems;      // errors then warnings, structured (what errors and warnings say)
  std::string input, loss, output;    // the single Input, the loss, and the node feeding the loss
  int64_t parameters = 0, state = 0;
  double flops = 0;                   // forward, per sample
  int64_t activations = 0;            // values per sample
  int64_t training_bytes = 0;         // weights, gradients, optimizer state and activations for the batch
  bool ok() const { return errors.empty(); }
  const NodeReport* node(const std::string& id) const;  // nullptr for an unknown id
  std::map<std::string, size_t> index;                   // node id -> position in `nodes`
};

ModelReport analyze(const Graph& graph, const AnalysisOptions& options = {});

}  // namespace strata
