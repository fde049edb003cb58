#include "export/pytorch_export.h"

#include <cctype>
#include <map>
#include <set>
#include <sstream>

#include "core/error.h"
#include "export/export_destination.h"
#include "graph/analysis.h"
#include "graph/project.h"
#include "layers/op_params.h"
#include "layers/registry.h"

namespace strata {
namespace {

std::string tuple(const std::vector<int64_t>& v) {
  std::string s = "(";
  for (size_t i = 0; i < v.size(); ++i) s += std::to_string(v[i]) + (v.size() == 1 || i + 1 < v.size() ? ", " : "");
  if (s.size() > 1 && s.back() == ' ') s.pop_back();
  return s + ")";
}

std::string num(double v) {
  std::ostringstream o;
  o.precision(17);
  o << v;
  return o.str();
}

// An expression applying activation `a` to `x`.
std::string activation_expr(const std::string& a, const std::string& x, double alpha = 0.01) {
  if (a == "relu") return "F.relu(" + x + ")";
  if (a == "leaky_relu") return "F.leaky_relu(" + x + ", " + num(alpha) + ")";
  if (a == "sigmoid") return "torch.sigmoid(" + x + ")";
  if (a == "tanh") return "torch.tanh(" + x + ")";
  if (a == "gelu") return "F.gelu(" + x + ")";
  return x;
}

// A Python identifier for a node id ("my layer" -> "my_layer"), unique.
std::string identifier(const std::string& id, std::set<std::string>& used) {
  std::string s;
  for (char c : id) s += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) s = "n_" + s;
  static const std::set<std::string> reserved{"x", "self", "torch", "nn", "F", "np", "os", "input", "type", "id"};
  if (reserved.count(s)) s += "_";
  std::string u = s;
  for (int k = 2; used.count(u); ++k) u = s + "_" + std::to_string(k);
  used.insert(u);
  return u;
}

// Modules and functions the generated code defines when its graph uses them.
const char* const kAttentionSource = R"PY(

class Attention(nn.Module):
    """Strata's MultiHeadAttention. Weights in Strata's layouts: query, key and
    value [heads * dim, features] (the rows of one head together), output
    [heads * value_dim, features] (input-major)."""

    def __init__(self, heads, key_dim, value_dim, query_features, kv_features, bias, causal, dropout):
        super().__init__()
        self.heads, self.key_dim, self.causal = heads, key_dim, causal
        self.query_weight = nn.Parameter(torch.zeros(heads * key_dim, query_features))
        self.key_weight = nn.Parameter(torch.zeros(heads * key_dim, kv_features))
        self.value_weight = nn.Parameter(torch.zeros(heads * value_dim, kv_features))
        self.output_weight = nn.Parameter(torch.zeros(heads * value_dim, query_features))
        if bias:
            self.query_bias = nn.Parameter(torch.zeros(heads * key_dim))
            self.key_bias = nn.Parameter(torch.zeros(heads * key_dim))
            self.value_bias = nn.Parameter(torch.zeros(heads * value_dim))
            self.output_bias = nn.Parameter(torch.zeros(query_features))
        else:
            self.query_bias = self.key_bias = self.value_bias = self.output_bias = None
        self.dropout = nn.Dropout(dropout)

    def forward(self, x, y, key_mask):
        b, tq, tk = x.shape[0], x.shape[1], y.shape[1]
        q = F.linear(x, self.query_weight, self.query_bias).reshape(b, tq, self.heads, -1).transpose(1, 2)
        k = F.linear(y, self.key_weight, self.key_bias).reshape(b, tk, self.heads, -1).transpose(1, 2)
        v = F.linear(y, self.value_weight, self.value_bias).reshape(b, tk, self.heads, -1).transpose(1, 2)
        scores = q @ k.transpose(-1, -2) / math.sqrt(self.key_dim)
        valid = torch.ones(tq, tk, dtype=torch.bool, device=x.device)
        if self.causal:
            valid = valid.tril()
        valid = valid.expand(b, 1, tq, tk)
        if key_mask is not None:
            valid = valid & key_mask[:, None, None, :]
        # Masked keys get no weight; a query with no key left gives zeros.
        p = torch.softmax(scores.masked_fill(~valid, float("-inf")), dim=-1).masked_fill(~valid, 0.0)
        out = (self.dropout(p) @ v).transpose(1, 2).reshape(b, tq, -1) @ self.output_weight
        return out if self.output_bias is None else out + self.output_bias
)PY";

