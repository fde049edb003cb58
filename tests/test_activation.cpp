// Elementwise activations, forward and backward, on both backends against the
// double-precision reference; the reference derivative itself is checked by
// central differences.
//
// Tolerances: forward |y - ref| <= 1e-6 + 1e-5 |ref| (float rounding and the
// shaders' erf approximation, |error| < 1.5e-7); backward the same on dx.
#include <cmath>

#include "core/error.h"
#include "ops/activation.h"
#include "test_support.h"

using namespace strata;

namespace {
const Activation kAll[] = {Activation::None, Activation::ReLU, Activation::LeakyReLU,
                           Activation::Sigmoid, Activation::Tanh, Activation::GELU};
constexpr float kParam = 0.1f;

bool close(double got, double want) { return std::fabs(got - want) <= 1e-6 + 1e-5 * std::fabs(want); }
}  // namespace

class TestActivation : public QObject {
  Q_OBJECT
 private slots:
  void reference_derivative_matches_central_differences();
  void forward_and_backward_data();
  void forward_and_backward();
  void in_place_and_large();
  void gelu_over_a_wide_range();
  void mismatched_sizes_are_rejected();
};

void TestActivation::reference_derivative_matches_central_differences() {
  const double h = 1e-6;
  for (Activation a : kAll)
    for (double x = -4.0; x <= 4.0; x += 0.0625 + 1e-3) {  // never exactly on the kink at 0
      const double fd = (activate(a, x + h, double(kParam)) - activate(a, x - h, double(kParam))) / (2 * h);
      const double an = activation_derivative(a, x, double(kParam));
      QVERIFY2(std::fabs(fd - an) < 1e-7, qPrintable(QString("%1 at %2: fd %3 analytic %4")
                                                          .arg(activation_name(a).data()).arg(x).arg(fd).arg(an)));
    }
}

void TestActivation::forward_and_backward_data() {
  QTest::addColumn<int>("act");
  QTest::addColumn<int>("n");
  for (Activation a : kAll)
    for (int n : {1, 3, 7, 15, 17, 1000})
      QTest::addRow("%s_%d", activation_name(a).data(), n) << int(a) << n;
}

void TestActivation::forward_and_backward() {
  QFETCH(int, act);
  QFETCH(int, n);
  const Activation a = Activation(act);
  test::ValidationGuard guard;
  auto x = test::random_values(size_t(n), uint32_t(n + 13 * act), -3.f, 3.f);
  auto dy = test::random_values(size_t(n), uint32_t(n + 7), -1.f, 1.f);
  for (auto& be : test::all_backends()) {
    Tensor tx = be->from_host({n}, x), ty = be->empty({n}), tdy = be->from_host({n}, dy), tdx = be->empty({n});
    be->activation_forward(a, kParam, tx, ty);
    be->activation_backward(a, kParam, tx, ty, tdy, tdx);
    std::vector<float> y(static_cast<size_t>(n)), dx(static_cast<size_t>(n));
    be->download(ty, y);
    be->download(tdx, dx);
    for (int i = 0; i < n; ++i) {
      const double want_y = activate(a, double(x[i]), double(kParam));
      const double want_dx = double(dy[i]) * activation_derivative(a, double(x[i]), double(kParam));
      if (!close(y[i], want_y) || !close(dx[i], want_dx))
        QFAIL(qPrintable(QString("%1, x=%2: y %3 (want %4), dx %5 (want %6)")
                             .arg(QString::fromStdString(be->info().name)).arg(x[i]).arg(y[i]).arg(want_y)
                             .arg(dx[i]).arg(want_dx)));
    }
  }
}

// GELU's vectorized CPU path (exp and erf by polynomials, cpu_fast_math.cpp) far
// into both tails, at zero and its sign, and at lengths that end mid-vector.
void TestActivation::gelu_over_a_wide_range() {
  test::ValidationGuard guard;
  std::vector<float> x{0.f, -0.f, 1e-30f, -1e-30f, 100.f, -100.f, 1e30f, -1e30f, 87.f, -87.f, 88.f, -88.f};
  for (float v = -14.f; v <= 14.f; v += 0.013f) x.push_back(v);
  const auto dy = test::random_values(x.size(), 3, -2.f, 2.f);
  const int64_t n = int64_t(x.size());
  for (auto& be : test::all_backends()) {
    Tensor tx = be->from_host({n}, x), ty = be->empty({n}), tdy = be->from_host({n}, dy), tdx = be->empty({n});
    be->activation_forward(Activation::GELU, 0.f, tx, ty);
    be->activation_backward(Activation::GELU, 0.f, tx, ty, tdy, tdx);
    std::vector<float> y(x.size()), dx(x.size());
    be->download(ty, y);
    be->download(tdx, dx);
    for (size_t i = 0; i < x.size(); ++i) {
      const double want_y = activate(Activation::GELU, double(x[i])),
                   want_dx = double(dy[i]) * activation_derivative(Activation::GELU, double(x[i]));
      if (!close(y[i], want_y) || !close(dx[i], want_dx))
        QFAIL(qPrintable(QString("%1, x=%2: y %3 (want %4), dx %5 (want %6)")
                             .arg(QString::fromStdString(be->info().name)).arg(x[i]).arg(y[i]).arg(want_y)
                             .arg(dx[i]).arg(want_dx)));
    }
  }
}

// In place (y is x, dx is dy), and more elements than one row of workgroups holds.
void TestActivation::in_place_and_large() {
  test::ValidationGuard guard;
  const int64_t n = 64ll * 65535 + 37;
  std::vector<float> x(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) x[size_t(i)] = float((i % 7) - 3);
  for (auto& be : test::all_backends()) {
    Tensor t = be->from_host({n}, x);
    be->activation_forward(Activation::ReLU, 0.f, t, t);
    std::vector<float> y(static_cast<size_t>(n));
    be->download(t, y);
    for (int64_t i : {int64_t(0), int64_t(3), int64_t(4), n - 1, n - 2})
      QCOMPARE(y[size_t(i)], std::max(x[size_t(i)], 0.f));
    Tensor g = be->from_host({n}, std::vector<float>(size_t(n), 2.f));
    be->activation_backward(Activation::ReLU, 0.f, t, t, g, g);
    be->download(g, y);
    QCOMPARE(y[size_t(n - 1)], x[size_t(n - 1)] > 0 ? 2.f : 0.f);
    QCOMPARE(y[size_t(n - 2)], x[size_t(n - 2)] > 0 ? 2.f : 0.f);
  }
}

void TestActivation::mismatched_sizes_are_rejected() {
  for (auto& be : test::all_backends()) {
    Tensor a = be->empty({3}), b = be->empty({4});
    try {
      be->activation_forward(Activation::ReLU, 0.f, a, b);
      QFAIL("accepted");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("activation"), e.what());
    }
  }
}

QTEST_APPLESS_MAIN(TestActivation)
#include "test_activation.moc"
