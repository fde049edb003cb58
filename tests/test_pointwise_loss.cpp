// MSE, MAE and binary cross-entropy on logits, on both backends against the
// double reference (derivatives checked by central differences) and PyTorch.
// Tolerance |err| <= 1e-5 (1 + |ref|).
#include <cmath>

#include "core/error.h"
#include "ops/pointwise_loss.h"
#include "test_support.h"
#include "torch_oracle.h"

using namespace strata;

namespace {
const PointwiseLoss kAll[] = {PointwiseLoss::MSE, PointwiseLoss::MAE, PointwiseLoss::BCEWithLogits};

std::vector<float> targets(PointwiseLoss k, size_t n, uint32_t seed) {
  // BCE targets are probabilities; regression targets any value.
  return k == PointwiseLoss::BCEWithLogits ? test::random_values(n, seed, 0.f, 1.f) : test::random_values(n, seed, -2.f, 2.f);
}

bool close(double got, double want) { return std::fabs(got - want) <= 1e-5 * (1 + std::fabs(want)); }
}  // namespace

class TestPointwiseLoss : public QObject {
  Q_OBJECT
 private slots:
  void derivatives_match_central_differences();
  void backends_match_reference_data();
  void backends_match_reference();
  void matches_pytorch();
  void bad_shapes();
};

void TestPointwiseLoss::derivatives_match_central_differences() {
  for (PointwiseLoss k : kAll)
    for (double z = -5.0; z <= 5.0; z += 0.37)
      for (double t : {0.0, 0.3, 1.0}) {
        if (k == PointwiseLoss::MAE && std::fabs(z - t) < 1e-3) continue;  // the kink
        const double h = 1e-6;
        const double fd = (pointwise_loss_value(k, z + h, t) - pointwise_loss_value(k, z - h, t)) / (2 * h);
        QVERIFY2(std::fabs(fd - pointwise_loss_derivative(k, z, t)) < 1e-6,
                 qPrintable(QString("%1 at z=%2 t=%3").arg(pointwise_loss_name(k).data()).arg(z).arg(t)));
      }
}

void TestPointwiseLoss::backends_match_reference_data() {
  QTest::addColumn<int>("kind");
  QTest::addColumn<int>("batch");
  QTest::addColumn<int>("features");
  for (PointwiseLoss k : kAll)
    for (auto [b, f] : {std::pair{1, 1}, {3, 7}, {17, 1}, {15, 17}, {64, 3}})
      QTest::addRow("%s_%dx%d", pointwise_loss_name(k).data(), b, f) << int(k) << b << f;
}

void TestPointwiseLoss::backends_match_reference() {
  QFETCH(int, kind);
  QFETCH(int, batch);
  QFETCH(int, features);
  test::ValidationGuard guard;
  const PointwiseLoss k = PointwiseLoss(kind);
  const size_t n = size_t(batch) * size_t(features);
  const auto z = test::random_values(n, uint32_t(batch + features), -4.f, 4.f), t = targets(k, n, 9);
  for (auto& be : test::all_backends()) {
    Tensor tz = be->from_host({batch, features}, z), tt = be->from_host({batch, features}, t);
    Tensor loss = be->empty({batch}), dz = be->empty({batch, features});
    be->pointwise_loss(k, tz, tt, batch, loss);
    be->pointwise_loss_backward(k, tz, tt, batch, 1.f / float(batch), dz);
    std::vector<float> l(static_cast<size_t>(batch)), g(n);
    be->download(loss, l);
    be->download(dz, g);
    const QString who = QString::fromStdString(be->info().name);
    for (int b = 0; b < batch; ++b) {
      double want = 0;
      for (int f = 0; f < features; ++f) want += pointwise_loss_value(k, z[size_t(b * features + f)], t[size_t(b * features + f)]);
      want /= features;
      QVERIFY2(close(l[size_t(b)], want), qPrintable(who + QString(" loss[%1]: %2 want %3").arg(b).arg(l[size_t(b)]).arg(want)));
    }
    for (size_t i = 0; i < n; ++i) {
      const double want = pointwise_loss_derivative(k, z[i], t[i]) / double(batch) / double(features);
      QVERIFY2(close(g[i], want), qPrintable(who + QString(" grad[%1]: %2 want %3").arg(i).arg(g[i]).arg(want)));
    }
  }
}

void TestPointwiseLoss::matches_pytorch() {
  for (PointwiseLoss k : kAll) {
    const int batch = 7, features = 5;
    const auto z = test::random_values(35, 31, -4.f, 4.f), t = targets(k, 35, 32);
    test::Arrays in{{"pred", {{batch, features}, z}}, {"target", {{batch, features}, t}}, {"kind", {{1}, {float(k)}}}};
    QString why;
    auto out = test::run_torch_oracle("pointwise_loss.py", in, &why);
    if (!out) QSKIP(qPrintable(why));
    for (auto& be : test::all_backends()) {
      Tensor tz = be->from_host({batch, features}, z), tt = be->from_host({batch, features}, t);
      Tensor loss = be->empty({batch}), dz = be->empty({batch, features});
      be->pointwise_loss(k, tz, tt, batch, loss);
      be->pointwise_loss_backward(k, tz, tt, batch, 1.f / batch, dz);
      std::vector<float> l(7), g(35);
      be->download(loss, l);
      be->download(dz, g);
      for (int i = 0; i < 7; ++i) QVERIFY(close(l[size_t(i)], (*out)["loss"].values[size_t(i)]));
      for (int i = 0; i < 35; ++i) QVERIFY(close(g[size_t(i)], (*out)["dpred"].values[size_t(i)]));
    }
  }
}

void TestPointwiseLoss::bad_shapes() {
  for (auto& be : test::all_backends()) {
    Tensor z = be->empty({6}), t = be->empty({5}), l = be->empty({2});
    try {
      be->pointwise_loss(PointwiseLoss::MSE, z, t, 2, l);
      QFAIL("mismatched targets accepted");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).startsWith("mse"), e.what());
    }
    Tensor t6 = be->empty({6});
    QVERIFY_THROWS_EXCEPTION(Error, be->pointwise_loss(PointwiseLoss::MAE, z, t6, 4, l));  // 6 values, 4 samples
  }
}

QTEST_APPLESS_MAIN(TestPointwiseLoss)
#include "test_pointwise_loss.moc"
