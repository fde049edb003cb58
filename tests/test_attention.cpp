// MultiHeadAttention and PositionalEmbedding as layers (layers/
// attention_layers.cpp) on both backends: the forward against a double-
// precision reference written here from the definition, the backward (inputs
// and every weight) against central differences of that reference, on awkward
// shapes with padding and causal masks; PyTorch's nn.MultiheadAttention as
// outside oracle; and the padding mask carried through a whole model.
#include <cmath>
#include <map>

#include "graph/analysis.h"
#include "layers/registry.h"
#include "model/model.h"
#include "ops/sequence.h"
#include "test_support.h"
#include "torch_oracle.h"

using namespace strata;

namespace {

struct Case {
  int batch, tq, tk, dq, dkv, heads, dk, dv;
  bool cross, masked, causal, bias;
};

using Weights = std::map<std::string, std::vector<double>>;

// out[b] = sum_h softmax(mask(Q_h K_h^T / sqrt(dk))) V_h Wo_h + bo, in double.
std::vector<double> reference(const Case& c, const std::vector<double>& x, const std::vector<double>& y,
                              Weights& w, const std::vector<float>& key_mask) {
  std::vector<double> out(size_t(c.batch * c.tq * c.dq), 0.0);
  auto proj = [&](const std::vector<double>& in, int64_t rows, int64_t feat, const std::string& role, int64_t h,
                  int64_t dim, int64_t b) {
    std::vector<double> r(size_t(rows * dim));
    const auto& W = w.at(role + "_weight");
    for (int64_t t = 0; t < rows; ++t)
      for (int64_t j = 0; j < dim; ++j) {
        double s = c.bias ? w.at(role + "_bias")[size_t(h * dim + j)] : 0.0;
        for (int64_t f = 0; f < feat; ++f) s += in[size_t((b * rows + t) * feat + f)] * W[size_t((h * dim + j) * feat + f)];
        r[size_t(t * dim + j)] = s;
      }
    return r;
  };
  const AttentionSoftmaxShape as{1, 1, c.tq, c.tk, c.causal};
  for (int64_t b = 0; b < c.batch; ++b) {
    const std::vector<float> km = c.masked ? std::vector<float>(key_mask.begin() + b * c.tk, key_mask.begin() + (b + 1) * c.tk)
                                           : std::vector<float>{};
    for (int64_t h = 0; h < c.heads; ++h) {
      const auto q = proj(x, c.tq, c.dq, "query", h, c.dk, b);
      const auto k = proj(c.cross ? y : x, c.tk, c.dkv, "key", h, c.dk, b);
      const auto v = proj(c.cross ? y : x, c.tk, c.dkv, "value", h, c.dv, b);
      std::vector<double> s(size_t(c.tq * c.tk)), p(s.size());
      for (int64_t i = 0; i < c.tq; ++i)
        for (int64_t j = 0; j < c.tk; ++j) {
          double d = 0;
          for (int64_t e = 0; e < c.dk; ++e) d += q[size_t(i * c.dk + e)] * k[size_t(j * c.dk + e)];
          s[size_t(i * c.tk + j)] = d / std::sqrt(double(c.dk));
        }
      attention_softmax_reference(as, s, km, p);
      const auto& Wo = w.at("output_weight");
      for (int64_t i = 0; i < c.tq; ++i)
        for (int64_t e = 0; e < c.dv; ++e) {
          double a = 0;
          for (int64_t j = 0; j < c.tk; ++j) a += p[size_t(i * c.tk + j)] * v[size_t(j * c.dv + e)];
          for (int64_t o = 0; o < c.dq; ++o) out[size_t((b * c.tq + i) * c.dq + o)] += a * Wo[size_t((h * c.dv + e) * c.dq + o)];
        }
    }
    if (c.bias)
      for (int64_t i = 0; i < c.tq; ++i)
        for (int64_t o = 0; o < c.dq; ++o) out[size_t((b * c.tq + i) * c.dq + o)] += w.at("output_bias")[size_t(o)];
  }
  return out;
}

// Sample b keeps (b * 5 + 2) % (steps + 1) real steps, padded at the front on
// odd samples, so a batch has fully padded samples too.
std::vector<float> key_mask_for(int64_t batch, int64_t steps) {
  std::vector<float> m(size_t(batch * steps), 0.f);
  for (int64_t b = 0; b < batch; ++b) {
    const int64_t real = (b * 5 + 2) % (steps + 1);
    for (int64_t t = 0; t < real; ++t) m[size_t(b * steps + (b % 2 ? steps - 1 - t : t))] = 1.f;
  }
  return m;
}

std::vector<double> d(const std::vector<float>& v) { return {v.begin(), v.end()}; }
std::vector<float> f(const std::vector<double>& v) { return {v.begin(), v.end()}; }

nlohmann::json params_of(const Case& c) {
  return {{"heads", c.heads}, {"key_dim", c.dk}, {"value_dim", c.dv}, {"inputs", c.cross ? 2 : 1},
          {"causal", c.causal}, {"use_bias", c.bias}};
}

// Runs the layer on `be` with the given weights; returns the output and the
// gradients of sum(out * r) (inputs as "x" / "y", weights by role).
std::map<std::string, std::vector<float>> run_layer(Backend& be, const Case& c, const std::vector<float>& x,
                                                    const std::vector<float>& y, const Weights& w,
                                                    const std::vector<float>& mask, const std::vector<float>& r) {
  const LayerSpec& spec = *find_layer("MultiHeadAttention");
  const NodeParams np = resolve_params(spec, "mha", params_of(c));
  std::vector<Shape> in{{c.tq, c.dq}};
  if (c.cross) in.push_back({c.tk, c.dkv});
  const LayerShape ls = spec.infer(np, in);
  ExecSetup setup{be, np, in, ls.output, c.batch + 2, 7};  // compiled for a larger batch: views of bigger buffers
  auto exec = spec.make(setup);
  for (auto& p : exec->params()) be.upload(p.value, f(w.at(p.role)));
  ExecContext ctx(be);
  ctx.batch = c.batch, ctx.training = true;
  ctx.inputs.push_back(be.from_host({c.batch, c.tq, c.dq}, x));
  if (c.cross) ctx.inputs.push_back(be.from_host({c.batch, c.tk, c.dkv}, y));
  for (size_t i = 0; i < ctx.inputs.size(); ++i) ctx.input_masks.emplace_back();
  if (c.masked) ctx.input_masks.back() = be.from_host({c.batch, c.tk}, mask);
  ctx.output = be.empty({c.batch, c.tq, c.dq});
  ctx.output_grad = be.from_host({c.batch, c.tq, c.dq}, r);
  for (auto& t : ctx.inputs) ctx.input_grads.push_back(be.empty(t.shape()));
  exec->forward(ctx);
  exec->backward(ctx);
  std::map<std::string, std::vector<float>> got;
  auto read = [&](const std::string& name, const Tensor& t) {
    got[name].resize(size_t(t.numel()));
    be.download(t, got[name]);
  };
  read("out", ctx.output);
  read("x", ctx.input_grads[0]);
  if (c.cross) read("y", ctx.input_grads[1]);
  for (auto& p : exec->params()) read(p.role, p.grad);
  return got;
}

Weights random_weights(const Case& c, uint32_t seed) {
  Weights w;
  auto add = [&](const std::string& role, int64_t n) { w[role] = d(test::random_values(size_t(n), seed++, -0.6f, 0.6f)); };
  add("query_weight", c.heads * c.dk * c.dq), add("key_weight", c.heads * c.dk * c.dkv);
  add("value_weight", c.heads * c.dv * c.dkv), add("output_weight", c.heads * c.dv * c.dq);
  if (c.bias) add("query_bias", c.heads * c.dk), add("key_bias", c.heads * c.dk), add("value_bias", c.heads * c.dv),
      add("output_bias", c.dq);
  return w;
}

}  // namespace

