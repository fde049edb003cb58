#include "export/onnx_export.h"

#include <onnx/checker.h>
#include <onnx/onnx_pb.h>
#include <onnx/shape_inference/implementation.h>

#include <cmath>
#include <cstring>
#include <set>

#include "core/error.h"
#include "export/export_destination.h"
#include "graph/analysis.h"
#include "graph/project.h"
#include "layers/op_params.h"
#include "layers/registry.h"
#include "ops/sequence.h"

namespace strata {
namespace {

// Builds the GraphProto node by node. Tensor names: "input", "output", node
// ids for the other layers' outputs, "<id>/<step>" for a layer's inner steps.
class OnnxBuilder {
 public:
  OnnxBuilder(onnx::GraphProto& g, const WeightMap& w) : g_(g), w_(w) {}

  std::string fresh(const std::string& base) {
    std::string name = base;
    for (int k = 2; used_.count(name); ++k) name = base + "_" + std::to_string(k);
    used_.insert(name);
    return name;
  }
  void reserve(const std::string& name) { used_.insert(name); }

  onnx::NodeProto& op(const std::string& type, const std::vector<std::string>& in, const std::vector<std::string>& out,
                      const std::string& layer) {
    onnx::NodeProto& n = *g_.add_node();
    n.set_op_type(type);
    n.set_name(fresh(layer + "/" + type));
    for (const auto& i : in) n.add_input(i);
    for (const auto& o : out) n.add_output(o);
    return n;
  }

  // A float initializer; named `name` exactly (the caller keeps names unique).
  std::string initializer(const std::string& name, const Shape& shape, const std::vector<float>& values) {
    onnx::TensorProto& t = *g_.add_initializer();
    t.set_name(name);
    t.set_data_type(onnx::TensorProto::FLOAT);
    for (int64_t d : shape) t.add_dims(d);
    t.set_raw_data(std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float)));
    used_.insert(name);
    return name;
  }

  std::string int64s(const std::string& base, const std::vector<int64_t>& values) {
    onnx::TensorProto& t = *g_.add_initializer();
    t.set_name(fresh(base));
    t.set_data_type(onnx::TensorProto::INT64);
    t.add_dims(int64_t(values.size()));
    for (int64_t v : values) t.add_int64_data(v);
    return t.name();
  }

  // A scalar constant shared by every use (the GELU's sqrt(2), 0.5, 1).
  std::string scalar(const std::string& name, float v) {
    if (!scalars_.count(name)) scalars_[name] = initializer(fresh(name), {}, {v});
    return scalars_[name];
  }

  // The trained tensor "<layer>.<role>", which must have `shape`.
  const NamedArray& weight(const std::string& layer, const std::string& role, const Shape& shape) const {
    const std::string name = layer + "." + role;
    const auto it = w_.find(name);
    if (it == w_.end()) throw Error("node '" + layer + "': the run has no trained tensor " + name);
    if (it->second.shape != shape)
      throw Error("node '" + layer + "': " + name + " has shape " + to_string(it->second.shape) + ", the graph needs " +
                  to_string(shape));
    return it->second;
  }
  std::string weight_input(const std::string& layer, const std::string& role, const Shape& shape) {
    const NamedArray& a = weight(layer, role, shape);
    return initializer(layer + "." + role, shape, a.values);
  }

 private:
  onnx::GraphProto& g_;
  const WeightMap& w_;
  std::set<std::string> used_;
  std::map<std::string, std::string> scalars_;
};

void attr(onnx::NodeProto& n, const std::string& name, int64_t v) {
  auto& a = *n.add_attribute();
  a.set_name(name), a.set_type(onnx::AttributeProto::INT), a.set_i(v);
}
void attr(onnx::NodeProto& n, const std::string& name, float v) {
  auto& a = *n.add_attribute();
  a.set_name(name), a.set_type(onnx::AttributeProto::FLOAT), a.set_f(v);
}
void attr(onnx::NodeProto& n, const std::string& name, const std::vector<int64_t>& v) {
  auto& a = *n.add_attribute();
  a.set_name(name), a.set_type(onnx::AttributeProto::INTS);
  for (int64_t x : v) a.add_ints(x);
}
void attr(onnx::NodeProto& n, const std::string& name, const std::vector<std::string>& v) {
  auto& a = *n.add_attribute();
  a.set_name(name), a.set_type(onnx::AttributeProto::STRINGS);
  for (const auto& x : v) a.add_strings(x);
}

void set_type(onnx::ValueInfoProto& v, const std::string& name, const Shape& per_sample) {
  v.set_name(name);
  auto& t = *v.mutable_type()->mutable_tensor_type();
  t.set_elem_type(onnx::TensorProto::FLOAT);
  auto& s = *t.mutable_shape();
  s.add_dim()->set_dim_param("batch");
  for (int64_t d : per_sample) s.add_dim()->set_dim_value(d);
}

