// Max and average pooling (and global average pooling) on both backends
// against the double reference; the reference backward is checked by central
// differences. Tolerance |err| <= 1e-5 (1 + |ref|).
#include <cmath>

#include "core/error.h"
#include "ops/pool.h"
#include "test_support.h"

using namespace strata;

namespace {

PoolParams params(bool max, int64_t n, int64_t c, int64_t h, int64_t w, int64_t k, int64_t s, int64_t pad) {
  PoolParams p;
  p.max = max, p.batch = n, p.channels = c, p.height = h, p.width = w;
  p.kh = p.kw = k, p.sh = p.sw = s, p.ph = p.pw = pad;
  return p;
}

// L(x) = sum_o y_o r_o with fixed weights r: dL/dx is pool backward of r.
double objective(const PoolParams& p, const std::vector<double>& x, const std::vector<double>& r) {
  std::vector<double> y(size_t(p.out_count())), am(size_t(p.out_count()));
  pool_forward_reference(p, x, y, am);
  double l = 0;
  for (size_t i = 0; i < y.size(); ++i) l += y[i] * r[i];
  return l;
}

}  // namespace

class TestPool : public QObject {
  Q_OBJECT
 private slots:
  void reference_backward_matches_central_differences();
  void backends_match_reference_data();
  void backends_match_reference();
  void max_ties_go_to_the_first_in_the_window();
  void impossible_parameters_are_named();
};

void TestPool::reference_backward_matches_central_differences() {
  for (bool max : {true, false}) {
    const PoolParams p = params(max, 1, 2, 5, 6, 3, 2, 1);
    const auto xf = test::random_values(size_t(p.in_count()), 3);
    const auto rf = test::random_values(size_t(p.out_count()), 4);
    std::vector<double> x(xf.begin(), xf.end()), r(rf.begin(), rf.end());
    std::vector<double> y(size_t(p.out_count())), am(size_t(p.out_count())), dx(size_t(p.in_count()));
    pool_forward_reference(p, x, y, am);
    pool_backward_reference(p, r, am, dx);
    const double h = 1e-6;
    for (size_t i = 0; i < x.size(); ++i) {
      auto up = x, down = x;
      up[i] += h;
      down[i] -= h;
      const double fd = (objective(p, up, r) - objective(p, down, r)) / (2 * h);
      QVERIFY2(std::fabs(fd - dx[i]) < 1e-6, qPrintable(QString("%1 element %2: fd %3 analytic %4")
                                                            .arg(max ? "max" : "avg").arg(i).arg(fd).arg(dx[i])));
    }
  }
}

void TestPool::backends_match_reference_data() {
  QTest::addColumn<bool>("max");
  QTest::addColumn<int>("n");
  QTest::addColumn<int>("c");
  QTest::addColumn<int>("h");
  QTest::addColumn<int>("w");
  QTest::addColumn<int>("k");
  QTest::addColumn<int>("s");
  QTest::addColumn<int>("pad");
  const int shapes[][7] = {{1, 1, 1, 1, 1, 1, 0}, {2, 3, 7, 5, 2, 2, 0},  {1, 2, 15, 17, 3, 2, 1},
                           {3, 1, 6, 6, 3, 1, 1}, {2, 3, 7, 7, 7, 1, 0} /* global */, {1, 1, 4, 4, 2, 2, 1},
                           {4, 7, 28, 28, 2, 2, 0}};
  for (bool max : {true, false})
    for (const auto& s : shapes)
      QTest::addRow("%s_%dx%dx%dx%d_k%d_s%d_p%d", max ? "max" : "avg", s[0], s[1], s[2], s[3], s[4], s[5], s[6])
          << max << s[0] << s[1] << s[2] << s[3] << s[4] << s[5] << s[6];
}

