// Layer normalization on both backends against the double reference, whose
// backward is checked by central differences. Tolerance |err| <= 1e-4 (1 + |ref|).
#include <cmath>
#include <map>

#include "ops/layer_norm.h"
#include "test_support.h"

using namespace strata;

namespace {
std::vector<double> d(const std::vector<float>& v) { return {v.begin(), v.end()}; }
}  // namespace

class TestLayerNorm : public QObject {
  Q_OBJECT
 private slots:
  void reference_backward_matches_central_differences();
  void backends_match_reference_data();
  void backends_match_reference();
};

void TestLayerNorm::reference_backward_matches_central_differences() {
  const LayerNormParams p{3, 5, 1e-5f};
  auto x = d(test::random_values(15, 1, -2.f, 2.f)), g = d(test::random_values(5, 2, 0.5f, 1.5f));
  auto b = d(test::random_values(5, 3)), r = d(test::random_values(15, 4));
  auto objective = [&] {
    std::vector<double> y(15), m(3), is(3);
    layer_norm_forward_reference(p, x, g, b, y, m, is);
    double l = 0;
    for (size_t i = 0; i < y.size(); ++i) l += y[i] * r[i];
    return l;
  };
  std::vector<double> y(15), m(3), is(3), dx(15), dg(5), db(5);
  layer_norm_forward_reference(p, x, g, b, y, m, is);
  layer_norm_backward_reference(p, x, g, m, is, r, dx, dg, db);
  for (auto [v, grad, name] : {std::tuple{&x, &dx, "dx"}, {&g, &dg, "dgamma"}, {&b, &db, "dbeta"}}) {
    const QString off = test::central_difference_mismatch(*v, *grad, objective, name);
    QVERIFY2(off.isEmpty(), qPrintable(off));
  }
}

void TestLayerNorm::backends_match_reference_data() {
  QTest::addColumn<int>("rows");
  QTest::addColumn<int>("dim");
  for (auto [r, c] : {std::pair{1, 1}, {3, 7}, {17, 15}, {5, 64}, {64, 3}}) QTest::addRow("%dx%d", r, c) << r << c;
}

void TestLayerNorm::backends_match_reference() {
  QFETCH(int, rows);
  QFETCH(int, dim);
  test::ValidationGuard guard;
  const LayerNormParams p{rows, dim, 1e-5f};
  const auto x = test::random_values(size_t(rows * dim), uint32_t(rows + dim), -2.f, 3.f);
  const auto g = test::random_values(size_t(dim), 5, 0.5f, 1.5f), b = test::random_values(size_t(dim), 6);
  const auto dy = test::random_values(size_t(rows * dim), 7);
  const size_t n = size_t(rows) * size_t(dim), nr = size_t(rows), nd = size_t(dim);
  std::vector<double> y(n), m(nr), is(nr), dx(n), dg(nd), db(nd);
  layer_norm_forward_reference(p, d(x), d(g), d(b), y, m, is);
  layer_norm_backward_reference(p, d(x), d(g), m, is, d(dy), dx, dg, db);
  const std::map<std::string, const std::vector<double>*> refs{{"y", &y}, {"dx", &dx}, {"dgamma", &dg}, {"dbeta", &db}};
  for (auto& be : test::all_backends()) {
    Tensor tx = be->from_host({rows, dim}, x), tg = be->from_host({dim}, g), tb = be->from_host({dim}, b);
    Tensor ty = be->empty({rows, dim}), tm = be->empty({rows}), ti = be->empty({rows});
    Tensor tdy = be->from_host({rows, dim}, dy), tdx = be->empty({rows, dim}), tdg = be->empty({dim}), tdb = be->empty({dim});
    be->layer_norm_forward(p, tx, tg, tb, ty, tm, ti);
    be->layer_norm_backward(p, tx, tg, tm, ti, tdy, tdx, tdg, tdb);
    const std::map<std::string, Tensor*> got{{"y", &ty}, {"dx", &tdx}, {"dgamma", &tdg}, {"dbeta", &tdb}};
    for (const auto& [name, ref] : refs) {
      std::vector<float> v(ref->size());
      be->download(*got.at(name), v);
      for (size_t i = 0; i < v.size(); ++i)
        if (std::fabs(v[i] - (*ref)[i]) > 1e-4 * (1 + std::fabs((*ref)[i])))
          QFAIL(qPrintable(QString("%1 %2[%3]: %4 want %5").arg(QString::fromStdString(be->info().name))
                               .arg(name.c_str()).arg(i).arg(v[i]).arg((*ref)[i])));
    }
  }
}

QTEST_APPLESS_MAIN(TestLayerNorm)
#include "test_layer_norm.moc"
