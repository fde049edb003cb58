// Padding masks, masked pooling over time and the attention softmax
// (ops/sequence.h) on both backends against the double references, whose
// backward is checked by central differences. Tolerance |err| <= 1e-5 (1 + |ref|).
#include <cmath>

#include "ops/sequence.h"
#include "ops/softmax.h"
#include "test_support.h"

using namespace strata;

namespace {
std::vector<double> d(const std::vector<float>& v) { return {v.begin(), v.end()}; }

// A padding mask for `batch` samples of `steps`: sample b has b % (steps + 1)
// real steps, padded at the front on odd samples and at the back on even ones,
// so batches hold fully padded samples, full ones and both layouts.
std::vector<float> awkward_mask(int64_t batch, int64_t steps) {
  std::vector<float> m(size_t(batch * steps), 0.f);
  for (int64_t b = 0; b < batch; ++b) {
    const int64_t real = (b + steps) % (steps + 1);
    for (int64_t t = 0; t < real; ++t) m[size_t(b * steps + (b % 2 ? steps - 1 - t : t))] = 1.f;
  }
  return m;
}

QString compare(const char* backend, const char* what, const std::vector<float>& got, const std::vector<double>& want,
                double tol = 1e-5) {
  for (size_t i = 0; i < got.size(); ++i)
    if (!std::isfinite(got[i]) || std::fabs(got[i] - want[i]) > tol * (1 + std::fabs(want[i])))
      return QString("%1 %2[%3]: %4 want %5").arg(backend, what).arg(i).arg(got[i]).arg(want[i]);
  return {};
}
}  // namespace

class TestSequence : public QObject {
  Q_OBJECT
 private slots:
  void reference_backward_matches_central_differences_data();
  void reference_backward_matches_central_differences();
  void backends_match_reference_data();
  void backends_match_reference();
  void attention_softmax_matches_reference_data();
  void attention_softmax_matches_reference();
  void mask_marks_nonzero_ids();
  void rejects_bad_operands();
};

void TestSequence::reference_backward_matches_central_differences_data() {
  QTest::addColumn<bool>("max");
  QTest::addColumn<bool>("masked");
  QTest::addRow("average") << false << false;
  QTest::addRow("average masked") << false << true;
  QTest::addRow("max") << true << false;
  QTest::addRow("max masked") << true << true;
}

void TestSequence::reference_backward_matches_central_differences() {
  QFETCH(bool, max);
  QFETCH(bool, masked);
  const SequenceShape s{4, 3, 5};
  auto x = d(test::random_values(size_t(s.in_count()), 3, -2.f, 2.f));
  const auto r = d(test::random_values(size_t(s.out_count()), 4));
  const std::vector<float> mask = masked ? awkward_mask(s.batch, s.steps) : std::vector<float>{};
  std::vector<double> y(size_t(s.out_count())), arg(size_t(s.out_count())), dx(x.size());
  auto objective = [&] {
    std::vector<double> yy(y.size()), aa(y.size());
    sequence_pool_forward_reference(max, s, x, mask, yy, aa);
    double l = 0;
    for (size_t i = 0; i < yy.size(); ++i) l += yy[i] * r[i];
    return l;
  };
  sequence_pool_forward_reference(max, s, x, mask, y, arg);
  sequence_pool_backward_reference(max, s, r, mask, arg, dx);
  const QString off = test::central_difference_mismatch(x, dx, objective, "dx");
  QVERIFY2(off.isEmpty(), qPrintable(off));

  // The attention softmax and softmax_backward (its backward) together.
  const AttentionSoftmaxShape a{3, 2, 4, 4, masked};
  auto scores = d(test::random_values(size_t(a.count()), 5, -3.f, 3.f));
  const auto ra = d(test::random_values(size_t(a.count()), 6));
  const std::vector<float> km = masked ? awkward_mask(a.batch, a.keys) : std::vector<float>{};
  auto attention = [&] {
    std::vector<double> p(scores.size());
    attention_softmax_reference(a, scores, km, p);
    double l = 0;
    for (size_t i = 0; i < p.size(); ++i) l += p[i] * ra[i];
    return l;
  };
  std::vector<double> p(scores.size()), ds(scores.size());
  attention_softmax_reference(a, scores, km, p);
  softmax_backward_reference({a.rows(), a.keys}, p, ra, ds);
  const QString off2 = test::central_difference_mismatch(scores, ds, attention, "dscores");
  QVERIFY2(off2.isEmpty(), qPrintable(off2));
}