void TestPool::backends_match_reference() {
  QFETCH(bool, max);
  QFETCH(int, n);
  QFETCH(int, c);
  QFETCH(int, h);
  QFETCH(int, w);
  QFETCH(int, k);
  QFETCH(int, s);
  QFETCH(int, pad);
  test::ValidationGuard guard;
  const PoolParams p = params(max, n, c, h, w, k, s, pad);
  const auto x = test::random_values(size_t(p.in_count()), uint32_t(n * 7 + h));
  const auto dy = test::random_values(size_t(p.out_count()), uint32_t(c * 5 + w));
  std::vector<double> xd(x.begin(), x.end()), dyd(dy.begin(), dy.end());
  std::vector<double> ref_y(size_t(p.out_count())), ref_am(size_t(p.out_count())), ref_dx(size_t(p.in_count()));
  pool_forward_reference(p, xd, ref_y, ref_am);
  pool_backward_reference(p, dyd, ref_am, ref_dx);
  const Shape in_shape{n, c, h, w}, out_shape{n, c, p.out_height(), p.out_width()};
  for (auto& be : test::all_backends()) {
    Tensor tx = be->from_host(in_shape, x), ty = be->empty(out_shape), am = be->empty(out_shape);
    Tensor tdy = be->from_host(out_shape, dy), tdx = be->empty(in_shape);
    be->pool_forward(p, tx, ty, am);
    be->pool_backward(p, tdy, am, tdx);
    std::vector<float> y(static_cast<size_t>(p.out_count())), dx(static_cast<size_t>(p.in_count()));
    be->download(ty, y);
    be->download(tdx, dx);
    const QString who = QString::fromStdString(be->info().name);
    for (size_t i = 0; i < y.size(); ++i)
      QVERIFY2(std::fabs(y[i] - ref_y[i]) <= 1e-5 * (1 + std::fabs(ref_y[i])), qPrintable(who + " forward"));
    for (size_t i = 0; i < dx.size(); ++i)
      QVERIFY2(std::fabs(dx[i] - ref_dx[i]) <= 1e-5 * (1 + std::fabs(ref_dx[i])),
               qPrintable(who + QString(" backward element %1: %2 want %3").arg(i).arg(dx[i]).arg(ref_dx[i])));
  }
}

void TestPool::max_ties_go_to_the_first_in_the_window() {
  // Values from {-1, 0, 0.5, 1} make ties common: each backend (the CPU's 2x2
  // fast path, eight outputs at a time, included) must send the gradient to
  // the first maximum in row-major order, as the reference does.
  test::ValidationGuard guard;
  for (const auto& [h, w] : std::vector<std::pair<int, int>>{{18, 33}, {4, 16}, {5, 3}}) {
    const PoolParams p = params(true, 2, 3, h, w, 2, 2, 0);
    auto x = test::random_values(size_t(p.in_count()), 11);
    for (auto& v : x) v = v < -0.5f ? -1.f : v < 0.f ? 0.f : v < 0.5f ? 0.5f : 1.f;
    const auto dy = test::random_values(size_t(p.out_count()), 12);
    std::vector<double> xd(x.begin(), x.end()), dyd(dy.begin(), dy.end());
    std::vector<double> ref_y(size_t(p.out_count())), ref_am(size_t(p.out_count())), ref_dx(size_t(p.in_count()));
    pool_forward_reference(p, xd, ref_y, ref_am);
    pool_backward_reference(p, dyd, ref_am, ref_dx);
    const Shape in_shape{2, 3, h, w}, out_shape{2, 3, p.out_height(), p.out_width()};
    for (auto& be : test::all_backends()) {
      Tensor tx = be->from_host(in_shape, x), ty = be->empty(out_shape), am = be->empty(out_shape);
      Tensor tdy = be->from_host(out_shape, dy), tdx = be->empty(in_shape);
      be->pool_forward(p, tx, ty, am);
      be->pool_backward(p, tdy, am, tdx);
      std::vector<float> dx(static_cast<size_t>(p.in_count()));
      be->download(tdx, dx);
      for (size_t i = 0; i < dx.size(); ++i)
        QVERIFY2(float(ref_dx[i]) == dx[i], qPrintable(QString::fromStdString(be->info().name) +
                                                       QString(" %1x%2 element %3: %4 want %5").arg(h).arg(w).arg(i).arg(dx[i]).arg(ref_dx[i])));
    }
  }
}

void TestPool::impossible_parameters_are_named() {
  auto message = [](PoolParams p) {
    try {
      check_pool_params(p, "MaxPool2D 'pool_1'");
    } catch (const Error& e) {
      return QString(e.what());
    }
    return QString();
  };
  QVERIFY(message(params(true, 1, 1, 2, 2, 3, 1, 0)).contains("pool size 3x3 is larger than the padded input 2x2"));
  QVERIFY(message(params(true, 1, 1, 8, 8, 2, 0, 0)).contains("stride"));
  QVERIFY(message(params(true, 1, 1, 8, 8, 2, 2, 2)).contains("padding"));
  QVERIFY(message(params(true, 1, 1, 8, 8, 0, 1, 0)).contains("pool size"));
  QVERIFY(message(params(true, 1, 1, 8, 8, 2, 2, 0)).isEmpty());
  QVERIFY(message(params(true, 1, 1, 8, 8, 2, 2, 2)).startsWith("MaxPool2D 'pool_1'"));
}

QTEST_APPLESS_MAIN(TestPool)
#include "test_pool.moc"
