// Dense layers (GEMM + bias + activation, fused or not) and the softmax layer
// on both backends against double references, whose backward is checked by
// central differences. Tolerance |err| <= 1e-4 (1 + |ref|).
#include <cmath>
#include <map>

#include "ops/dense.h"
#include "ops/softmax.h"
#include "test_support.h"

using namespace strata;

namespace {
std::vector<double> d(const std::vector<float>& v) { return {v.begin(), v.end()}; }

QString compare(const QString& who, const char* name, const Tensor& t, Backend& be, const std::vector<double>& want) {
  std::vector<float> got(want.size());
  be.download(t, got);
  for (size_t i = 0; i < want.size(); ++i)
    if (!(std::fabs(got[i] - want[i]) <= 1e-4 * (1 + std::fabs(want[i]))))
      return QString("%1 %2[%3]: %4 want %5").arg(who, name).arg(i).arg(got[i]).arg(want[i]);
  return {};
}
}  // namespace

class TestDense : public QObject {
  Q_OBJECT
 private slots:
  void reference_backward_matches_central_differences_data();
  void reference_backward_matches_central_differences();
  void backends_match_reference_data();
  void backends_match_reference();
  void softmax_reference_backward_matches_central_differences();
  void softmax_backends_match_reference();
  void rejects_zero_units();
};

namespace {
void activation_rows() {
  QTest::addColumn<int>("act");
  QTest::addColumn<bool>("bias");
  for (Activation a : {Activation::None, Activation::ReLU, Activation::Sigmoid, Activation::Tanh, Activation::GELU,
                       Activation::LeakyReLU})
    for (bool b : {true, false}) QTest::addRow("%s bias=%d", std::string(activation_name(a)).c_str(), b) << int(a) << b;
}
}  // namespace

void TestDense::reference_backward_matches_central_differences_data() { activation_rows(); }

void TestDense::reference_backward_matches_central_differences() {
  QFETCH(int, act);
  QFETCH(bool, bias);
  const DenseParams p{3, 5, 4, bias, Activation(act), 0.1f};
  auto x = d(test::random_values(15, 1, -2.f, 2.f)), w = d(test::random_values(20, 2)), b = d(test::random_values(4, 3));
  const auto r = d(test::random_values(12, 4));
  auto objective = [&] {
    std::vector<double> y(12);
    dense_forward_reference(p, x, w, b, y);
    double l = 0;
    for (size_t i = 0; i < y.size(); ++i) l += y[i] * r[i];
    return l;
  };
  std::vector<double> dx(15), dw(20), db(4);
  dense_backward_reference(p, x, w, b, r, dx, dw, db);
  for (auto [v, g, name] : {std::tuple{&x, &dx, "dx"}, {&w, &dw, "dw"}, {&b, &db, "db"}}) {
    if (!bias && std::string(name) == "db") continue;
    const QString off = test::central_difference_mismatch(*v, *g, objective, name);
    QVERIFY2(off.isEmpty(), qPrintable(off));
  }
}

void TestDense::backends_match_reference_data() {
  QTest::addColumn<int>("act");
  QTest::addColumn<bool>("bias");
  QTest::addColumn<int>("batch");
  QTest::addColumn<int>("in");
  QTest::addColumn<int>("units");
  for (Activation a : {Activation::None, Activation::ReLU, Activation::Tanh, Activation::GELU})
    for (auto [b, i, u] : {std::tuple{1, 1, 1}, {3, 7, 5}, {17, 15, 33}, {64, 100, 10}})
      QTest::addRow("%s %dx%d->%d", std::string(activation_name(a)).c_str(), b, i, u) << int(a) << (b != 3) << b << i << u;
}