Q_DECLARE_METATYPE(Case)

class TestAttention : public QObject {
  Q_OBJECT
 private slots:
  void layer_matches_reference_and_central_differences_data();
  void layer_matches_reference_and_central_differences();
  void matches_pytorch_data();
  void matches_pytorch();
  void encoder_block_matches_pytorch_data();
  void encoder_block_matches_pytorch();
  void positional_embedding();
  void padding_mask_flows_through_a_model();
  void analysis_names_masks_and_bad_inputs();
};

void TestAttention::layer_matches_reference_and_central_differences_data() {
  QTest::addColumn<Case>("c");
  //                     b  tq tk dq dkv h dk dv cross  masked causal bias
  QTest::addRow("self 1 head, 1 step") << Case{2, 1, 1, 3, 3, 1, 4, 4, false, false, false, true};
  QTest::addRow("self 3 heads, 3 steps, masked") << Case{3, 3, 3, 5, 5, 3, 2, 3, false, true, false, true};
  QTest::addRow("self 1 head, 7 steps, causal, masked") << Case{4, 7, 7, 4, 4, 1, 3, 2, false, true, true, false};
  QTest::addRow("self 3 heads, 17 steps, causal") << Case{2, 17, 17, 6, 6, 3, 2, 2, false, false, true, true};
  QTest::addRow("cross 3 heads, 1 query, 17 keys, masked") << Case{3, 1, 17, 4, 5, 3, 2, 3, true, true, false, true};
  QTest::addRow("cross 1 head, 7 queries, 3 keys") << Case{2, 7, 3, 3, 2, 1, 5, 1, true, false, false, false};
}