// Needs kAttentionSource before it.
const char* const kEncoderBlockSource = R"PY(

class EncoderBlock(nn.Module):
    """Strata's TransformerEncoderBlock, post- or pre-norm, from the same parts."""

    def __init__(self, features, heads, key_dim, ff_dim, gelu, dropout, attention_dropout, pre_norm, causal, eps):
        super().__init__()
        self.attention = Attention(heads, key_dim, key_dim, features, features, True, causal, attention_dropout)
        self.norm1, self.norm2 = nn.LayerNorm(features, eps=eps), nn.LayerNorm(features, eps=eps)
        self.ff1, self.ff2 = nn.Linear(features, ff_dim), nn.Linear(ff_dim, features)
        self.dropout1, self.dropout_ff, self.dropout2 = nn.Dropout(dropout), nn.Dropout(dropout), nn.Dropout(dropout)
        self.gelu, self.pre_norm = gelu, pre_norm

    def feed_forward(self, h):
        hidden = self.ff1(h)
        hidden = F.gelu(hidden) if self.gelu else F.relu(hidden)
        return self.dropout2(self.ff2(self.dropout_ff(hidden)))

    def forward(self, x, mask):
        if self.pre_norm:
            n = self.norm1(x)
            h = x + self.dropout1(self.attention(n, n, mask))
            return h + self.feed_forward(self.norm2(h))
        h = self.norm1(x + self.dropout1(self.attention(x, x, mask)))
        return self.norm2(h + self.feed_forward(h))
)PY";

const char* const kPositionsSource = R"PY(

class Positions(nn.Module):
    """Strata's PositionalEmbedding: a learned [steps, features] weight, or the
    fixed sinusoids of "Attention is all you need"."""

    def __init__(self, steps, features, learned):
        super().__init__()
        if learned:
            self.weight = nn.Parameter(torch.zeros(steps, features))
        else:
            t = torch.arange(steps, dtype=torch.float64)[:, None]
            f = torch.arange(features)
            angle = t / torch.pow(10000.0, (f - f % 2).double() / features)
            table = torch.where(f % 2 == 1, torch.cos(angle), torch.sin(angle)).float()
            self.register_buffer("weight", table, persistent=False)

    def forward(self, x):
        return x + self.weight
)PY";

const char* const kSequencePoolSource = R"PY(

def masked_mean(x, mask):
    """The average over time of the real steps (mask: True where real)."""
    if mask is None:
        return x.mean(1)
    m = mask.unsqueeze(-1).to(x.dtype)
    return (x * m).sum(1) / m.sum(1).clamp(min=1)


def masked_max(x, mask):
    """The maximum over time of the real steps; 0 where a sample has none."""
    if mask is None:
        return x.amax(1)
    m = mask.unsqueeze(-1)
    top = x.masked_fill(~m, float("-inf")).amax(1)
    return torch.where(m.any(1), top, torch.zeros_like(top))
)PY";

const char* py_bool(bool v) { return v ? "True" : "False"; }

}  // namespace