// Everything one layer needs to emit its ONNX nodes.
struct Step {
  OnnxBuilder& b;
  const std::string& id;
  const NodeParams& p;
  const NodeReport& rep;
  const std::vector<std::string>& in;  // input tensors by port
  std::string out;                     // the tensor the layer must produce
  // Padding masks (ops/sequence.h) as float [batch, steps] tensors: the one
  // arriving with each input ("" none), and the one this layer makes.
  std::vector<std::string> masks = {};
  std::string made_mask = {};
  // Before each weight's role: a part of a layer made of layers
  // (TransformerEncoderBlock's "attention.", "ff1.", ...).
  std::string prefix = {};
  std::string weight(const std::string& role, const Shape& shape) const { return b.weight_input(id, prefix + role, shape); }
};

// act(x) into `out`; Identity when there is no activation.
void activation(Step& s, const std::string& name, const std::string& x, const std::string& out, double alpha) {
  OnnxBuilder& b = s.b;
  if (name == "linear") b.op("Identity", {x}, {out}, s.id);
  else if (name == "relu") b.op("Relu", {x}, {out}, s.id);
  else if (name == "sigmoid") b.op("Sigmoid", {x}, {out}, s.id);
  else if (name == "tanh") b.op("Tanh", {x}, {out}, s.id);
  else if (name == "leaky_relu") attr(b.op("LeakyRelu", {x}, {out}, s.id), "alpha", float(alpha));
  else if (name == "gelu") {  // exact GELU, 0.5 x (1 + erf(x / sqrt 2)), as Strata computes it (Gelu is opset 20)
    const std::string d = b.fresh(s.id + "/gelu_scaled"), e = b.fresh(s.id + "/gelu_erf"), a = b.fresh(s.id + "/gelu_one_plus"),
                      m = b.fresh(s.id + "/gelu_product");
    b.op("Div", {x, b.scalar("sqrt_2", float(std::sqrt(2.0)))}, {d}, s.id);
    b.op("Erf", {d}, {e}, s.id);
    b.op("Add", {e, b.scalar("one", 1.f)}, {a}, s.id);
    b.op("Mul", {x, a}, {m}, s.id);
    b.op("Mul", {m, b.scalar("half", 0.5f)}, {out}, s.id);
  } else {
    throw Error("node '" + s.id + "': activation '" + name + "' has no ONNX form");
  }
}

// A layer's linear part into a fresh tensor, then its fused activation into s.out.
std::string pre_activation(Step& s) {
  return s.p.text("activation") == "linear" ? s.out : s.b.fresh(s.id + "/linear");
}
void finish_activation(Step& s, const std::string& z) {
  if (z != s.out) activation(s, s.p.text("activation"), z, s.out, 0.01);
}

void dense(Step& s) {
  OnnxBuilder& b = s.b;
  const Shape& is = s.rep.input_shapes[0];
  const int64_t units = s.p.integer("units"), in = is.back();
  const bool bias = s.p.flag("use_bias");
  const std::string w = s.weight("weight", {units, in}), z = pre_activation(s);
  if (is.size() == 1) {  // [batch, in]: one Gemm
    std::vector<std::string> args{s.in[0], w};
    if (bias) args.push_back(s.weight("bias", {units}));
    attr(b.op("Gemm", args, {z}, s.id), "transB", int64_t(1));
  } else {  // over the last axis of [batch, ..., in]
    const std::string wt = b.fresh(s.id + "/weight_t"), mm = bias ? b.fresh(s.id + "/matmul") : z;
    attr(b.op("Transpose", {w}, {wt}, s.id), "perm", std::vector<int64_t>{1, 0});
    b.op("MatMul", {s.in[0], wt}, {mm}, s.id);
    if (bias) b.op("Add", {mm, s.weight("bias", {units})}, {z}, s.id);
  }
  finish_activation(s, z);
}

void conv2d(Step& s) {
  OnnxBuilder& b = s.b;
  const ConvParams c = conv2d_op_params(s.p, s.rep.input_shapes[0]);
  std::vector<std::string> args{s.in[0], b.weight_input(s.id, "weight", {c.cout, c.cin, c.kh, c.kw})};
  if (s.p.flag("use_bias")) args.push_back(b.weight_input(s.id, "bias", {c.cout}));
  const std::string z = pre_activation(s);
  onnx::NodeProto& n = b.op("Conv", args, {z}, s.id);
  attr(n, "kernel_shape", std::vector<int64_t>{c.kh, c.kw});
  attr(n, "strides", std::vector<int64_t>{c.sh, c.sw});
  attr(n, "dilations", std::vector<int64_t>{c.dh, c.dw});
  attr(n, "pads", std::vector<int64_t>{c.ph, c.pw, c.ph, c.pw});
  finish_activation(s, z);
}