void TestAttention::layer_matches_reference_and_central_differences() {
  QFETCH(Case, c);
  test::ValidationGuard guard;
  auto x = d(test::random_values(size_t(c.batch * c.tq * c.dq), 1, -1.5f, 1.5f));
  auto y = d(test::random_values(size_t(c.batch * c.tk * c.dkv), 2, -1.5f, 1.5f));
  Weights w = random_weights(c, 10);
  const std::vector<float> mask = c.masked ? key_mask_for(c.batch, c.tk) : std::vector<float>{};
  const auto r = d(test::random_values(size_t(c.batch * c.tq * c.dq), 3));
  const auto want = reference(c, x, y, w, mask);
  auto objective = [&] {
    const auto o = reference(c, x, y, w, mask);
    double l = 0;
    for (size_t i = 0; i < o.size(); ++i) l += o[i] * r[i];
    return l;
  };
  // Central differences of the reference: the gradients the layer must give.
  auto numeric = [&](std::vector<double>& v) {
    std::vector<double> g(v.size());
    for (size_t i = 0; i < v.size(); ++i) {
      const double keep = v[i];
      v[i] = keep + 1e-6;
      const double up = objective();
      v[i] = keep - 1e-6;
      g[i] = (up - objective()) / 2e-6;
      v[i] = keep;
    }
    return g;
  };
  std::map<std::string, std::vector<double>> grads{{"x", numeric(x)}};
  if (c.cross) grads["y"] = numeric(y);
  for (auto& [role, v] : w) grads[role] = numeric(v);
  for (auto& be : test::all_backends()) {
    const auto got = run_layer(*be, c, f(x), f(y), w, mask, f(r));
    const QString name = QString::fromStdString(be->info().name);
    auto check = [&](const std::string& what, const std::vector<double>& ref, double tol) -> QString {
      const auto& g = got.at(what);
      if (g.size() != ref.size()) return QString("%1 %2: %3 values, want %4").arg(name, what.c_str()).arg(g.size()).arg(ref.size());
      for (size_t i = 0; i < g.size(); ++i)
        if (!std::isfinite(g[i]) || std::fabs(g[i] - ref[i]) > tol * (1 + std::fabs(ref[i])))
          return QString("%1 %2[%3]: %4 want %5").arg(name, what.c_str()).arg(i).arg(g[i]).arg(ref[i]);
      return QString();
    };
    QString off = check("out", want, 1e-5);
    for (auto it = grads.begin(); off.isEmpty() && it != grads.end(); ++it) off = check(it->first, it->second, 1e-4);
    QVERIFY2(off.isEmpty(), qPrintable(off));
  }
}

