// SimpleRNN, LSTM and GRU on both backends: the double reference's backward
// against central differences; both backends against the reference (with and
// without lengths, sequences or final state); LSTM and GRU against PyTorch.
// Tolerance |err| <= 2e-4 (1 + |ref|): errors grow with the number of steps.
#include <cmath>
#include <map>

#include "ops/recurrent.h"
#include "test_support.h"
#include "torch_oracle.h"

using namespace strata;

namespace {

std::vector<double> d(const std::vector<float>& v) { return {v.begin(), v.end()}; }

RnnParams params(RnnCell cell, int b, int t, int i, int h, bool seq, bool lengths,
                 Activation act = Activation::Tanh) {
  RnnParams p;
  p.cell = cell, p.batch = b, p.seq = t, p.input = i, p.hidden = h;
  p.return_sequences = seq, p.has_lengths = lengths, p.act = act;
  return p;
}

int64_t out_size(const RnnParams& p) { return p.batch * p.hidden * (p.return_sequences ? p.seq : 1); }

struct Data {
  std::vector<float> x, w_ih, w_hh, b_ih, b_hh, lengths, r;
};

Data make(const RnnParams& p, uint32_t seed) {
  const auto G = size_t(p.gate_width()), H = size_t(p.hidden), I = size_t(p.input);
  const float scale = 1.f / std::sqrt(float(p.hidden));
  Data dt;
  dt.x = test::random_values(size_t(p.batch * p.seq) * I, seed, -1.5f, 1.5f);
  dt.w_ih = test::random_values(G * I, seed + 1, -2 * scale, 2 * scale);
  dt.w_hh = test::random_values(G * H, seed + 2, -2 * scale, 2 * scale);
  dt.b_ih = test::random_values(G, seed + 3);
  dt.b_hh = p.cell == RnnCell::GRU ? test::random_values(G, seed + 4) : std::vector<float>(G, 0.f);
  dt.r = test::random_values(size_t(out_size(p)), seed + 5);
  for (int64_t b = 0; b < p.batch; ++b)  // full, short, one step, ...
    dt.lengths.push_back(p.has_lengths ? float(b == 0 ? p.seq : std::max<int64_t>(1, p.seq - 2 * b)) : float(p.seq));
  return dt;
}

using Results = std::map<std::string, std::vector<double>>;

Results reference(const RnnParams& p, const Data& dt) {
  Results r;
  r["y"].resize(size_t(out_size(p)));
  r["dx"].resize(dt.x.size()), r["dw_ih"].resize(dt.w_ih.size()), r["dw_hh"].resize(dt.w_hh.size());
  r["db_ih"].resize(dt.b_ih.size()), r["db_hh"].resize(dt.b_hh.size());
  const auto wih = d(dt.w_ih), whh = d(dt.w_hh), bih = d(dt.b_ih), bhh = d(dt.b_hh), x = d(dt.x);
  const RnnReferenceWeights w{wih, whh, bih, bhh};
  rnn_forward_reference(p, w, x, dt.lengths, r["y"]);
  rnn_backward_reference(p, w, x, dt.lengths, d(dt.r), {r["dx"], r["dw_ih"], r["dw_hh"], r["db_ih"], r["db_hh"]});
  if (p.cell != RnnCell::GRU) r.erase("db_hh");
  return r;
}

Results run(Backend& be, const RnnParams& p, const Data& dt) {
  const int64_t G = p.gate_width();
  RnnWeights w{be.from_host({G, p.input}, dt.w_ih), be.from_host({G, p.hidden}, dt.w_hh), be.from_host({G}, dt.b_ih),
               be.from_host({G}, dt.b_hh)};
  RnnWeights dw{be.empty({G, p.input}), be.empty({G, p.hidden}), be.empty({G}), be.empty({G})};
  const Tensor x = be.from_host({p.batch, p.seq, p.input}, dt.x), len = be.from_host({p.batch}, dt.lengths);
  const Tensor y = be.empty({out_size(p)}), dy = be.from_host({out_size(p)}, dt.r);
  const Tensor dx = be.empty({p.batch, p.seq, p.input});
  RnnState s = make_rnn_state(be, p);
  RnnGrads g = make_rnn_grads(be, p);
  rnn_forward(be, p, w, x, p.has_lengths ? &len : nullptr, s, y);
  rnn_backward(be, p, w, s, dy, g, &dx, dw);
  Results r;
  for (auto [name, t] : {std::pair{"y", &y}, {"dx", &dx}, {"dw_ih", &dw.w_ih}, {"dw_hh", &dw.w_hh}, {"db_ih", &dw.b_ih},
                         {"db_hh", &dw.b_hh}}) {
    if (std::string(name) == "db_hh" && p.cell != RnnCell::GRU) continue;
    std::vector<float> v(size_t(t->numel()));
    be.download(*t, v);
    r[name] = d(v);
  }
  return r;
}

QString compare(const QString& who, const Results& got, const Results& want, double tol) {
  for (const auto& [name, w] : want) {
    const auto& g = got.at(name);
    for (size_t i = 0; i < w.size(); ++i)
      if (!(std::fabs(g[i] - w[i]) <= tol * (1 + std::fabs(w[i]))))
        return QString("%1 %2[%3]: %4 want %5").arg(who).arg(name.c_str()).arg(i).arg(g[i]).arg(w[i]);
  }
  return {};
}

const char* cell_name(RnnCell c) { return c == RnnCell::LSTM ? "lstm" : c == RnnCell::GRU ? "gru" : "rnn"; }

}  // namespace

