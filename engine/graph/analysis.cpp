#include "graph/analysis.h"

#include <algorithm>
#include <map>
#include <queue>

#include "layers/layer_names.h"
#include "layers/registry.h"

namespace strata {

std::string NodeReport::message() const {
  std::string m = id + ": ";
  if (!field.empty() && error.rfind(field, 0) != 0) m += field + ": ";
  m += error;
  if (!hint.empty()) m += " (" + hint + ")";
  return m;
}

const NodeReport* ModelReport::node(const std::string& id) const {
  for (const auto& n : nodes)
    if (n.id == id) return &n;
  return nullptr;
}

namespace {

// Kahn's algorithm; nodes in a cycle are left out.
std::vector<std::string> topological_order(const Graph& g) {
  std::map<std::string, int> indegree;
  for (const auto& n : g.nodes()) indegree[n.id] = 0;
  for (const auto& l : g.links()) ++indegree[l.to];
  std::vector<std::string> order;
  std::deque<std::string> ready;
  for (const auto& n : g.nodes())  // graph order for ties: stable results
    if (indegree[n.id] == 0) ready.push_back(n.id);
  while (!ready.empty()) {
    const std::string id = ready.front();
    ready.pop_front();
    order.push_back(id);
    for (const auto& l : g.links())
      if (l.from == id && --indegree[l.to] == 0) ready.push_back(l.to);
  }
  return order;
}

}  // namespace

ModelReport analyze(const Graph& g, const AnalysisOptions& opt) {
  ModelReport r;
  r.order = topological_order(g);
  if (r.order.size() != g.nodes().size()) {
    std::string in_cycle;
    for (const auto& n : g.nodes())
      if (std::find(r.order.begin(), r.order.end(), n.id) == r.order.end())
        in_cycle += (in_cycle.empty() ? "" : ", ") + n.id;
    r.errors.push_back("the graph has a cycle through " + in_cycle + "; remove one of its links");
  }

  std::map<std::string, NodeReport> reports;
  std::vector<std::string> inputs, losses;
  for (const auto& id : r.order) {
    const Node& n = *g.find(id);
    NodeReport rep;
    rep.id = n.id, rep.type = n.type;
    auto fail = [&](std::string field, std::string error, std::string hint = {}) {
      rep.field = std::move(field), rep.error = std::move(error), rep.hint = std::move(hint);
    };
    const LayerSpec* spec = find_layer(n.type);
    if (!spec) {
      fail("type", unknown_layer_message(n.type));
      reports[id] = rep;
      continue;
    }
    if (spec->type == "Input") inputs.push_back(id);
    if (spec->is_loss) losses.push_back(id);
    try {
      const NodeParams params = resolve_params(*spec, n.id, n.params);
      const int ports = spec->input_count(params);
      rep.input_shapes.assign(size_t(ports), Shape{});
      std::vector<bool> linked(size_t(ports), false);
      bool upstream_ok = true;
      for (const auto& l : g.links()) {
        if (l.to != id || l.port < 0 || l.port >= ports) continue;
        linked[size_t(l.port)] = true;
        const NodeReport& src = reports[l.from];
        if (!src.ok) upstream_ok = false;
        else rep.input_shapes[size_t(l.port)] = src.shape.output;
      }
      for (int p = 0; p < ports; ++p)
        if (!linked[size_t(p)])
          throw LayerError(ports == 1 ? "input" : "input " + std::to_string(p + 1),
                           ports == 1 ? "input is not connected" : "input " + std::to_string(p + 1) + " is not connected",
                           "link a layer's output to it");
      if (!upstream_ok) {
        fail("input", "waits for an upstream layer that has an error");
        reports[id] = rep;
        continue;
      }
      rep.shape = spec->infer(params, rep.input_shapes);
      if (spec->is_loss && opt.data) {
        const DataSpec& d = *opt.data;
        const Shape& pred = rep.input_shapes[0];
        if (spec->labels == LabelKind::ClassIndex) {
          const bool one_hot = params.text("labels") == "one_hot";
          if (d.labels != LabelKind::ClassIndex && !one_hot)
            throw LayerError("labels", "the dataset's labels are values, not classes",
                             "use MeanSquaredError or BinaryCrossEntropy");
          if (d.labels == LabelKind::ClassIndex && d.classes > 0 && pred.back() != d.classes)
            throw LayerError("input",
                             "the dataset has " + std::to_string(d.classes) + " classes but the layer before the loss outputs " +
                                 std::to_string(pred.back()),
                             "set the last Dense layer's units to " + std::to_string(d.classes));
        } else if (d.labels == LabelKind::Values && numel(d.label_shape) != numel(pred)) {
          throw LayerError("input", "the dataset has " + std::to_string(numel(d.label_shape)) +
                                        " label values per sample but the loss gets " + std::to_string(numel(pred)) +
                                        " predictions");
        } else if (d.labels == LabelKind::ClassIndex) {
          if (spec->type == "BinaryCrossEntropy" && !(d.classes == 2 && numel(pred) == 1))
            throw LayerError("input", "binary cross-entropy needs one output and two classes; the dataset has " +
                                          std::to_string(d.classes) + " classes",
                             d.classes > 2 ? "use SoftmaxCrossEntropy" : "");
          if (spec->type != "BinaryCrossEntropy")
            throw LayerError("labels", "the dataset's labels are classes", "use SoftmaxCrossEntropy");
        }
      }
      // Samples with the same number of values in another layout are fine: the
      // model reads each sample in the Input's shape (rows of an image as a sequence).
      if (spec->type == "Input" && opt.data && numel(rep.shape.output) != numel(opt.data->input))
        throw LayerError("shape", "the dataset's samples have shape " + to_string(opt.data->input) + " (" +
                                      std::to_string(numel(opt.data->input)) + " values), the Input expects " +
                                      to_string(rep.shape.output),
                         "set the Input's shape to " + to_string(opt.data->input));
      rep.ok = true;
    } catch (const LayerError& e) {
      fail(e.field, e.what(), e.hint);
    } catch (const std::exception& e) {
      fail("", e.what());
    }
    reports[id] = rep;
  }
  // Nodes in a cycle still get a report.
  for (const auto& n : g.nodes())
    if (!reports.count(n.id)) {
      NodeReport rep;
      rep.id = n.id, rep.type = n.type, rep.error = "is part of a cycle";
      reports[n.id] = rep;
    }

  for (const auto& id : r.order) r.nodes.push_back(reports[id]);
  for (const auto& n : g.nodes())
    if (std::find(r.order.begin(), r.order.end(), n.id) == r.order.end()) r.nodes.push_back(reports[n.id]);
  for (const auto& rep : r.nodes) {
    if (!rep.ok && !rep.error.empty() && rep.error != "waits for an upstream layer that has an error")
      r.errors.push_back(rep.message());
    if (rep.ok) {
      r.parameters += rep.shape.parameters, r.state += rep.shape.state;
      r.flops += rep.shape.flops, r.activations += rep.shape.activations;
    }
  }

  if (inputs.empty()) r.errors.push_back("the graph has no Input node; add one from the palette");
  else if (inputs.size() == 1) r.input = inputs[0];
  else r.errors.push_back("the graph has " + std::to_string(inputs.size()) + " Input nodes; training reads one input");
  if (losses.empty()) r.errors.push_back("the graph has no loss; add one (e.g. SoftmaxCrossEntropy) after the last layer");
  else if (losses.size() == 1) r.loss = losses[0];
  else r.errors.push_back("the graph has " + std::to_string(losses.size()) + " losses; training uses one");
  if (!r.loss.empty())
    for (const auto& l : g.links())
      if (l.to == r.loss) r.output = l.from;

  // Nodes that do not lead to the loss take no part in training.
  if (!r.loss.empty()) {
    std::vector<std::string> reach{r.loss};
    for (size_t i = 0; i < reach.size(); ++i)
      for (const auto& l : g.links())
        if (l.to == reach[i] && std::find(reach.begin(), reach.end(), l.from) == reach.end()) reach.push_back(l.from);
    for (const auto& n : g.nodes())
      if (std::find(reach.begin(), reach.end(), n.id) == reach.end())
        r.warnings.push_back(n.id + ": does not lead to the loss and takes no part in training");
  }

  // Weights and state, gradients, optimizer state, and activations plus their
  // gradients for one batch, in float32.
  r.training_bytes = 4 * (r.parameters * (2 + opt.optimizer_states) + r.state + 2 * r.activations * opt.batch_size);
  return r;
}

}  // namespace strata
