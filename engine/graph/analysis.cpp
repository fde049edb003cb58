#include "graph/analysis.h"

#include <algorithm>
#include <map>
#include <optional>
#include <deque>
#include <set>

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
  const auto it = index.find(id);
  return it == index.end() ? nullptr : &nodes[it->second];
}

namespace {

// Links into and out of each node, by position in graph.nodes(), so that the
// walks below are linear in the graph's size (an editor analyses a graph of
// hundreds of nodes after every edit).
struct Adjacency {
  std::map<std::string, size_t> index;
  std::vector<std::vector<const Link*>> in, out;
  explicit Adjacency(const Graph& g) : in(g.nodes().size()), out(g.nodes().size()) {
    for (size_t i = 0; i < g.nodes().size(); ++i) index[g.nodes()[i].id] = i;
    for (const auto& l : g.links()) {
      const auto f = index.find(l.from), t = index.find(l.to);
      if (f == index.end() || t == index.end()) continue;
      out[f->second].push_back(&l);
      in[t->second].push_back(&l);
    }
  }
};

// Kahn's algorithm; nodes in a cycle are left out.
std::vector<std::string> topological_order(const Graph& g, const Adjacency& adj) {
  std::vector<int> indegree(g.nodes().size(), 0);
  for (size_t i = 0; i < indegree.size(); ++i) indegree[i] = int(adj.in[i].size());
  std::vector<std::string> order;
  std::deque<size_t> ready;
  for (size_t i = 0; i < indegree.size(); ++i)  // graph order for ties: stable results
    if (indegree[i] == 0) ready.push_back(i);
  while (!ready.empty()) {
    const size_t i = ready.front();
    ready.pop_front();
    order.push_back(g.nodes()[i].id);
    for (const Link* l : adj.out[i])
      if (const size_t t = adj.index.at(l->to); --indegree[t] == 0) ready.push_back(t);
  }
  return order;
}

// Which padding mask a node's output carries (layers/layer.h MaskRule), and
// the warning for a layer that drops one: padded steps count as data there.
std::optional<Problem> carry_mask(const LayerSpec& spec, const NodeParams& params,
                                  const std::map<std::string, NodeReport>& reports, NodeReport& rep) {
  if (spec.masks == MaskRule::Make) {
    if (params.flag("mask_zero")) rep.mask = rep.id;
    return std::nullopt;
  }
  const auto first = std::find_if(rep.input_masks.begin(), rep.input_masks.end(), [](auto& m) { return !m.empty(); });
  if (first == rep.input_masks.end()) return std::nullopt;
  if (spec.masks == MaskRule::Ignore)
    return Problem{Problem::Severity::Warning, rep.id, "input",
                   "ignores the padding mask of " + *first + ": padded steps count as data here",
                   "pool over time (GlobalAveragePooling1D) or attend (MultiHeadAttention) before it, or turn off " +
                       *first + "'s mask_zero"};
  const Shape& out = rep.shape.output;
  if (out.size() >= 2 && out[0] == reports.at(*first).shape.output.at(0)) rep.mask = *first;
  return std::nullopt;
}

}  // namespace