class TestRecurrent : public QObject {
  Q_OBJECT
 private slots:
  void reference_backward_matches_central_differences_data();
  void reference_backward_matches_central_differences();
  void backends_match_reference_data();
  void backends_match_reference();
  void lengths_carry_the_state();
  void matches_pytorch_data();
  void matches_pytorch();
  void rejects_bad_parameters();
};

void TestRecurrent::reference_backward_matches_central_differences_data() {
  QTest::addColumn<int>("cell");
  QTest::addColumn<int>("act");
  QTest::addColumn<bool>("seq");
  QTest::addColumn<bool>("lengths");
  for (RnnCell c : {RnnCell::Simple, RnnCell::LSTM, RnnCell::GRU})
    for (bool seq : {false, true})
      for (bool len : {false, true})
        QTest::addRow("%s seq=%d len=%d", cell_name(c), seq, len) << int(c) << int(Activation::Tanh) << seq << len;
  QTest::addRow("rnn relu") << int(RnnCell::Simple) << int(Activation::ReLU) << true << true;
}

void TestRecurrent::reference_backward_matches_central_differences() {
  QFETCH(int, cell);
  QFETCH(int, act);
  QFETCH(bool, seq);
  QFETCH(bool, lengths);
  const RnnParams p = params(RnnCell(cell), 3, 4, 3, 2, seq, lengths, Activation(act));
  const Data dt = make(p, 11);
  auto x = d(dt.x), wih = d(dt.w_ih), whh = d(dt.w_hh), bih = d(dt.b_ih), bhh = d(dt.b_hh);
  const auto r = d(dt.r);
  auto objective = [&] {
    std::vector<double> y(r.size());
    rnn_forward_reference(p, {wih, whh, bih, bhh}, x, dt.lengths, y);
    double l = 0;
    for (size_t i = 0; i < y.size(); ++i) l += y[i] * r[i];
    return l;
  };
  const Results g = reference(p, dt);
  std::vector<std::tuple<std::vector<double>*, const char*>> checks{
      {&x, "dx"}, {&wih, "dw_ih"}, {&whh, "dw_hh"}, {&bih, "db_ih"}};
  if (p.cell == RnnCell::GRU) checks.emplace_back(&bhh, "db_hh");
  for (auto [v, name] : checks) {
    const QString off = test::central_difference_mismatch(*v, g.at(name), objective, name);
    QVERIFY2(off.isEmpty(), qPrintable(off));
  }
}

void TestRecurrent::backends_match_reference_data() {
  QTest::addColumn<int>("cell");
  QTest::addColumn<int>("b");
  QTest::addColumn<int>("t");
  QTest::addColumn<int>("i");
  QTest::addColumn<int>("h");
  QTest::addColumn<bool>("seq");
  QTest::addColumn<bool>("lengths");
  struct Shape {
    int b, t, i, h;
  };
  for (RnnCell c : {RnnCell::Simple, RnnCell::LSTM, RnnCell::GRU})
    for (Shape s : {Shape{1, 1, 1, 1}, {3, 7, 5, 3}, {7, 15, 3, 17}, {2, 3, 17, 15}})
      for (bool seq : {false, true})
        for (bool len : {false, true})
          QTest::addRow("%s %dx%dx%d h%d seq=%d len=%d", cell_name(c), s.b, s.t, s.i, s.h, seq, len)
              << int(c) << s.b << s.t << s.i << s.h << seq << len;
}