void pool(Step& s, bool max) {
  const PoolParams q = pool2d_op_params(s.p, s.rep.input_shapes[0], max, false);
  onnx::NodeProto& n = s.b.op(max ? "MaxPool" : "AveragePool", {s.in[0]}, {s.out}, s.id);
  attr(n, "kernel_shape", std::vector<int64_t>{q.kh, q.kw});
  attr(n, "strides", std::vector<int64_t>{q.sh, q.sw});
  attr(n, "pads", std::vector<int64_t>{q.ph, q.pw, q.ph, q.pw});
  if (!max) attr(n, "count_include_pad", int64_t(0));  // Strata averages over the window inside the image
}

void batch_norm(Step& s) {
  OnnxBuilder& b = s.b;
  const Shape& is = s.rep.input_shapes[0];
  const int64_t c = is.size() == 3 ? is[0] : is.back();  // channels of [C,H,W], features otherwise
  std::vector<std::string> args{"", b.weight_input(s.id, "weight", {c}), b.weight_input(s.id, "bias", {c}),
                                b.weight_input(s.id, "running_mean", {c}), b.weight_input(s.id, "running_var", {c})};
  const float eps = float(s.p.number("epsilon"));
  if (is.size() == 2) {  // [batch, T, F] normalises F: ONNX wants the channels on axis 1
    const std::string t = b.fresh(s.id + "/channels_first"), n = b.fresh(s.id + "/normalized");
    attr(b.op("Transpose", {s.in[0]}, {t}, s.id), "perm", std::vector<int64_t>{0, 2, 1});
    args[0] = t;
    attr(b.op("BatchNormalization", args, {n}, s.id), "epsilon", eps);
    attr(b.op("Transpose", {n}, {s.out}, s.id), "perm", std::vector<int64_t>{0, 2, 1});
  } else {
    args[0] = s.in[0];
    attr(b.op("BatchNormalization", args, {s.out}, s.id), "epsilon", eps);
  }
}

// ONNX's recurrent weights: gate blocks of `h` rows taken from Strata's order.
std::vector<float> reorder_gates(const std::vector<float>& v, const std::vector<int>& blocks) {
  const size_t block = v.size() / blocks.size();
  std::vector<float> out;
  out.reserve(v.size());
  for (int k : blocks) out.insert(out.end(), v.begin() + long(k * block), v.begin() + long((k + 1) * block));
  return out;
}

void recurrent(Step& s, const std::string& type) {
  OnnxBuilder& b = s.b;
  const Shape& is = s.rep.input_shapes[0];  // [T, F]
  const int64_t h = s.p.integer("units"), f = is[1];
  const bool lstm = type == "LSTM", gru = type == "GRU";
  const int64_t g = (lstm ? 4 : gru ? 3 : 1) * h;
  // ONNX gate order from Strata's: LSTM i,o,f,c <- i,f,g,o; GRU z,r,h <- r,z,n.
  const std::vector<int> order = lstm ? std::vector<int>{0, 3, 1, 2} : gru ? std::vector<int>{1, 0, 2} : std::vector<int>{0};
  const NamedArray& wih = b.weight(s.id, "weight_ih", {g, f});
  const NamedArray& whh = b.weight(s.id, "weight_hh", {g, h});
  const NamedArray& bih = b.weight(s.id, "bias_ih", {g});
  std::vector<float> bias = reorder_gates(bih.values, order);
  if (gru) {
    const auto bhh = reorder_gates(b.weight(s.id, "bias_hh", {g}).values, order);
    bias.insert(bias.end(), bhh.begin(), bhh.end());
  } else {
    bias.resize(size_t(2 * g), 0.f);  // Strata has one bias: ONNX's recurrent bias stays zero
  }
  const std::string W = b.initializer(b.fresh(s.id + ".W"), {1, g, f}, reorder_gates(wih.values, order));
  const std::string R = b.initializer(b.fresh(s.id + ".R"), {1, g, h}, reorder_gates(whh.values, order));
  const std::string B = b.initializer(b.fresh(s.id + ".B"), {1, 2 * g}, bias);

  const std::string x = b.fresh(s.id + "/time_major");  // ONNX runtimes want [T, batch, F] (layout 0)
  attr(b.op("Transpose", {s.in[0]}, {x}, s.id), "perm", std::vector<int64_t>{1, 0, 2});
  const bool sequences = s.p.flag("return_sequences");
  const std::string y = b.fresh(s.id + (sequences ? "/Y" : "/Y_h"));
  onnx::NodeProto& n =
      b.op(lstm ? "LSTM" : gru ? "GRU" : "RNN", {x, W, R, B}, sequences ? std::vector<std::string>{y} : std::vector<std::string>{"", y}, s.id);
  attr(n, "hidden_size", h);
  if (gru) attr(n, "linear_before_reset", int64_t(1));  // r * (W_hn h + b_hn), as Strata and PyTorch
  if (type == "SimpleRNN") attr(n, "activations", std::vector<std::string>{s.p.text("activation") == "relu" ? "Relu" : "Tanh"});
  if (sequences) {  // Y [T, 1, batch, h] -> [batch, T, h]
    const std::string sq = b.fresh(s.id + "/Y_squeezed");
    b.op("Squeeze", {y, b.int64s(s.id + "/axes", {1})}, {sq}, s.id);
    attr(b.op("Transpose", {sq}, {s.out}, s.id), "perm", std::vector<int64_t>{1, 0, 2});
  } else {  // Y_h [1, batch, h] -> [batch, h]
    b.op("Squeeze", {y, b.int64s(s.id + "/axes", {0})}, {s.out}, s.id);
  }
}