std::string pytorch_module_source(const Graph& graph, const std::string& title, const Preprocessing* preprocessing) {
  const ModelReport r = analyze(graph);
  if (!r.ok()) {
    std::string all;
    for (const auto& e : r.errors) all += "\n  " + e;
    throw Error("the graph cannot be exported:" + all);
  }
  std::set<std::string> used;
  std::map<std::string, std::string> ident;
  for (const auto& id : r.order) ident[id] = identifier(id, used);
  std::ostringstream init, fwd, names, zeros;
  std::set<const char*> helpers;  // kAttentionSource, ... as the graph needs them
  for (const auto& id : r.order) {
    const Node& n = *graph.find(id);
    const LayerSpec& spec = *find_layer(n.type);
    if (spec.is_loss) continue;
    const NodeReport& rep = *r.node(id);
    const NodeParams p = resolve_params(spec, id, n.params);
    const std::string v = ident[id], self = "self." + v;
    // The padding mask (bool [batch, steps]) arriving with each input, or None.
    std::vector<std::string> mask;
    for (const auto& m : rep.input_masks) mask.push_back(m.empty() ? "None" : ident[m] + "_mask");
    std::vector<std::string> in;
    in.assign(rep.input_shapes.size(), "");
    for (const auto& l : graph.links())
      if (l.to == id) in[size_t(l.port)] = ident[l.from];
    const Shape& is = rep.input_shapes.empty() ? Shape{} : rep.input_shapes[0];
    std::string expr;
    const std::string t = n.type;
    if (t == "Input") {
      expr = "x.reshape(x.shape[0], *INPUT_SHAPE)";
    } else if (t == "Dense") {
      init << "        " << self << " = nn.Linear(" << is.back() << ", " << p.integer("units") << ", bias="
           << (p.flag("use_bias") ? "True" : "False") << ")\n";
      expr = activation_expr(p.text("activation"), self + "(" + in[0] + ")");
    } else if (t == "Conv2D") {
      const ConvParams cp = conv2d_op_params(p, is);
      init << "        " << self << " = nn.Conv2d(" << cp.cin << ", " << cp.cout << ", " << tuple({cp.kh, cp.kw})
           << ", stride=" << tuple({cp.sh, cp.sw}) << ", padding=" << tuple({cp.ph, cp.pw})
           << ", dilation=" << tuple({cp.dh, cp.dw}) << ", bias=" << (p.flag("use_bias") ? "True" : "False") << ")\n";
      expr = activation_expr(p.text("activation"), self + "(" + in[0] + ")");
    } else if (t == "MaxPool2D" || t == "AvgPool2D") {
      const PoolParams q = pool2d_op_params(p, is, t == "MaxPool2D", false);
      init << "        " << self << " = nn." << (t == "MaxPool2D" ? "MaxPool2d(" : "AvgPool2d(") << tuple({q.kh, q.kw})
           << ", stride=" << tuple({q.sh, q.sw}) << ", padding=" << tuple({q.ph, q.pw})
           << (t == "AvgPool2D" ? ", count_include_pad=False" : "") << ")\n";
      expr = self + "(" + in[0] + ")";
    } else if (t == "GlobalAveragePooling2D") {
      expr = in[0] + ".mean(dim=(2, 3))";
    } else if (t == "Flatten") {
      expr = in[0] + ".flatten(1)";
    } else if (t == "Reshape") {
      expr = in[0] + ".reshape(" + in[0] + ".shape[0], *" + tuple(rep.shape.output) + ")";
    } else if (t == "Dropout") {
      init << "        " << self << " = nn.Dropout(" << num(p.number("rate")) << ")\n";
      expr = self + "(" + in[0] + ")";
    } else if (t == "BatchNormalization") {
      const int64_t c = is.size() == 3 ? is[0] : is.back();
      init << "        " << self << " = nn.BatchNorm" << (is.size() == 3 ? "2d(" : "1d(") << c << ", eps=" << num(p.number("epsilon"))
           << ", momentum=" << num(p.number("momentum")) << ")\n";
      expr = is.size() == 2 ? self + "(" + in[0] + ".transpose(1, 2)).transpose(1, 2)" : self + "(" + in[0] + ")";
    } else if (t == "LayerNormalization") {
      init << "        " << self << " = nn.LayerNorm(" << is.back() << ", eps=" << num(p.number("epsilon")) << ")\n";
      expr = self + "(" + in[0] + ")";
    } else if (t == "Activation") {
      expr = activation_expr(p.text("activation"), in[0], p.number("alpha"));
    } else if (t == "Softmax") {
      expr = "torch.softmax(" + in[0] + ", dim=-1)";
    } else if (t == "Embedding") {
      init << "        " << self << " = nn.Embedding(" << p.integer("vocab_size") << ", " << p.integer("dim")
           << (p.integer("padding_index") >= 0 ? ", padding_idx=" + std::to_string(p.integer("padding_index")) : "") << ")\n";
      expr = self + "(" + in[0] + ".long())";
      if (p.flag("mask_zero")) fwd << "        " << v << "_mask = " << in[0] << " != 0\n";
    } else if (t == "MultiHeadAttention") {
      helpers.insert(kAttentionSource);
      const Shape& ks = rep.input_shapes.back();
      const int64_t dk = p.integer("key_dim"), dv = p.integer("value_dim") > 0 ? p.integer("value_dim") : dk;
      init << "        " << self << " = Attention(" << p.integer("heads") << ", " << dk << ", " << dv << ", " << is[1]
           << ", " << ks[1] << ", " << py_bool(p.flag("use_bias")) << ", " << py_bool(p.flag("causal")) << ", "
           << num(p.number("dropout")) << ")\n";
      expr = self + "(" + in[0] + ", " + in.back() + ", " + mask.back() + ")";
    } else if (t == "TransformerEncoderBlock") {
      helpers.insert(kAttentionSource), helpers.insert(kEncoderBlockSource);
      const int64_t heads = p.integer("heads"), key_dim = p.integer("key_dim") > 0 ? p.integer("key_dim") : is[1] / heads;
      init << "        " << self << " = EncoderBlock(" << is[1] << ", " << heads << ", " << key_dim << ", "
           << p.integer("intermediate_dim") << ", " << py_bool(p.text("activation") == "gelu") << ", " << num(p.number("dropout"))
           << ", " << num(p.number("attention_dropout")) << ", " << py_bool(p.text("norm") == "pre") << ", "
           << py_bool(p.flag("causal")) << ", " << num(p.number("epsilon")) << ")\n";
      // Its weights are "<node>.<part>.<role>": named for a node id that had to change.
      for (const char* role : {"attention.query_weight", "attention.query_bias", "attention.key_weight",
                               "attention.key_bias", "attention.value_weight", "attention.value_bias",
                               "attention.output_weight", "attention.output_bias", "norm1.weight", "norm1.bias",
                               "ff1.weight", "ff1.bias", "ff2.weight", "ff2.bias", "norm2.weight", "norm2.bias"})
        if (v != id) names << "    \"" << id << "." << role << "\": \"" << v << "." << role << "\",\n";
      expr = self + "(" + in[0] + ", " + mask[0] + ")";
    } else if (t == "PositionalEmbedding") {
      helpers.insert(kPositionsSource);
      init << "        " << self << " = Positions(" << is[0] << ", " << is[1] << ", "
           << py_bool(p.text("mode") == "learned") << ")\n";
      expr = self + "(" + in[0] + ")";
    } else if (t == "GlobalAveragePooling1D" || t == "GlobalMaxPooling1D") {
      helpers.insert(kSequencePoolSource);
      expr = std::string(t == "GlobalMaxPooling1D" ? "masked_max(" : "masked_mean(") + in[0] + ", " + mask[0] + ")";
    } else if (t == "LSTM" || t == "GRU" || t == "SimpleRNN") {
      const std::string cls = t == "LSTM" ? "LSTM" : t == "GRU" ? "GRU" : "RNN";
      init << "        " << self << " = nn." << cls << "(" << is[1] << ", " << p.integer("units") << ", batch_first=True"
           << (t == "SimpleRNN" ? ", nonlinearity=\"" + p.text("activation") + "\"" : "") << ")\n";
      for (const char* role : {"weight_ih", "weight_hh", "bias_ih", "bias_hh"})
        names << "    \"" << id << "." << role << "\": \"" << v << "." << role << "_l0\",\n";
      if (t != "GRU") zeros << "    \"" << v << ".bias_hh_l0\",\n";  // Strata's one bias is PyTorch's b_ih; b_hh stays zero
      const std::string call = self + "(" + in[0] + ")";
      if (p.flag("return_sequences")) expr = call + "[0]";
      else expr = t == "LSTM" ? call + "[1][0][0]" : call + "[1][0]";
    } else if (t == "Add" || t == "Multiply") {
      expr = in[0];
      for (size_t k = 1; k < in.size(); ++k) expr += (t == "Add" ? " + " : " * ") + in[k];
    } else if (t == "Concatenate") {
      int64_t axis = p.integer("axis");
      if (axis < 0) axis += int64_t(is.size());
      expr = "torch.cat([";
      for (size_t k = 0; k < in.size(); ++k) expr += (k ? ", " : "") + in[k];
      expr += "], dim=" + std::to_string(axis + 1) + ")";
    } else {
      throw Error("node '" + id + "': " + t + " has no PyTorch equivalent yet");
    }
    fwd << "        " << v << " = " << expr << "\n";
    if (id == r.output) fwd << "        return " << v << "\n";
  }
  std::ostringstream py;
  py << "\"\"\"" << (title.empty() ? std::string("Strata model") : title) << " -- exported by Strata.\n\n"
     << "Model() mirrors the graph up to the layer that feeds the loss, so it returns\n"
     << "logits where Strata trains on logits. load() returns it in eval mode with the\n"
     << "trained weights from weights.npz next to this file. Inputs are batches of\n"
     << "INPUT_SHAPE (any layout with that many values per sample is reshaped) after\n"
     << "the run's preprocessing: model(preprocess(raw)) gives what `strata predict`\n"
     << "computes from the same raw samples (as logits).\n\"\"\"\n"
     << "import math\nimport os\n\nimport numpy as np\nimport torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n"
     << "INPUT_SHAPE = " << tuple(r.node(r.input)->shape.output) << "\n";
  for (const char* h : {kAttentionSource, kEncoderBlockSource, kPositionsSource, kSequencePoolSource})
    if (helpers.count(h)) py << h;
  py << "\n\n"
     << "class Model(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
     << init.str() << "\n    def forward(self, x):\n" << fwd.str() << "\n\n"
     << "# Strata's tensor names that differ from this module's state_dict keys.\n_NAMES = {\n" << names.str()
     << "}\n# Parameters Strata does not have (kept at zero).\n_ZEROS = [\n" << zeros.str() << "]\n\n\n"
     << "def load(weights=os.path.join(os.path.dirname(os.path.abspath(__file__)), \"weights.npz\")):\n"
     << "    model = Model()\n    state = model.state_dict()\n"
     << "    for key in _ZEROS:\n        state[key] = torch.zeros_like(state[key])\n"
     << "    with np.load(weights) as npz:\n        for name in npz.files:\n"
     << "            layer, role = name.rsplit(\".\", 1)\n"
     << "            key = _NAMES.get(name, _IDENT.get(layer, layer) + \".\" + role)\n"
     << "            state[key] = torch.from_numpy(npz[name].copy()).reshape(state[key].shape)\n"
     << "    model.load_state_dict(state)\n    model.eval()\n    return model\n";
  // Node ids that had to change to be Python identifiers.
  std::ostringstream idents;
  for (const auto& [id, v] : ident)
    if (id != v) idents << "    \"" << id << "\": \"" << v << "\",\n";
  std::string src = py.str();
  const std::string marker = "\n\n\ndef load(";
  src.insert(src.find(marker), "\n_IDENT = {\n" + idents.str() + "}");
  return src + pytorch_preprocess_source(preprocessing);
}

void export_pytorch(const Graph& graph, const WeightMap& weights, const std::string& dir, const std::string& title,
                    const Preprocessing* preprocessing, bool force) {
  write_export_folder(dir, {{"model.py", pytorch_module_source(graph, title, preprocessing)}, {"weights.npz", npz_bytes(weights)}},
                      force);
}

}  // namespace strata
