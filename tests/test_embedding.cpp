// Embedding lookup and gradient on both backends against the double reference
// (exact: copies and sums of a few floats, tolerance 1e-6 (1 + |ref|)); the
// gradient reaches only used rows, the padding row stays zero, and repeated
// ids sum their gradients. Reference backward checked by central differences.
#include <cmath>

#include "ops/embedding.h"
#include "test_support.h"

using namespace strata;

class TestEmbedding : public QObject {
  Q_OBJECT
 private slots:
  void reference_backward_matches_central_differences();
  void backends_match_reference_data();
  void backends_match_reference();
  void rejects_bad_parameters();
};

namespace {
std::vector<float> ids_for(int64_t count, int64_t vocab, uint32_t seed) {
  std::vector<float> ids;
  std::mt19937 rng(seed);
  for (int64_t i = 0; i < count; ++i) ids.push_back(float(std::uniform_int_distribution<int64_t>(0, vocab - 1)(rng)));
  if (count > 2) ids[1] = ids[0];  // a repeated id: its row gets the sum
  return ids;
}
}  // namespace

void TestEmbedding::reference_backward_matches_central_differences() {
  const EmbeddingParams p{7, 3, 9, 2};
  const auto ids = ids_for(p.count, p.vocab, 3);
  auto tv = test::random_values(size_t(p.vocab * p.dim), 1);
  std::vector<double> table(tv.begin(), tv.end());
  const auto rv = test::random_values(size_t(p.count * p.dim), 2);
  const std::vector<double> r(rv.begin(), rv.end());
  auto objective = [&] {
    std::vector<double> y(r.size());
    embedding_forward_reference(p, table, ids, y);
    double l = 0;
    for (size_t i = 0; i < y.size(); ++i) l += y[i] * r[i];
    return l;
  };
  std::vector<double> dtable(table.size());
  embedding_backward_reference(p, r, ids, dtable);
  const QString off = test::central_difference_mismatch(table, dtable, objective, "dtable");
  QVERIFY2(off.isEmpty(), qPrintable(off));
}

void TestEmbedding::backends_match_reference_data() {
  QTest::addColumn<int>("vocab");
  QTest::addColumn<int>("dim");
  QTest::addColumn<int>("count");
  QTest::addColumn<int>("padding");
  QTest::addRow("1x1") << 1 << 1 << 1 << -1;
  QTest::addRow("7x3 pad0") << 7 << 3 << 15 << 0;
  QTest::addRow("17x15 pad16") << 17 << 15 << 33 << 16;
  QTest::addRow("1000x64 many") << 1000 << 64 << 257 << 0;
  QTest::addRow("3x65 repeats") << 3 << 65 << 100 << 1;
}

void TestEmbedding::backends_match_reference() {
  QFETCH(int, vocab);
  QFETCH(int, dim);
  QFETCH(int, count);
  QFETCH(int, padding);
  test::ValidationGuard guard;
  const EmbeddingParams p{vocab, dim, count, padding};
  auto ids = ids_for(count, vocab, uint32_t(vocab + count));
  if (count > 3) ids[3] = float(vocab + 5);  // out of range: zeros, no gradient
  if (count > 4 && padding >= 0) ids[4] = float(padding);
  const auto table = test::random_values(size_t(vocab * dim), 5), dy = test::random_values(size_t(count * dim), 6);
  std::vector<double> y(dy.size()), dt(table.size());
  const std::vector<double> table_d(table.begin(), table.end()), dy_d(dy.begin(), dy.end());
  embedding_forward_reference(p, table_d, ids, y);
  embedding_backward_reference(p, dy_d, ids, dt);
  if (padding >= 0)
    for (int d = 0; d < dim; ++d) QCOMPARE(dt[size_t(padding * dim + d)], 0.0);
  for (auto& be : test::all_backends()) {
    const QString who = QString::fromStdString(be->info().name);
    const Tensor tt = be->from_host({vocab, dim}, table), tid = be->from_host({count}, ids);
    const Tensor ty = be->empty({count, dim}), tdy = be->from_host({count, dim}, dy);
    const Tensor tdt = be->from_host({vocab, dim}, std::vector<float>(table.size(), 7.f));  // must be overwritten
    be->embedding_forward(p, tt, tid, ty);
    be->embedding_backward(p, tdy, tid, tdt);
    for (auto [t, want, name] : {std::tuple{&ty, &y, "y"}, {&tdt, &dt, "dtable"}}) {
      std::vector<float> got(want->size());
      be->download(*t, got);
      for (size_t i = 0; i < got.size(); ++i)
        QVERIFY2(std::fabs(got[i] - (*want)[i]) <= 1e-6 * (1 + std::fabs((*want)[i])),
                 qPrintable(QString("%1 %2[%3]: %4 want %5").arg(who, name).arg(i).arg(got[i]).arg((*want)[i])));
    }
  }
}

void TestEmbedding::rejects_bad_parameters() {
  auto message = [](EmbeddingParams p) {
    try {
      check_embedding_params(p, "embedding_1");
    } catch (const std::exception& e) {
      return QString(e.what());
    }
    return QString();
  };
  QVERIFY(message({0, 4, 1, -1}).contains("embedding_1: vocabulary size"));
  QVERIFY(message({10, 0, 1, -1}).contains("embedding_1: dimension"));
  QVERIFY(message({10, 4, 1, 10}).contains("embedding_1: padding index 10"));
  QVERIFY(message({10, 4, 1, 0}).isEmpty());
}

QTEST_APPLESS_MAIN(TestEmbedding)
#include "test_embedding.moc"