// x W^T (+ b) per head, [batch, T, heads * dim] -> [batch, heads, T, dim]
// (perm {0, 2, 3, 1}: [batch, heads, dim, T], keys ready for Q K^T).
std::string attention_projection(Step& s, const std::string& x, const std::string& role, int64_t steps,
                                 int64_t features, int64_t heads, int64_t dim, const std::vector<int64_t>& perm) {
  OnnxBuilder& b = s.b;
  const std::string w = s.weight(role + "_weight", {heads * dim, features});
  const std::string wt = b.fresh(s.id + "/" + role + "_weight_t"), mm = b.fresh(s.id + "/" + role);
  attr(b.op("Transpose", {w}, {wt}, s.id), "perm", std::vector<int64_t>{1, 0});
  b.op("MatMul", {x, wt}, {mm}, s.id);
  std::string flat = mm;
  if (s.p.flag("use_bias")) {
    flat = b.fresh(s.id + "/" + role + "_biased");
    b.op("Add", {mm, s.weight(role + "_bias", {heads * dim})}, {flat}, s.id);
  }
  const std::string split = b.fresh(s.id + "/" + role + "_heads"), out = b.fresh(s.id + "/" + role + "_by_head");
  b.op("Reshape", {flat, b.int64s(s.id + "/" + role + "_shape", {0, steps, heads, dim})}, {split}, s.id);
  attr(b.op("Transpose", {split}, {out}, s.id), "perm", perm);
  return out;
}

// MultiHeadAttention decomposed into MatMul and Softmax: masked keys (and, if
// causal, later keys) get -1e9 before the softmax and exactly 0 after it (a
// query with no key left gives zeros, as in Strata).
void attention(Step& s) {
  OnnxBuilder& b = s.b;
  const int64_t heads = s.p.integer("heads"), dk = s.p.integer("key_dim");
  const int64_t dv = s.p.integer("value_dim") > 0 ? s.p.integer("value_dim") : dk;
  const Shape &qs = s.rep.input_shapes[0], &ks = s.rep.input_shapes.back();
  const int64_t tq = qs[0], dq = qs[1], tk = ks[0], dkv = ks[1];
  const std::string& y = s.in.back();
  const std::string q = attention_projection(s, s.in[0], "query", tq, dq, heads, dk, {0, 2, 1, 3});
  const std::string kt = attention_projection(s, y, "key", tk, dkv, heads, dk, {0, 2, 3, 1});
  const std::string v = attention_projection(s, y, "value", tk, dkv, heads, dv, {0, 2, 1, 3});
  const std::string raw = b.fresh(s.id + "/scores_raw"), scores = b.fresh(s.id + "/scores");
  b.op("MatMul", {q, kt}, {raw}, s.id);
  b.op("Mul", {raw, b.initializer(b.fresh(s.id + "/scale"), {}, {float(1.0 / std::sqrt(double(dk)))})}, {scores}, s.id);
  // valid: [batch, 1, 1, Tk] from the key mask times [Tq, Tk] from the causal rule.
  std::string valid;
  if (!s.masks.back().empty()) {
    valid = b.fresh(s.id + "/key_valid");
    b.op("Unsqueeze", {s.masks.back(), b.int64s(s.id + "/key_axes", {1, 2})}, {valid}, s.id);
  }
  if (s.p.flag("causal")) {
    std::vector<float> tril(size_t(tq * tk));
    for (int64_t i = 0; i < tq; ++i)
      for (int64_t j = 0; j < tk; ++j) tril[size_t(i * tk + j)] = j <= i ? 1.f : 0.f;
    const std::string c = b.initializer(b.fresh(s.id + "/causal"), {tq, tk}, tril);
    if (valid.empty()) valid = c;
    else {
      const std::string both = b.fresh(s.id + "/valid");
      b.op("Mul", {valid, c}, {both}, s.id);
      valid = both;
    }
  }
  std::string probs = b.fresh(s.id + "/weights");
  if (valid.empty()) {
    attr(b.op("Softmax", {scores}, {probs}, s.id), "axis", int64_t(-1));
  } else {
    const std::string off = b.fresh(s.id + "/invalid"), penalty = b.fresh(s.id + "/penalty"),
                      masked = b.fresh(s.id + "/scores_masked"), soft = b.fresh(s.id + "/softmax");
    b.op("Sub", {valid, b.scalar("one", 1.f)}, {off}, s.id);
    b.op("Mul", {off, b.scalar("mask_penalty", 1e9f)}, {penalty}, s.id);
    b.op("Add", {scores, penalty}, {masked}, s.id);
    attr(b.op("Softmax", {masked}, {soft}, s.id), "axis", int64_t(-1));
    b.op("Mul", {soft, valid}, {probs}, s.id);
  }
  const std::string a = b.fresh(s.id + "/attended"), at = b.fresh(s.id + "/attended_t"),
                    joined = b.fresh(s.id + "/heads_joined");
  b.op("MatMul", {probs, v}, {a}, s.id);
  attr(b.op("Transpose", {a}, {at}, s.id), "perm", std::vector<int64_t>{0, 2, 1, 3});
  b.op("Reshape", {at, b.int64s(s.id + "/joined_shape", {0, tq, heads * dv})}, {joined}, s.id);
  const std::string wo = s.weight("output_weight", {heads * dv, dq});  // already input-major
  if (!s.p.flag("use_bias")) {
    b.op("MatMul", {joined, wo}, {s.out}, s.id);
    return;
  }
  const std::string mm = b.fresh(s.id + "/output_matmul");
  b.op("MatMul", {joined, wo}, {mm}, s.id);
  b.op("Add", {mm, s.weight("output_bias", {dq})}, {s.out}, s.id);
}

