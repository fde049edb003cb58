// Batch normalization on both backends against the double reference (its
// backward checked by central differences) and PyTorch's F.batch_norm.
// Tolerance |err| <= 1e-4 (1 + |ref|).
#include <cmath>
#include <map>

#include "ops/batch_norm.h"
#include "test_support.h"
#include "torch_oracle.h"

using namespace strata;

namespace {

BatchNormParams bn(int64_t n, int64_t c, int64_t inner, bool training = true) {
  BatchNormParams p;
  p.batch = n, p.channels = c, p.inner = inner, p.training = training;
  return p;
}

std::vector<double> d(const std::vector<float>& v) { return {v.begin(), v.end()}; }

struct Data {
  std::vector<float> x, gamma, beta, rm, rv, dy;
};

Data make(const BatchNormParams& p, uint32_t seed) {
  Data data;
  data.x = test::random_values(size_t(p.count()), seed, -2.f, 3.f);
  data.gamma = test::random_values(size_t(p.channels), seed + 1, 0.5f, 1.5f);
  data.beta = test::random_values(size_t(p.channels), seed + 2);
  data.rm = test::random_values(size_t(p.channels), seed + 3);
  data.rv = test::random_values(size_t(p.channels), seed + 4, 0.5f, 2.f);
  data.dy = test::random_values(size_t(p.count()), seed + 5);
  return data;
}

// Forward then backward on `be`; the six results named as PyTorch names them.
std::map<std::string, std::vector<float>> run(Backend& be, const BatchNormParams& p, const Data& dt) {
  const Shape full{p.batch, p.channels, p.inner}, per{p.channels};
  Tensor tx = be.from_host(full, dt.x), tg = be.from_host(per, dt.gamma), tb = be.from_host(per, dt.beta);
  Tensor trm = be.from_host(per, dt.rm), trv = be.from_host(per, dt.rv), ty = be.empty(full);
  Tensor tsm = be.empty(per), tsi = be.empty(per), tdy = be.from_host(full, dt.dy), tdx = be.empty(full);
  Tensor tdg = be.empty(per), tdb = be.empty(per);
  be.batch_norm_forward(p, tx, tg, tb, trm, trv, ty, tsm, tsi);
  be.batch_norm_backward(p, tx, tg, tsm, tsi, tdy, tdx, tdg, tdb);
  std::map<std::string, std::vector<float>> out;
  for (auto [t, name] : {std::pair{&ty, "y"}, {&trm, "running_mean"}, {&trv, "running_var"}, {&tdx, "dx"},
                         {&tdg, "dgamma"}, {&tdb, "dbeta"}}) {
    auto& v = out[name];
    v.resize(size_t(t->numel()));
    be.download(*t, v);
  }
  return out;
}

bool close(float got, double want) { return std::fabs(got - want) <= 1e-4 * (1 + std::fabs(want)); }

}  // namespace

class TestBatchNorm : public QObject {
  Q_OBJECT
 private slots:
  void reference_backward_matches_central_differences();
  void backends_match_reference_data();
  void backends_match_reference();
  void matches_pytorch();
};

void TestBatchNorm::reference_backward_matches_central_differences() {
  const BatchNormParams p = bn(3, 2, 4);
  Data dt = make(p, 1);
  auto x = d(dt.x), g = d(dt.gamma), b = d(dt.beta), r = d(dt.dy);
  auto objective = [&](const std::vector<double>& xx, const std::vector<double>& gg, const std::vector<double>& bb) {
    std::vector<double> rm(2, 0.0), rv(2, 1.0), y(size_t(p.count())), sm(2), si(2);
    batch_norm_forward_reference(p, xx, gg, bb, rm, rv, y, sm, si);
    double l = 0;
    for (size_t i = 0; i < y.size(); ++i) l += y[i] * r[i];
    return l;
  };
  std::vector<double> rm(2, 0.0), rv(2, 1.0), y(size_t(p.count())), sm(2), si(2);
  batch_norm_forward_reference(p, x, g, b, rm, rv, y, sm, si);
  std::vector<double> dx(size_t(p.count())), dg(2), db(2);
  batch_norm_backward_reference(p, x, g, sm, si, r, dx, dg, db);
  const auto f = [&] { return objective(x, g, b); };
  for (auto [v, grad, name] : {std::tuple{&x, &dx, "dx"}, {&g, &dg, "dgamma"}, {&b, &db, "dbeta"}}) {
    const QString off = test::central_difference_mismatch(*v, *grad, f, name);
    QVERIFY2(off.isEmpty(), qPrintable(off));
  }
}