void TestDense::backends_match_reference() {
  QFETCH(int, act);
  QFETCH(bool, bias);
  QFETCH(int, batch);
  QFETCH(int, in);
  QFETCH(int, units);
  test::ValidationGuard guard;
  const DenseParams p{batch, in, units, bias, Activation(act), 0.01f};
  const auto x = test::random_values(size_t(batch * in), 5, -2.f, 2.f), w = test::random_values(size_t(units * in), 6);
  const auto b = test::random_values(size_t(units), 7), dy = test::random_values(size_t(batch * units), 8);
  const size_t ny = size_t(batch) * size_t(units);
  std::vector<double> y(ny), dx(x.size()), dw(w.size()), db(b.size());
  dense_forward_reference(p, d(x), d(w), d(b), y);
  dense_backward_reference(p, d(x), d(w), d(b), d(dy), dx, dw, db);
  for (auto& be : test::all_backends()) {
    const QString who = QString::fromStdString(be->info().name);
    const Tensor tx = be->from_host({batch, in}, x), tw = be->from_host({units, in}, w), tb = be->from_host({units}, b);
    const Tensor ty = be->empty({batch, units}), tz = be->empty({batch, units}), tdy = be->from_host({batch, units}, dy);
    const Tensor tdz = be->empty({batch, units}), tdx = be->empty({batch, in}), tdw = be->empty({units, in});
    const Tensor tdb = be->empty({units});
    dense_forward(*be, p, tx, tw, &tb, ty, &tz);
    dense_backward(*be, p, tx, tw, ty, &tz, tdy, tdz, &tdx, tdw, &tdb);
    QString off = compare(who, "y", ty, *be, y);
    if (off.isEmpty()) off = compare(who, "dx", tdx, *be, dx);
    if (off.isEmpty()) off = compare(who, "dw", tdw, *be, dw);
    if (off.isEmpty() && bias) off = compare(who, "db", tdb, *be, db);
    QVERIFY2(off.isEmpty(), qPrintable(off));
  }
}

void TestDense::softmax_reference_backward_matches_central_differences() {
  const SoftmaxShape s{3, 5};
  auto x = d(test::random_values(15, 9, -3.f, 3.f));
  const auto r = d(test::random_values(15, 10));
  auto objective = [&] {
    std::vector<double> y(15);
    softmax_forward_reference(s, x, y);
    double l = 0;
    for (size_t i = 0; i < y.size(); ++i) l += y[i] * r[i];
    return l;
  };
  std::vector<double> y(15), dx(15);
  softmax_forward_reference(s, x, y);
  softmax_backward_reference(s, y, r, dx);
  const QString off = test::central_difference_mismatch(x, dx, objective, "dx");
  QVERIFY2(off.isEmpty(), qPrintable(off));
}

void TestDense::softmax_backends_match_reference() {
  test::ValidationGuard guard;
  for (auto [rows, cols] : {std::pair{1, 1}, {3, 7}, {17, 15}, {5, 1000}}) {
    const SoftmaxShape s{rows, cols};
    const size_t n = size_t(rows) * size_t(cols);
    const auto x = test::random_values(n + 3, uint32_t(rows + cols), -20.f, 20.f), dy = test::random_values(n, 3);
    std::vector<double> y(n), dx(n);
    softmax_forward_reference(s, d(std::vector<float>(x.begin() + 3, x.end())), y);
    softmax_backward_reference(s, y, d(dy), dx);
    for (auto& be : test::all_backends()) {
      const QString who = QString::fromStdString(be->info().name);
      const Tensor tx = be->from_host({int64_t(n) + 3}, x), ty = be->empty({rows, cols});
      const Tensor tdy = be->from_host({rows, cols}, dy), tdx = be->empty({rows, cols});
      be->softmax_forward(s, tx.view(3, {rows, cols}), ty);  // a view at an odd offset
      be->softmax_backward(s, ty, tdy, tdx);
      QString off = compare(who, "y", ty, *be, y);
      if (off.isEmpty()) off = compare(who, "dx", tdx, *be, dx);
      QVERIFY2(off.isEmpty(), qPrintable(off));
    }
  }
}

void TestDense::rejects_zero_units() {
  try {
    check_dense_params({4, 3, 0, true, Activation::None, 0.f}, "dense_2");
    QFAIL("zero units accepted");
  } catch (const std::exception& e) {
    QVERIFY2(QString(e.what()).contains("dense_2: units must be at least 1"), e.what());
  }
}

QTEST_APPLESS_MAIN(TestDense)
#include "test_dense.moc"