// GlobalAverage/MaxPooling1D over [batch, T, F], skipping padded steps.
void sequence_pool(Step& s, bool max) {
  OnnxBuilder& b = s.b;
  const std::string& x = s.in[0];
  if (s.masks[0].empty()) {
    onnx::NodeProto& n = b.op(max ? "ReduceMax" : "ReduceMean", {x}, {s.out}, s.id);
    attr(n, "axes", std::vector<int64_t>{1});
    attr(n, "keepdims", int64_t(0));
    return;
  }
  const std::string m = b.fresh(s.id + "/mask"), axis = b.int64s(s.id + "/time_axis", {1});
  b.op("Unsqueeze", {s.masks[0], b.int64s(s.id + "/feature_axis", {2})}, {m}, s.id);  // [batch, T, 1]
  if (max) {  // padded steps pushed to -1e30; a sample with no real step gives 0
    const std::string off = b.fresh(s.id + "/padded"), push = b.fresh(s.id + "/push"), shifted = b.fresh(s.id + "/shifted"),
                      top = b.fresh(s.id + "/top"), any = b.fresh(s.id + "/any");
    b.op("Sub", {m, b.scalar("one", 1.f)}, {off}, s.id);
    b.op("Mul", {off, b.scalar("pool_penalty", 1e30f)}, {push}, s.id);
    b.op("Add", {x, push}, {shifted}, s.id);
    onnx::NodeProto& r = b.op("ReduceMax", {shifted}, {top}, s.id);
    attr(r, "axes", std::vector<int64_t>{1});
    attr(r, "keepdims", int64_t(0));
    onnx::NodeProto& a = b.op("ReduceMax", {m}, {any}, s.id);
    attr(a, "axes", std::vector<int64_t>{1});
    attr(a, "keepdims", int64_t(0));
    b.op("Mul", {top, any}, {s.out}, s.id);
    return;
  }
  const std::string kept = b.fresh(s.id + "/kept"), sum = b.fresh(s.id + "/sum"), count = b.fresh(s.id + "/count"),
                    at_least_one = b.fresh(s.id + "/count_at_least_one");
  b.op("Mul", {x, m}, {kept}, s.id);
  attr(b.op("ReduceSum", {kept, axis}, {sum}, s.id), "keepdims", int64_t(0));
  attr(b.op("ReduceSum", {m, axis}, {count}, s.id), "keepdims", int64_t(0));
  b.op("Max", {count, b.scalar("one", 1.f)}, {at_least_one}, s.id);
  b.op("Div", {sum, at_least_one}, {s.out}, s.id);
}