void TestBatchNorm::backends_match_reference_data() {
  QTest::addColumn<int>("n");
  QTest::addColumn<int>("c");
  QTest::addColumn<int>("inner");
  QTest::addColumn<bool>("training");
  for (auto [n, c, i] : {std::tuple{2, 1, 1}, {7, 3, 1}, {3, 5, 15}, {17, 2, 7}, {4, 16, 49}})
    for (bool t : {true, false}) QTest::addRow("%dx%dx%d%s", n, c, i, t ? "" : "_eval") << n << c << i << t;
}

void TestBatchNorm::backends_match_reference() {
  QFETCH(int, n);
  QFETCH(int, c);
  QFETCH(int, inner);
  QFETCH(bool, training);
  test::ValidationGuard guard;
  const BatchNormParams p = bn(n, c, inner, training);
  const Data dt = make(p, uint32_t(n * 3 + c));
  auto rm = d(dt.rm), rv = d(dt.rv);
  const size_t cnt = static_cast<size_t>(p.count()), cc = static_cast<size_t>(c);
  std::vector<double> y(cnt), sm(cc), si(cc), dx(cnt), dg(cc), db(cc);
  batch_norm_forward_reference(p, d(dt.x), d(dt.gamma), d(dt.beta), rm, rv, y, sm, si);
  batch_norm_backward_reference(p, d(dt.x), d(dt.gamma), sm, si, d(dt.dy), dx, dg, db);
  const std::map<std::string, const std::vector<double>*> refs{{"y", &y}, {"running_mean", &rm}, {"running_var", &rv},
                                                              {"dx", &dx}, {"dgamma", &dg}, {"dbeta", &db}};
  for (auto& be : test::all_backends()) {
    const auto got = run(*be, p, dt);
    for (const auto& [name, ref] : refs)
      for (size_t i = 0; i < ref->size(); ++i)
        if (!close(got.at(name)[i], (*ref)[i]))
          QFAIL(qPrintable(QString("%1 %2[%3]: %4 want %5").arg(QString::fromStdString(be->info().name))
                               .arg(name.c_str()).arg(i).arg(got.at(name)[i]).arg((*ref)[i])));
  }
}

void TestBatchNorm::matches_pytorch() {
  const BatchNormParams p = bn(5, 3, 6);
  const Data dt = make(p, 77);
  test::Arrays in{{"x", {{5, 3, 6}, dt.x}},         {"gamma", {{3}, dt.gamma}},      {"beta", {{3}, dt.beta}},
                  {"running_mean", {{3}, dt.rm}},   {"running_var", {{3}, dt.rv}},   {"r", {{5, 3, 6}, dt.dy}},
                  {"params", {{2}, {p.eps, p.momentum}}}};
  QString why;
  auto out = test::run_torch_oracle("batch_norm.py", in, &why);
  if (!out) QSKIP(qPrintable(why));
  for (auto& be : test::all_backends()) {
    const auto got = run(*be, p, dt);
    for (const auto& [name, values] : got) {
      const auto& want = (*out)[name].values;
      for (size_t i = 0; i < values.size(); ++i)
        QVERIFY2(close(values[i], want[i]), qPrintable(QString("%1 %2[%3]: %4 torch %5")
                                                           .arg(QString::fromStdString(be->info().name)).arg(name.c_str())
                                                           .arg(i).arg(values[i]).arg(want[i])));
    }
  }
}

QTEST_APPLESS_MAIN(TestBatchNorm)
#include "test_batch_norm.moc"