void TestAttention::matches_pytorch_data() {
  QTest::addColumn<Case>("c");
  QTest::addRow("self, padding mask") << Case{3, 5, 5, 6, 6, 3, 2, 2, false, true, false, true};
  QTest::addRow("self, causal and padding") << Case{2, 7, 7, 4, 4, 1, 4, 4, false, true, true, true};
  QTest::addRow("cross, no bias") << Case{2, 3, 7, 6, 5, 2, 3, 3, true, false, false, false};
}

void TestAttention::matches_pytorch() {
  QFETCH(Case, c);
  const auto x = test::random_values(size_t(c.batch * c.tq * c.dq), 4);
  const auto y = test::random_values(size_t(c.batch * c.tk * c.dkv), 5);
  const auto r = test::random_values(size_t(c.batch * c.tq * c.dq), 6);
  Weights w = random_weights(c, 30);
  // PyTorch gives NaN where every key is masked (Strata gives zeros): keep one real key per sample.
  std::vector<float> mask = c.masked ? key_mask_for(c.batch, c.tk) : std::vector<float>(size_t(c.batch * c.tk), 1.f);
  for (int b = 0; b < c.batch; ++b) mask[size_t(b * c.tk)] = 1.f;
  test::Arrays in{{"x", {{c.batch, c.tq, c.dq}, x}}, {"y", {{c.batch, c.tk, c.dkv}, c.cross ? y : x}},
                  {"r", {{c.batch, c.tq, c.dq}, r}}, {"mask", {{c.batch, c.tk}, mask}},
                  {"config", {{6}, {float(c.heads), float(c.causal), float(c.bias), float(c.cross), 0, 0}}}};
  for (auto& [role, v] : w) in[role] = {{int64_t(v.size())}, f(v)};
  QString why;
  const auto out = test::run_torch_oracle("attention.py", in, &why);
  if (!out) QSKIP(qPrintable(why));
  for (auto& be : test::all_backends()) {
    const auto got = run_layer(*be, c, x, y, w, mask, r);
    const QString name = QString::fromStdString(be->info().name);
    for (const auto& [what, theirs] : *out) {
      const auto& mine = got.at(what);
      QCOMPARE(mine.size(), theirs.values.size());
      for (size_t i = 0; i < mine.size(); ++i)
        if (std::fabs(mine[i] - theirs.values[i]) > 1e-4 * (1 + std::fabs(theirs.values[i])))
          QFAIL(qPrintable(QString("%1 %2[%3]: %4, PyTorch %5").arg(name, what.c_str()).arg(i).arg(mine[i]).arg(theirs.values[i])));
    }
  }
}

void TestAttention::encoder_block_matches_pytorch_data() {
  QTest::addColumn<QString>("norm");
  QTest::addColumn<QString>("activation");
  QTest::addColumn<bool>("causal");
  QTest::addColumn<int>("heads");
  QTest::addRow("post-norm, relu, 1 head") << "post" << "relu" << false << 1;
  QTest::addRow("pre-norm, gelu, 3 heads") << "pre" << "gelu" << false << 3;
  QTest::addRow("post-norm, gelu, causal, 3 heads") << "post" << "gelu" << true << 3;
}