// TransformerEncoderBlock as its parts (layers/transformer_layers.cpp): each
// part emitted as its own layer would be, its weights under the part's
// prefix; dropout is the identity at inference.
void emit(Step& s, const std::string& type);
void encoder_block(Step& s) {
  OnnxBuilder& b = s.b;
  const Shape shape = s.rep.input_shapes[0];
  const int64_t d = shape[1], heads = s.p.integer("heads"), ff = s.p.integer("intermediate_dim");
  const int64_t key_dim = s.p.integer("key_dim") > 0 ? s.p.integer("key_dim") : d / heads;
  auto part = [&](const std::string& name, const char* type, const nlohmann::json& values, const std::string& in,
                  const Shape& in_shape, const Shape& out_shape, const std::string& out) {
    const NodeParams np = resolve_params(*find_layer(type), s.id, values);
    NodeReport rep = s.rep;
    rep.input_shapes = {in_shape}, rep.shape.output = out_shape;
    const std::vector<std::string> ins{in};
    Step t{b, s.id, np, rep, ins, out, s.masks, {}, name + "."};
    emit(t, type);
  };
  auto fresh = [&](const std::string& what) { return b.fresh(s.id + "/" + what); };
  const nlohmann::json norm{{"epsilon", s.p.number("epsilon")}};
  const nlohmann::json attention{{"heads", heads}, {"key_dim", key_dim}, {"causal", s.p.flag("causal")}};
  const Shape wide{shape[0], ff};
  auto feed_forward = [&](const std::string& in, const std::string& out) {
    const std::string hidden = fresh("ff_hidden");
    part("ff1", "Dense", {{"units", ff}, {"activation", s.p.text("activation")}}, in, shape, wide, hidden);
    part("ff2", "Dense", {{"units", d}}, hidden, wide, shape, out);
  };
  const std::string x = s.in[0], a = fresh("attention"), h = fresh("residual1"), f = fresh("feed_forward");
  if (s.p.text("norm") == "pre") {
    const std::string n1 = fresh("norm1"), n2 = fresh("norm2");
    part("norm1", "LayerNormalization", norm, x, shape, shape, n1);
    part("attention", "MultiHeadAttention", attention, n1, shape, shape, a);
    b.op("Add", {x, a}, {h}, s.id);
    part("norm2", "LayerNormalization", norm, h, shape, shape, n2);
    feed_forward(n2, f);
    b.op("Add", {h, f}, {s.out}, s.id);
  } else {
    const std::string s1 = fresh("sum1"), s2 = fresh("sum2");
    part("attention", "MultiHeadAttention", attention, x, shape, shape, a);
    b.op("Add", {x, a}, {s1}, s.id);
    part("norm1", "LayerNormalization", norm, s1, shape, shape, h);
    feed_forward(h, f);
    b.op("Add", {h, f}, {s2}, s.id);
    part("norm2", "LayerNormalization", norm, s2, shape, shape, s.out);
  }
}

