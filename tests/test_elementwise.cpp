// add, strided copies and the L1/L2 penalties on both backends, on views at
// odd offsets, against double references (central differences for the
// penalty's gradient away from w = 0, where |w| has a kink).
#include <cmath>

#include "ops/elementwise.h"
#include "test_support.h"

using namespace strata;

class TestElementwise : public QObject {
  Q_OBJECT
 private slots:
  void add_on_views();
  void strided_copies_data();
  void strided_copies();
  void penalty_gradient_matches_central_differences();
  void penalties_match_reference();
};

void TestElementwise::add_on_views() {
  test::ValidationGuard guard;
  const auto a = test::random_values(40, 1), b = test::random_values(40, 2);
  for (auto& be : test::all_backends()) {
    const Tensor ta = be->from_host({40}, a), tb = be->from_host({40}, b), out = be->empty({40});
    be->fill(out, 9.f);
    // 17 values starting at odd offsets 3, 5 and 7.
    be->add(2.f, ta.view(3, {17}), -0.5f, tb.view(5, {17}), out.view(7, {17}));
    std::vector<float> got(40);
    be->download(out, got);
    for (int i = 0; i < 40; ++i) {
      const double want = i >= 7 && i < 24 ? 2.0 * a[size_t(i - 4)] - 0.5 * b[size_t(i - 2)] : 9.0;
      QVERIFY2(std::fabs(got[size_t(i)] - want) < 1e-6, qPrintable(QString("%1 [%2]").arg(be->info().name.c_str()).arg(i)));
    }
  }
}

void TestElementwise::strided_copies_data() {
  QTest::addColumn<int>("a");
  QTest::addColumn<int>("b");
  QTest::addColumn<int>("f");
  for (auto [a, b, f] : {std::tuple{1, 1, 1}, {3, 7, 5}, {17, 15, 3}, {2, 64, 33}}) QTest::addRow("%dx%dx%d", a, b, f) << a << b << f;
}

void TestElementwise::strided_copies() {
  QFETCH(int, a);
  QFETCH(int, b);
  QFETCH(int, f);
  test::ValidationGuard guard;
  const int64_t n = int64_t(a) * b * f;
  const auto src = test::random_values(size_t(n + 3), uint32_t(n));
  for (auto& be : test::all_backends()) {
    const QString who = QString::fromStdString(be->info().name);
    // Swap of the leading axes, from a source view at offset 3.
    const Tensor ts = be->from_host({n + 3}, src), swapped = be->empty({n});
    be->strided_copy(swap_leading_axes(a, b, f), ts.view(3, {n}), swapped, false);
    std::vector<float> got(static_cast<size_t>(n));
    be->download(swapped, got);
    for (int i = 0; i < a; ++i)
      for (int j = 0; j < b; ++j)
        for (int k = 0; k < f; ++k)
          QVERIFY2(got[size_t((j * a + i) * f + k)] == src[size_t(3 + (i * b + j) * f + k)], qPrintable(who));
    // Columns [2, 2 + f) of an [a, f + 5] whole, accumulated onto ones, then gathered back.
    const int64_t total = f + 5;
    const Tensor whole = be->from_host({a * total}, std::vector<float>(size_t(a * total), 1.f));
    const Tensor part = be->from_host({int64_t(a) * f}, std::vector<float>(src.begin(), src.begin() + a * f));
    be->strided_copy(column_slice(a, f, total, 2, false), part, whole, true);
    const Tensor back = be->empty({int64_t(a) * f});
    be->strided_copy(column_slice(a, f, total, 2, true), whole, back, false);
    std::vector<float> w(size_t(a * total)), bk(size_t(a * f));
    be->download(whole, w);
    be->download(back, bk);
    for (int i = 0; i < a; ++i)
      for (int c = 0; c < total; ++c) {
        const bool in = c >= 2 && c < 2 + f;
        const float want = in ? 1.f + src[size_t(i * f + c - 2)] : 1.f;
        QVERIFY2(w[size_t(i * total + c)] == want, qPrintable(who));
        if (in) QVERIFY2(bk[size_t(i * f + c - 2)] == want, qPrintable(who));
      }
    QVERIFY_THROWS_EXCEPTION(std::exception,
                             be->strided_copy(column_slice(a, f, total, 6, false), part, whole, false));
  }
}

void TestElementwise::penalty_gradient_matches_central_differences() {
  auto wf = test::random_values(23, 4);
  for (auto& v : wf)
    if (std::fabs(v) < 0.05f) v = 0.3f;  // keep away from the kink of |w|
  std::vector<double> w(wf.begin(), wf.end()), grad(w.size());
  const double l1 = 0.3, l2 = 0.7;
  for (size_t i = 0; i < w.size(); ++i) grad[i] = norm_penalty_derivative(w[i], l1, l2);
  auto objective = [&] {
    double s = 0;
    for (double v : w) s += norm_penalty_reference(v, l1, l2);
    return s;
  };
  const QString off = test::central_difference_mismatch(w, grad, objective, "dw");
  QVERIFY2(off.isEmpty(), qPrintable(off));
}

void TestElementwise::penalties_match_reference() {
  test::ValidationGuard guard;
  for (int n : {1, 7, 300, 1025}) {
    auto w = test::random_values(size_t(n) + 1, uint32_t(n));
    w[1] = 0.f;  // sign(0) = 0
    const auto g = test::random_values(size_t(n), uint32_t(n + 1));
    const float l1 = 0.01f, l2 = 0.002f;
    double total = 0.5 * 2.0;  // beta * previous total
    std::vector<double> grad(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
      total += norm_penalty_reference(w[size_t(i + 1)], l1, l2);
      grad[size_t(i)] = g[size_t(i)] + norm_penalty_derivative(w[size_t(i + 1)], l1, l2);
    }
    for (auto& be : test::all_backends()) {
      const QString who = QString::fromStdString(be->info().name);
      const Tensor tw = be->from_host({n + 1}, w), tg = be->from_host({n}, g), tt = be->from_host({1}, std::vector<float>{2.f});
      be->norm_penalty(tw.view(1, {n}), l1, l2, 0.5f, tt);
      be->norm_penalty_backward(tw.view(1, {n}), l1, l2, tg);
      std::vector<float> t(1), gr(static_cast<size_t>(n));
      be->download(tt, t);
      be->download(tg, gr);
      QVERIFY2(std::fabs(t[0] - total) <= 1e-5 * (1 + total), qPrintable(QString("%1 total %2 want %3").arg(who).arg(t[0]).arg(total)));
      for (int i = 0; i < n; ++i)
        QVERIFY2(std::fabs(gr[size_t(i)] - grad[size_t(i)]) <= 1e-6 * (1 + std::fabs(grad[size_t(i)])), qPrintable(who));
    }
  }
}

QTEST_APPLESS_MAIN(TestElementwise)
#include "test_elementwise.moc"