// TransformerEncoderBlock against nn.TransformerEncoderLayer: output, input
// gradient and every weight's gradient, with padded samples (the model's
// batch is larger than this one: views of bigger buffers).
void TestAttention::encoder_block_matches_pytorch() {
  QFETCH(QString, norm);
  QFETCH(QString, activation);
  QFETCH(bool, causal);
  QFETCH(int, heads);
  test::ValidationGuard guard;
  const int64_t B = 3, T = 7, D = 6, F = 10;
  const LayerSpec& spec = *find_layer("TransformerEncoderBlock");
  const NodeParams np = resolve_params(spec, "block", {{"heads", heads}, {"intermediate_dim", F}, {"norm", norm.toStdString()},
                                                       {"activation", activation.toStdString()}, {"dropout", 0.0},
                                                       {"causal", causal}});
  const auto x = test::random_values(size_t(B * T * D), 41), r = test::random_values(size_t(B * T * D), 42);
  std::vector<float> mask = key_mask_for(B, T);
  for (int b = 0; b < B; ++b) mask[size_t(b * T + (b % 2 ? T - 1 : 0))] = 1.f;  // PyTorch gives NaN for all-padding
  test::Arrays in{{"x", {{B, T, D}, x}}, {"r", {{B, T, D}, r}}, {"mask", {{B, T}, mask}},
                  {"config", {{4}, {float(heads), float(norm == "pre"), float(activation == "gelu"), float(causal)}}}};
  std::map<std::string, std::vector<float>> weights;
  uint32_t seed = 50;
  {
    auto backends = test::all_backends();
    auto probe = spec.make(ExecSetup{*backends[0], np, {{T, D}}, {T, D}, B, 1});
    for (LayerParam* p : probe->all_params()) {
      auto v = test::random_values(size_t(p->value.numel()), seed++, -0.5f, 0.5f);
      if (p->role.rfind("norm", 0) == 0 && p->role.find("weight") != std::string::npos)
        for (float& f : v) f += 1.f;  // LayerNorm gains near 1
      weights[p->role] = v;
      in[p->role] = {{p->value.numel()}, v};
    }
  }
  QString why;
  const auto out = test::run_torch_oracle("transformer_block.py", in, &why);
  if (!out) QSKIP(qPrintable(why));
  for (auto& be : test::all_backends()) {
    auto exec = spec.make(ExecSetup{*be, np, {{T, D}}, {T, D}, B + 2, 1});
    for (LayerParam* p : exec->all_params()) be->upload(p->value, weights.at(p->role));
    ExecContext c(*be);
    c.batch = B, c.training = true;
    c.inputs = {be->from_host({B, T, D}, x)};
    c.input_masks = {be->from_host({B, T}, mask)};
    c.output = be->empty({B, T, D});
    c.output_grad = be->from_host({B, T, D}, r);
    c.input_grads = {be->empty({B, T, D})};
    exec->forward(c);
    exec->backward(c);
    std::map<std::string, Tensor> got{{"out", c.output}, {"x", c.input_grads[0]}};
    for (LayerParam* p : exec->all_params()) got[p->role] = p->grad;
    QCOMPARE(got.size(), out->size());
    for (const auto& [what, theirs] : *out) {
      std::vector<float> mine(theirs.values.size());
      be->download(got.at(what), mine);
      for (size_t i = 0; i < mine.size(); ++i)
        if (std::fabs(mine[i] - theirs.values[i]) > 1e-4 * (1 + std::fabs(theirs.values[i])))
          QFAIL(qPrintable(QString("%1 %2[%3]: %4, PyTorch %5").arg(QString::fromStdString(be->info().name), what.c_str())
                               .arg(i).arg(mine[i]).arg(theirs.values[i])));
    }
  }
}