void TestSequence::backends_match_reference_data() {
  QTest::addColumn<bool>("max");
  QTest::addColumn<int>("batch");
  QTest::addColumn<int>("steps");
  QTest::addColumn<int>("features");
  QTest::addColumn<bool>("masked");
  for (bool max : {false, true})
    for (auto [b, t, f] : {std::tuple{1, 1, 1}, {3, 3, 5}, {5, 7, 3}, {9, 17, 33}, {2, 17, 130}})
      for (bool masked : {false, true})
        QTest::addRow("%s %dx%dx%d%s", max ? "max" : "avg", b, t, f, masked ? " masked" : "")
            << max << b << t << f << masked;
}

void TestSequence::backends_match_reference() {
  QFETCH(bool, max);
  QFETCH(int, batch);
  QFETCH(int, steps);
  QFETCH(int, features);
  QFETCH(bool, masked);
  test::ValidationGuard guard;
  const SequenceShape s{batch, steps, features};
  const auto x = test::random_values(size_t(s.in_count()), uint32_t(batch * 31 + steps), -2.f, 2.f);
  const auto dy = test::random_values(size_t(s.out_count()), uint32_t(features + 7));
  const std::vector<float> mask = masked ? awkward_mask(batch, steps) : std::vector<float>{};
  std::vector<double> y(size_t(s.out_count())), arg(y.size()), dx(x.size());
  sequence_pool_forward_reference(max, s, d(x), mask, y, arg);
  sequence_pool_backward_reference(max, s, d(dy), mask, arg, dx);
  for (auto& be : test::all_backends()) {
    const QByteArray name = QByteArray::fromStdString(be->info().name);
    // Views at an offset: the layers pass the current batch's part of larger buffers.
    Tensor big = be->empty({s.in_count() + 3});
    Tensor tx = big.view(3, {batch, steps, features});
    be->upload(tx, x);
    Tensor tm = masked ? be->from_host({batch, steps}, mask) : Tensor();
    Tensor ty = be->empty({batch, features}), ta = max ? be->empty({batch, features}) : Tensor();
    Tensor tdy = be->from_host({batch, features}, dy), tdx = be->empty({batch, steps, features});
    be->fill(tdx, 7.f);  // every element must be written
    be->sequence_pool_forward(max, s, tx, masked ? &tm : nullptr, ty, ta);
    be->sequence_pool_backward(max, s, tdy, masked ? &tm : nullptr, ta, tdx);
    std::vector<float> gy(y.size()), gdx(dx.size());
    be->download(ty, gy);
    be->download(tdx, gdx);
    QString off = compare(name, "y", gy, y);
    if (off.isEmpty()) off = compare(name, "dx", gdx, dx);
    QVERIFY2(off.isEmpty(), qPrintable(off));
  }
}

void TestSequence::attention_softmax_matches_reference_data() {
  QTest::addColumn<int>("batch");
  QTest::addColumn<int>("heads");
  QTest::addColumn<int>("queries");
  QTest::addColumn<int>("keys");
  QTest::addColumn<bool>("masked");
  QTest::addColumn<bool>("causal");
  for (auto [b, h, q, k] : {std::tuple{1, 1, 1, 1}, {3, 3, 7, 7}, {4, 1, 3, 17}, {5, 3, 17, 17}, {2, 2, 5, 3}})
    for (bool masked : {false, true})
      for (bool causal : {false, true})
        QTest::addRow("%dx%dx%dx%d%s%s", b, h, q, k, masked ? " masked" : "", causal ? " causal" : "")
            << b << h << q << k << masked << causal;
}