void emit(Step& s, const std::string& type) {
  OnnxBuilder& b = s.b;
  if (type == "Dense") dense(s);
  else if (type == "Conv2D") conv2d(s);
  else if (type == "MaxPool2D" || type == "AvgPool2D") pool(s, type == "MaxPool2D");
  else if (type == "GlobalAveragePooling2D") {
    const std::string g = b.fresh(s.id + "/pooled");
    b.op("GlobalAveragePool", {s.in[0]}, {g}, s.id);
    attr(b.op("Flatten", {g}, {s.out}, s.id), "axis", int64_t(1));
  } else if (type == "Flatten") {
    attr(b.op("Flatten", {s.in[0]}, {s.out}, s.id), "axis", int64_t(1));
  } else if (type == "Reshape") {
    std::vector<int64_t> shape{0};  // 0 keeps the batch
    for (int64_t d : s.rep.shape.output) shape.push_back(d);
    b.op("Reshape", {s.in[0], b.int64s(s.id + "/shape", shape)}, {s.out}, s.id);
  } else if (type == "Dropout") {
    b.op("Identity", {s.in[0]}, {s.out}, s.id);  // only when it is the model's last layer
  } else if (type == "BatchNormalization") {
    batch_norm(s);
  } else if (type == "LayerNormalization") {
    const int64_t d = s.rep.input_shapes[0].back();
    onnx::NodeProto& n = b.op("LayerNormalization",
                              {s.in[0], s.weight("weight", {d}), s.weight("bias", {d})}, {s.out}, s.id);
    attr(n, "axis", int64_t(-1));
    attr(n, "epsilon", float(s.p.number("epsilon")));
  } else if (type == "Activation") {
    activation(s, s.p.text("activation"), s.in[0], s.out, s.p.number("alpha"));
  } else if (type == "Softmax") {
    attr(b.op("Softmax", {s.in[0]}, {s.out}, s.id), "axis", int64_t(-1));
  } else if (type == "Embedding") {
    // Strata's inputs are float32 token ids; Gather wants integers.
    const std::string ids = b.fresh(s.id + "/ids");
    attr(b.op("Cast", {s.in[0]}, {ids}, s.id), "to", int64_t(onnx::TensorProto::INT64));
    const std::string w = b.weight_input(s.id, "weight", {s.p.integer("vocab_size"), s.p.integer("dim")});
    attr(b.op("Gather", {w, ids}, {s.out}, s.id), "axis", int64_t(0));
    if (s.p.flag("mask_zero")) {  // the padding mask: 1 where the id is not 0
      const std::string zero = b.fresh(s.id + "/is_padding"), real = b.fresh(s.id + "/is_real");
      s.made_mask = b.fresh(s.id + "/mask");
      b.op("Equal", {s.in[0], b.scalar("zero", 0.f)}, {zero}, s.id);
      b.op("Not", {zero}, {real}, s.id);
      attr(b.op("Cast", {real}, {s.made_mask}, s.id), "to", int64_t(onnx::TensorProto::FLOAT));
    }
  } else if (type == "MultiHeadAttention") {
    attention(s);
  } else if (type == "TransformerEncoderBlock") {
    encoder_block(s);
  } else if (type == "GlobalAveragePooling1D" || type == "GlobalMaxPooling1D") {
    sequence_pool(s, type == "GlobalMaxPooling1D");
  } else if (type == "PositionalEmbedding") {
    const Shape& shape = s.rep.shape.output;
    const std::string table = s.p.text("mode") == "learned"
                                  ? b.weight_input(s.id, "weight", shape)
                                  : b.initializer(b.fresh(s.id + ".sinusoids"), shape, positional_sinusoids(shape[0], shape[1]));
    b.op("Add", {s.in[0], table}, {s.out}, s.id);
  } else if (type == "LSTM" || type == "GRU" || type == "SimpleRNN") {
    recurrent(s, type);
  } else if (type == "Add" || type == "Multiply") {
    std::string acc = s.in[0];
    for (size_t k = 1; k < s.in.size(); ++k) {
      const std::string next = k + 1 == s.in.size() ? s.out : b.fresh(s.id + "/partial");
      b.op(type == "Add" ? "Add" : "Mul", {acc, s.in[k]}, {next}, s.id);
      acc = next;
    }
  } else if (type == "Concatenate") {
    int64_t axis = s.p.integer("axis");
    if (axis < 0) axis += int64_t(s.rep.input_shapes[0].size());
    attr(b.op("Concat", s.in, {s.out}, s.id), "axis", axis + 1);  // + the batch axis
  } else {
    throw Error("node '" + s.id + "': " + type + " has no ONNX form yet");
  }
}

// Every tensor Strata's analysis knows must have the shape ONNX infers for it:
// a mismatch (say, a pooling rounding rule) is caught here, not by a user.
void check_inferred_shapes(onnx::ModelProto model, const ModelReport& r, const std::map<std::string, std::string>& tensor_of) {
  onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(), onnx::ShapeInferenceOptions(true, 1, false));
  std::map<std::string, const onnx::TypeProto*> inferred;
  for (const auto& v : model.graph().value_info()) inferred[v.name()] = &v.type();
  for (const auto& v : model.graph().output()) inferred[v.name()] = &v.type();
  for (const auto& [id, tensor] : tensor_of) {
    const auto it = inferred.find(tensor);
    if (it == inferred.end() || tensor == "input") continue;
    const auto& dims = it->second->tensor_type().shape().dim();
    Shape got;
    for (int k = 1; k < dims.size(); ++k) got.push_back(dims[k].has_dim_value() ? dims[k].dim_value() : -1);
    const Shape& want = r.node(id)->shape.output;
    if (dims.size() != int(want.size()) + 1 || got != want)
      throw Error("node '" + id + "': the ONNX graph computes per-sample shape " + to_string(got) + ", Strata " +
                  to_string(want) + " (an exporter bug; please report it)");
  }
}


// Raw samples to the model's input as graph nodes: (x - mean) / std per
// channel or feature, then a Reshape if the model's input has another shape.
// Returns the tensor the Input node stands for.
std::string preprocessing_nodes(OnnxBuilder& b, const Preprocessing& p, const Shape& model_input, const std::string& id) {
  Shape stats{int64_t(p.mean.size())};
  if (p.input == Preprocessing::Input::Image) stats.insert(stats.end(), p.sample_shape.size() - 1, 1);  // [C, 1, 1]
  const std::vector<float> mean(p.mean.begin(), p.mean.end()), stddev(p.stddev.begin(), p.stddev.end());
  const std::string centred = b.fresh("input/centred"), scaled = b.fresh("input/preprocessed");
  b.op("Sub", {"input", b.initializer(b.fresh("preprocessing.mean"), stats, mean)}, {centred}, id);
  b.op("Div", {centred, b.initializer(b.fresh("preprocessing.std"), stats, stddev)}, {scaled}, id);
  if (p.sample_shape == model_input) return scaled;
  std::vector<int64_t> shape{0};  // 0 keeps the batch
  shape.insert(shape.end(), model_input.begin(), model_input.end());
  const std::string reshaped = b.fresh("input/reshaped");
  b.op("Reshape", {scaled, b.int64s("input/shape", shape)}, {reshaped}, id);
  return reshaped;
}