void TestAttention::positional_embedding() {
  // Sinusoids at known points, and a learned table's gradient summed over the batch.
  test::ValidationGuard guard;
  const LayerSpec& spec = *find_layer("PositionalEmbedding");
  for (auto& be : test::all_backends()) {
    for (const char* mode : {"sinusoidal", "learned"}) {
      const NodeParams np = resolve_params(spec, "pos", {{"mode", mode}});
      const Shape sample{5, 4};
      ExecSetup setup{*be, np, {sample}, sample, 4, 3};
      auto exec = spec.make(setup);
      const auto x = test::random_values(3 * 20, 8), dy = test::random_values(3 * 20, 9);
      ExecContext ctx(*be);
      ctx.batch = 3;
      ctx.inputs = {be->from_host({3, 5, 4}, x)};
      ctx.input_masks = {Tensor()};
      ctx.output = be->empty({3, 5, 4});
      ctx.output_grad = be->from_host({3, 5, 4}, dy);
      ctx.input_grads = {be->empty({3, 5, 4})};
      exec->forward(ctx);
      exec->backward(ctx);
      std::vector<float> out(60), dx(60), table(20);
      be->download(ctx.output, out);
      be->download(ctx.input_grads[0], dx);
      if (std::string(mode) == "learned") be->download(exec->params()[0].value, table);
      for (int64_t t = 0; t < 5; ++t)
        for (int64_t i = 0; i < 4; ++i) {
          const double angle = double(t) / std::pow(10000.0, double(i - i % 2) / 4.0);
          if (std::string(mode) == "sinusoidal") table[size_t(t * 4 + i)] = float(i % 2 ? std::cos(angle) : std::sin(angle));
        }
      for (size_t k = 0; k < 60; ++k) {
        QVERIFY(std::fabs(out[k] - (x[k] + table[k % 20])) < 1e-6);
        QCOMPARE(dx[k], dy[k]);
      }
      QCOMPARE(std::fabs(table[size_t(1 * 4 + 0)] - std::sin(1.0)) < 1e-6, std::string(mode) == "sinusoidal");
      if (std::string(mode) == "learned") {
        std::vector<float> g(20);
        be->download(exec->params()[0].grad, g);
        for (size_t k = 0; k < 20; ++k) QVERIFY(std::fabs(g[k] - (dy[k] + dy[k + 20] + dy[k + 40])) < 1e-5);
      } else {
        QVERIFY(exec->params().empty());
      }
    }
  }
}