void TestRecurrent::backends_match_reference() {
  QFETCH(int, cell);
  QFETCH(int, b);
  QFETCH(int, t);
  QFETCH(int, i);
  QFETCH(int, h);
  QFETCH(bool, seq);
  QFETCH(bool, lengths);
  test::ValidationGuard guard;
  const RnnParams p = params(RnnCell(cell), b, t, i, h, seq, lengths);
  const Data dt = make(p, uint32_t(b * 100 + t * 10 + h));
  const Results want = reference(p, dt);
  for (auto& be : test::all_backends()) {
    const QString off = compare(QString::fromStdString(be->info().name), run(*be, p, dt), want, 2e-4);
    QVERIFY2(off.isEmpty(), qPrintable(off));
  }
}

void TestRecurrent::lengths_carry_the_state() {
  // A sample of length L gives the same final state as the same sample cut to
  // L steps, and zeros in the output sequence after L.
  RnnParams p = params(RnnCell::LSTM, 2, 6, 3, 4, true, true);
  Data dt = make(p, 5);
  dt.lengths = {6, 3};
  for (auto& be : test::all_backends()) {
    const Results full = run(*be, p, dt);
    const auto& y = full.at("y");
    for (int64_t t = 3; t < 6; ++t)
      for (int64_t j = 0; j < 4; ++j) QCOMPARE(y[size_t((6 + t) * 4 + j)], 0.0);
    RnnParams last = p;
    last.return_sequences = false;
    Data dl = dt;
    dl.r.resize(8);
    const auto y_last = run(*be, last, dl).at("y");
    for (int64_t j = 0; j < 4; ++j) QCOMPARE(float(y_last[size_t(4 + j)]), float(y[size_t((6 + 2) * 4 + j)]));
  }
}

void TestRecurrent::matches_pytorch_data() {
  QTest::addColumn<int>("cell");
  QTest::addColumn<bool>("seq");
  QTest::addColumn<bool>("lengths");
  for (RnnCell c : {RnnCell::LSTM, RnnCell::GRU})
    for (bool seq : {false, true})
      for (bool len : {false, true}) QTest::addRow("%s seq=%d len=%d", cell_name(c), seq, len) << int(c) << seq << len;
}

void TestRecurrent::matches_pytorch() {
  QFETCH(int, cell);
  QFETCH(bool, seq);
  QFETCH(bool, lengths);
  test::ValidationGuard guard;
  const RnnParams p = params(RnnCell(cell), 5, 7, 3, 6, seq, lengths);
  const Data dt = make(p, 21);
  const int64_t G = p.gate_width();
  test::Arrays in{{"params", {{3}, {float(cell), float(seq), float(lengths)}}},
                  {"x", {{p.batch, p.seq, p.input}, dt.x}},
                  {"w_ih", {{G, p.input}, dt.w_ih}},
                  {"w_hh", {{G, p.hidden}, dt.w_hh}},
                  {"b_ih", {{G}, dt.b_ih}},
                  {"b_hh", {{G}, dt.b_hh}},
                  {"lengths", {{p.batch}, dt.lengths}},
                  {"r", {{out_size(p)}, dt.r}}};
  QString why;
  auto out = test::run_torch_oracle("recurrent.py", in, &why);
  if (!out) QSKIP(qPrintable(why));
  Results want;
  for (const auto& [name, a] : *out)
    if (name != "db_hh" || p.cell == RnnCell::GRU) want[name] = d(a.values);
  for (auto& be : test::all_backends()) {
    const QString off = compare(QString::fromStdString(be->info().name), run(*be, p, dt), want, 2e-4);
    QVERIFY2(off.isEmpty(), qPrintable(off));
  }
}

void TestRecurrent::rejects_bad_parameters() {
  auto message = [](const RnnParams& p) {
    try {
      check_rnn_params(p, "lstm_1");
    } catch (const std::exception& e) {
      return QString(e.what());
    }
    return QString();
  };
  QVERIFY(message(params(RnnCell::LSTM, 2, 3, 4, 0, false, false)).contains("lstm_1: units"));
  QVERIFY(message(params(RnnCell::LSTM, 2, 0, 4, 5, false, false)).contains("lstm_1: sequence length"));
  QVERIFY(message(params(RnnCell::Simple, 2, 3, 4, 5, false, false, Activation::GELU)).contains("activation"));
  QVERIFY(message(params(RnnCell::GRU, 2, 3, 4, 5, true, true)).isEmpty());
}

QTEST_APPLESS_MAIN(TestRecurrent)
#include "test_recurrent.moc"