std::map<std::string, std::string> preprocessing_metadata(const Preprocessing& p, bool raw) {
  const nlohmann::json j = p.to_json();
  std::map<std::string, std::string> m{{"strata_preprocessing", j.dump()},
                                       {"class_names", j["class_names"].dump()},
                                       {"input", raw ? "raw" : "preprocessed"}};
  if (p.input == Preprocessing::Input::Tokens) m["vocabulary"] = j["vocabulary"].dump();
  return m;
}

}  // namespace

std::string onnx_model_bytes(const Graph& graph, const WeightMap& weights, const std::string& title,
                             const OnnxOptions& options) {
  const ModelReport r = analyze(graph);
  if (!r.ok()) {
    std::string all;
    for (const auto& e : r.errors) all += "\n  " + e;
    throw Error("the graph cannot be exported:" + all);
  }
  onnx::ModelProto model;
  model.set_ir_version(onnx::IR_VERSION);
  model.set_producer_name("Strata");
  model.set_doc_string(title.empty() ? "Strata model" : title);
  auto* opset = model.add_opset_import();
  opset->set_domain("");
  opset->set_version(kOnnxOpset);
  const Preprocessing* pre = options.preprocessing;
  const bool raw = pre && options.raw_input && !pre->identity();
  std::map<std::string, std::string> metadata = options.metadata;
  if (pre) metadata.merge(preprocessing_metadata(*pre, raw));
  for (const auto& [k, v] : metadata) {
    auto* m = model.add_metadata_props();
    m->set_key(k), m->set_value(v);
  }
  onnx::GraphProto& g = *model.mutable_graph();
  g.set_name(title.empty() ? "strata_model" : title);
  OnnxBuilder b(g, weights);
  b.reserve("input"), b.reserve("output");
  for (const auto& id : r.order) b.reserve(id);

  std::map<std::string, std::string> tensor_of;  // node id -> its output tensor
  std::map<std::string, std::string> mask_of;    // node id -> the padding mask it makes
  for (const auto& id : r.order) {
    const Node& node = *graph.find(id);
    const LayerSpec& spec = *find_layer(node.type);
    if (spec.is_loss) continue;
    const NodeReport& rep = *r.node(id);
    if (node.type == "Input") {
      set_type(*g.add_input(), "input", raw ? pre->sample_shape : rep.shape.output);
      tensor_of[id] = raw ? preprocessing_nodes(b, *pre, rep.shape.output, id) : "input";
      if (id != r.output) continue;
    }
    std::vector<std::string> in(rep.input_shapes.size());
    for (const auto& l : graph.links())
      if (l.to == id) in[size_t(l.port)] = tensor_of.at(l.from);
    if (node.type == "Dropout" && id != r.output) {  // removed: inference passes its input through
      tensor_of[id] = in[0];
      continue;
    }
    const NodeParams p = resolve_params(spec, id, node.params);
    // A node's tensor is its id, unless that is one of the graph's own names.
    Step s{b, id, p, rep, in, id == r.output ? "output" : id == "input" || id == "output" ? b.fresh(id) : id};
    for (const auto& m : rep.input_masks) s.masks.push_back(m.empty() ? std::string() : mask_of.at(m));
    if (node.type == "Input") b.op("Identity", {tensor_of[id]}, {"output"}, id);  // a graph of nothing but its input
    else emit(s, node.type);
    tensor_of[id] = s.out;
    if (!s.made_mask.empty()) mask_of[id] = s.made_mask;
  }
  set_type(*g.add_output(), "output", r.node(r.output)->shape.output);

  try {
    onnx::checker::check_model(model);
    check_inferred_shapes(model, r, tensor_of);
  } catch (const onnx::checker::ValidationError& e) {
    throw Error(std::string("the ONNX checker refused the exported graph (an exporter bug; please report it): ") + e.what());
  } catch (const onnx::InferenceError& e) {
    throw Error(std::string("ONNX shape inference refused the exported graph (an exporter bug; please report it): ") + e.what());
  }
  std::string bytes;
  if (!model.SerializeToString(&bytes)) throw Error("the ONNX model could not be serialized");
  return bytes;
}

void export_onnx(const Graph& graph, const WeightMap& weights, const std::string& path, const std::string& title,
                 const OnnxOptions& options, bool force) {
  write_export_file(path, onnx_model_bytes(graph, weights, title, options), force);
}

}  // namespace strata