void TestAttention::padding_mask_flows_through_a_model() {
  // Embedding(mask_zero) -> attention -> masked average -> Dense: padded
  // samples must give what the same weights give on the unpadded tokens (a
  // model whose Input is 3 steps long; weights come from the node names), at
  // the front, at the back or in between; with the mask off they do not.
  test::ValidationGuard guard;
  auto model_graph = [](int64_t steps, bool mask_zero, std::string* mha_id, std::string* pool_id) {
    Graph g;
    const auto in = g.add_node("Input", {{"shape", {steps}}});
    const auto emb = g.add_node("Embedding", {{"vocab_size", 12}, {"dim", 8}, {"mask_zero", mask_zero}});
    const auto mha = g.add_node("MultiHeadAttention", {{"heads", 2}, {"key_dim", 4}});
    const auto pool = g.add_node("GlobalAveragePooling1D");
    const auto dense = g.add_node("Dense", {{"units", 3}});
    const auto loss = g.add_node("SoftmaxCrossEntropy");
    g.add_link({in, emb, 0}), g.add_link({emb, mha, 0}), g.add_link({mha, pool, 0}), g.add_link({pool, dense, 0});
    g.add_link({dense, loss, 0});
    if (mha_id) *mha_id = mha, *pool_id = pool;
    return g;
  };
  for (bool mask_zero : {true, false}) {
    std::string mha, pool;
    const Graph padded = model_graph(6, mask_zero, &mha, &pool), plain = model_graph(3, mask_zero, nullptr, nullptr);
    const ModelReport rep = analyze(padded);
    QVERIFY(rep.ok());
    QCOMPARE(QString::fromStdString(rep.node(mha)->mask), mask_zero ? QString("embedding_1") : QString());
    QCOMPARE(QString::fromStdString(rep.node(pool)->input_masks[0]), mask_zero ? QString("embedding_1") : QString());
    QVERIFY(rep.node("dense_1")->input_masks[0].empty());  // pooling over time consumed it
    for (auto& be : test::all_backends()) {
      ModelOptions o;
      o.max_batch = 4;
      Model m(padded, *be, o), reference(plain, *be, o);
      const std::vector<float> ids{5, 3, 9, 0, 0, 0, 0, 0, 0, 5, 3, 9, 0, 5, 0, 3, 9, 0, 0, 0, 0, 0, 0, 0};
      m.set_inputs(ids, 4);
      m.set_labels(std::vector<float>{0, 1, 2, 0}, 4);
      m.forward(4, false, 1);
      reference.set_inputs(std::vector<float>{5, 3, 9}, 1);
      reference.set_labels(std::vector<float>{0}, 1);
      reference.forward(1, false, 1);
      std::vector<float> out, want;
      m.outputs(4, out);
      reference.outputs(1, want);
      double apart = 0;
      for (int s = 0; s < 3; ++s)
        for (int k = 0; k < 3; ++k) apart = std::max(apart, double(std::fabs(out[size_t(s * 3 + k)] - want[size_t(k)])));
      if (mask_zero) QVERIFY2(apart < 1e-5, qPrintable(QString("padding changed the output by %1").arg(apart)));
      else QVERIFY2(apart > 1e-3, qPrintable(QString("without the mask padding changed the output by only %1").arg(apart)));
      for (float v : out) QVERIFY(std::isfinite(v));  // the all-padding sample gives zeros, not NaN
      m.backward_and_update(4, 1, 0.01f);  // the backward runs with the mask too
      m.forward(4, true, 2);
      QVERIFY(std::isfinite(m.loss(4)));
    }
  }
}

void TestAttention::analysis_names_masks_and_bad_inputs() {
  Graph g;
  const auto in = g.add_node("Input", {{"shape", {6}}});
  const auto emb = g.add_node("Embedding", {{"vocab_size", 12}, {"dim", 8}, {"mask_zero", true}});
  const auto flat = g.add_node("Flatten");
  const auto dense = g.add_node("Dense", {{"units", 3}});
  const auto loss = g.add_node("SoftmaxCrossEntropy");
  g.add_link({in, emb, 0}), g.add_link({emb, flat, 0}), g.add_link({flat, dense, 0}), g.add_link({dense, loss, 0});
  ModelReport rep = analyze(g);
  QVERIFY(rep.ok());
  QCOMPARE(rep.warnings.size(), size_t(1));
  QVERIFY2(QString::fromStdString(rep.warnings[0]).contains("flatten_1: ignores the padding mask of embedding_1"),
           rep.warnings[0].c_str());

  g.set_param(emb, "padding_index", 3);
  rep = analyze(g);
  QVERIFY(!rep.ok());
  QVERIFY2(QString::fromStdString(rep.errors[0]).contains("embedding_1: mask_zero"), rep.errors[0].c_str());

  Graph h;
  const auto i2 = h.add_node("Input", {{"shape", {6, 4}}});
  const auto flat2 = h.add_node("Flatten");
  const auto mha = h.add_node("MultiHeadAttention", {{"inputs", 2}});
  const auto l2 = h.add_node("SoftmaxCrossEntropy");
  h.add_link({i2, flat2, 0}), h.add_link({i2, mha, 0}), h.add_link({flat2, mha, 1}), h.add_link({mha, l2, 0});
  rep = analyze(h);
  QVERIFY(!rep.ok());
  QVERIFY2(QString::fromStdString(rep.errors[0]).contains("multi_head_attention_1: input 2: expects [timesteps, features], got [24]"),
           rep.errors[0].c_str());
}

QTEST_APPLESS_MAIN(TestAttention)
#include "test_attention.moc"