ModelReport analyze(const Graph& g, const AnalysisOptions& opt) {
  ModelReport r;
  const Adjacency adj(g);
  r.order = topological_order(g, adj);
  std::vector<Problem> cycle, graph_errors;
  if (r.order.size() != g.nodes().size()) {
    const std::set<std::string> ordered(r.order.begin(), r.order.end());
    std::string in_cycle;
    for (const auto& n : g.nodes())
      if (!ordered.count(n.id)) in_cycle += (in_cycle.empty() ? "" : ", ") + n.id;
    cycle.push_back({Problem::Severity::Error, {}, {}, "the graph has a cycle through " + in_cycle,
                     "remove one of its links"});
  }

  std::map<std::string, NodeReport> reports;
  std::vector<std::string> inputs, losses;
  std::vector<Problem> mask_warnings;
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
      for (const Link* lp : adj.in[adj.index.at(id)]) {
        const Link& l = *lp;
        if (l.port < 0 || l.port >= ports) continue;
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
        rep.upstream_error = true;
        reports[id] = rep;
        continue;
      }
      rep.shape = spec->infer(params, rep.input_shapes);
      rep.input_masks.assign(size_t(ports), std::string());
      for (const Link* lp : adj.in[adj.index.at(id)])
        if (lp->port >= 0 && lp->port < ports) rep.input_masks[size_t(lp->port)] = reports[lp->from].mask;
      if (auto w = carry_mask(*spec, params, reports, rep)) mask_warnings.push_back(std::move(*w));
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
  {
    const std::set<std::string> ordered(r.order.begin(), r.order.end());
    for (const auto& n : g.nodes())
      if (!ordered.count(n.id)) r.nodes.push_back(reports[n.id]);
  }
  for (size_t i = 0; i < r.nodes.size(); ++i) r.index[r.nodes[i].id] = i;
  std::vector<Problem> node_errors, warnings;
  for (const auto& rep : r.nodes) {
    if (!rep.ok && !rep.error.empty() && !rep.upstream_error)
      node_errors.push_back({Problem::Severity::Error, rep.id, rep.field, rep.error, rep.hint});
    if (rep.ok) {
      r.parameters += rep.shape.parameters, r.state += rep.shape.state;
      r.flops += rep.shape.flops, r.activations += rep.shape.activations;
    }
  }

  auto graph_error = [&](std::string message, std::string hint) {
    graph_errors.push_back({Problem::Severity::Error, {}, {}, std::move(message), std::move(hint)});
  };
  if (inputs.empty()) graph_error("the graph has no Input node", "add one from the palette");
  else if (inputs.size() == 1) r.input = inputs[0];
  else graph_error("the graph has " + std::to_string(inputs.size()) + " Input nodes; training reads one input",
                   "remove all but one");
  if (losses.empty()) graph_error("the graph has no loss", "add one (e.g. SoftmaxCrossEntropy) after the last layer");
  else if (losses.size() == 1) r.loss = losses[0];
  else graph_error("the graph has " + std::to_string(losses.size()) + " losses; training uses one", "remove all but one");
  if (!r.loss.empty())
    for (const Link* l : adj.in[adj.index.at(r.loss)]) r.output = l->from;

  // Nodes that do not lead to the loss take no part in training.
  if (!r.loss.empty()) {
    std::vector<bool> reached(g.nodes().size(), false);
    std::vector<size_t> todo{adj.index.at(r.loss)};
    reached[todo[0]] = true;
    while (!todo.empty()) {
      const size_t i = todo.back();
      todo.pop_back();
      for (const Link* l : adj.in[i])
        if (const size_t f = adj.index.at(l->from); !reached[f]) reached[f] = true, todo.push_back(f);
    }
    for (size_t i = 0; i < g.nodes().size(); ++i)
      if (!reached[i])
        warnings.push_back({Problem::Severity::Warning, g.nodes()[i].id, {},
                            "does not lead to the loss and takes no part in training", "link it towards the loss or delete it"});
  }

  // The cycle first (it explains the nodes it leaves unanalysed), then the
  // nodes' own errors, then what the graph as a whole lacks.
  r.problems = std::move(cycle);
  r.problems.insert(r.problems.end(), node_errors.begin(), node_errors.end());
  r.problems.insert(r.problems.end(), graph_errors.begin(), graph_errors.end());
  for (const auto& p : r.problems) {
    if (!p.node.empty()) r.errors.push_back(r.node(p.node)->message());
    else r.errors.push_back(p.message + (p.hint.empty() ? "" : "; " + p.hint));
  }
  warnings.insert(warnings.end(), mask_warnings.begin(), mask_warnings.end());
  for (const auto& w : warnings) r.warnings.push_back(w.node + ": " + w.message);
  r.problems.insert(r.problems.end(), warnings.begin(), warnings.end());

  // Weights and state, gradients, optimizer state, and activations plus their
  // gradients for one batch, in float32.
  r.training_bytes = 4 * (r.parameters * (2 + opt.optimizer_states) + r.state + 2 * r.activations * opt.batch_size);
  return r;
}

}  // namespace strata