void TestSequence::attention_softmax_matches_reference() {
  QFETCH(int, batch);
  QFETCH(int, heads);
  QFETCH(int, queries);
  QFETCH(int, keys);
  QFETCH(bool, masked);
  QFETCH(bool, causal);
  test::ValidationGuard guard;
  const AttentionSoftmaxShape s{batch, heads, queries, keys, causal};
  // Large scores: the softmax must subtract the row's maximum over valid keys.
  const auto x = test::random_values(size_t(s.count()), uint32_t(batch + 10 * keys), -40.f, 40.f);
  const std::vector<float> mask = masked ? awkward_mask(batch, keys) : std::vector<float>{};
  std::vector<double> p(size_t(s.count()));
  attention_softmax_reference(s, d(x), mask, p);
  for (size_t r = 0; r < size_t(s.rows()); ++r) {  // the reference's own promise: rows sum to 1 or are all 0
    double sum = 0;
    for (size_t k = 0; k < size_t(keys); ++k) sum += p[r * size_t(keys) + k];
    QVERIFY(std::fabs(sum - 1) < 1e-12 || sum == 0);
  }
  for (auto& be : test::all_backends()) {
    const QByteArray name = QByteArray::fromStdString(be->info().name);
    Tensor big = be->empty({s.count() + 5});
    Tensor tx = big.view(5, {s.count()});
    be->upload(tx, x);
    Tensor tm = masked ? be->from_host({batch, keys}, mask) : Tensor();
    Tensor tp = be->empty({s.count()});
    be->fill(tp, 7.f);
    be->attention_softmax(s, tx, masked ? &tm : nullptr, tp);
    std::vector<float> got(p.size());
    be->download(tp, got);
    const QString off = compare(name, "probabilities", got, p);
    QVERIFY2(off.isEmpty(), qPrintable(off));
    for (size_t i = 0; i < got.size(); ++i)
      if (p[i] == 0) QCOMPARE(got[i], 0.f);  // masked keys get exactly nothing
  }
}

void TestSequence::mask_marks_nonzero_ids() {
  test::ValidationGuard guard;
  const std::vector<float> ids{0, 3, 0, 0, 17, 1, 0, 2, 9};
  for (auto& be : test::all_backends()) {
    Tensor big = be->empty({12});
    Tensor ti = big.view(3, {9});
    be->upload(ti, ids);
    Tensor tm = be->empty({9});
    be->sequence_mask(ti, tm);
    std::vector<float> got(9);
    be->download(tm, got);
    QCOMPARE(got, (std::vector<float>{0, 1, 0, 0, 1, 1, 0, 1, 1}));
  }
}

void TestSequence::rejects_bad_operands() {
  for (auto& be : test::all_backends()) {
    Tensor x = be->empty({2, 3, 4}), y = be->empty({2, 4}), small = be->empty({5});
    QVERIFY(test::error_of([&] { be->sequence_pool_forward(false, {2, 3, 4}, x, &small, y, Tensor()); })
                .contains("padding mask"));
    QVERIFY(test::error_of([&] { be->sequence_pool_forward(true, {2, 3, 4}, x, nullptr, y, Tensor()); })
                .contains("argmax"));
    QVERIFY(test::error_of([&] { be->attention_softmax({2, 1, 3, 4}, x, &small, x); }).contains("key padding mask"));
    QVERIFY(test::error_of([&] { be->sequence_mask(x, small); }).contains("mask needs 24"));
  }
}

QTEST_APPLESS_MAIN(TestSequence)
#include "test_sequence.moc"
