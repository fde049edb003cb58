// Add, Multiply and Concatenate (ops/merge.h) on both backends against the
// double reference, whose backward is checked by central differences.
// Tolerance |err| <= 1e-5 (1 + |ref|): one or two float roundings per value.
#include <cmath>

#include "ops/merge.h"
#include "test_support.h"

using namespace strata;

namespace {
const char* kind_name(MergeKind k) {
  return k == MergeKind::Add ? "add" : k == MergeKind::Multiply ? "multiply" : "concatenate";
}
}  // namespace

class TestMerge : public QObject {
  Q_OBJECT
 private slots:
  void reference_backward_matches_central_differences_data();
  void reference_backward_matches_central_differences();
  void backends_match_reference_data();
  void backends_match_reference();
  void rejects_mismatched_inputs();
};

namespace {
void add_rows() {
  QTest::addColumn<int>("kind");
  QTest::addColumn<int>("outer");
  QTest::addColumn<int>("inner");
  QTest::addColumn<QList<int>>("widths");
  for (MergeKind k : {MergeKind::Add, MergeKind::Multiply, MergeKind::Concatenate}) {
    const bool cat = k == MergeKind::Concatenate;
    QTest::addRow("%s 1x1", kind_name(k)) << int(k) << 1 << 1 << QList<int>{1, 1};
    QTest::addRow("%s 3 inputs", kind_name(k)) << int(k) << 3 << 7 << (cat ? QList<int>{3, 1, 5} : QList<int>{3, 3, 3});
    QTest::addRow("%s 17x15", kind_name(k)) << int(k) << 17 << 1 << (cat ? QList<int>{15, 17} : QList<int>{15, 15});
    QTest::addRow("%s channels", kind_name(k)) << int(k) << 2 << 15 << (cat ? QList<int>{7, 3} : QList<int>{7, 7});
  }
}
MergeShape shape(int outer, int inner, const QList<int>& widths) {
  MergeShape s;
  s.outer = outer, s.inner = inner;
  for (int w : widths) s.widths.push_back(w);
  return s;
}
}  // namespace

void TestMerge::reference_backward_matches_central_differences_data() { add_rows(); }

void TestMerge::reference_backward_matches_central_differences() {
  QFETCH(int, kind);
  QFETCH(int, outer);
  QFETCH(int, inner);
  QFETCH(QList<int>, widths);
  const MergeShape s = shape(outer, inner, widths);
  const auto k = MergeKind(kind);
  std::vector<std::vector<double>> in;
  for (size_t i = 0; i < s.widths.size(); ++i) {
    const auto v = test::random_values(size_t(outer * s.widths[i] * inner), uint32_t(i + 1));
    in.emplace_back(v.begin(), v.end());
  }
  const auto rv = test::random_values(size_t(outer * s.output_width(k) * inner), 99);
  const std::vector<double> r(rv.begin(), rv.end());
  auto objective = [&] {
    std::vector<double> y;
    merge_forward_reference(k, s, in, y);
    double l = 0;
    for (size_t i = 0; i < y.size(); ++i) l += y[i] * r[i];
    return l;
  };
  std::vector<std::vector<double>> grads;
  merge_backward_reference(k, s, in, r, grads);
  for (size_t i = 0; i < in.size(); ++i) {
    const QString off = test::central_difference_mismatch(in[i], grads[i], objective, "dinput");
    QVERIFY2(off.isEmpty(), qPrintable(off));
  }
}

void TestMerge::backends_match_reference_data() { add_rows(); }

void TestMerge::backends_match_reference() {
  QFETCH(int, kind);
  QFETCH(int, outer);
  QFETCH(int, inner);
  QFETCH(QList<int>, widths);
  test::ValidationGuard guard;
  const MergeShape s = shape(outer, inner, widths);
  const auto k = MergeKind(kind);
  std::vector<std::vector<float>> in;
  std::vector<std::vector<double>> ind;
  for (size_t i = 0; i < s.widths.size(); ++i) {
    in.push_back(test::random_values(size_t(outer * s.widths[i] * inner), uint32_t(i + 7), -2.f, 2.f));
    ind.emplace_back(in.back().begin(), in.back().end());
  }
  const auto dy = test::random_values(size_t(outer * s.output_width(k) * inner), 42);
  std::vector<double> y;
  std::vector<std::vector<double>> dref;
  merge_forward_reference(k, s, ind, y);
  merge_backward_reference(k, s, ind, {dy.begin(), dy.end()}, dref);
  for (auto& be : test::all_backends()) {
    const QString who = QString::fromStdString(be->info().name);
    std::vector<Tensor> inputs, grads;
    for (const auto& v : in) {
      inputs.push_back(be->from_host({int64_t(v.size())}, v));
      grads.push_back(be->empty({int64_t(v.size())}));
    }
    const Tensor out = be->empty({int64_t(y.size())}), tdy = be->from_host({int64_t(dy.size())}, dy);
    merge_forward(*be, k, s, inputs, out);
    merge_backward(*be, k, s, inputs, tdy, grads);
    auto check = [&](const Tensor& t, const std::vector<double>& want, const QString& name) {
      std::vector<float> got(want.size());
      be->download(t, got);
      for (size_t i = 0; i < want.size(); ++i)
        if (!(std::fabs(got[i] - want[i]) <= 1e-5 * (1 + std::fabs(want[i]))))
          return QString("%1 %2[%3]: %4 want %5").arg(who, name).arg(i).arg(got[i]).arg(want[i]);
      return QString();
    };
    QString off = check(out, y, "y");
    for (size_t i = 0; i < grads.size() && off.isEmpty(); ++i) off = check(grads[i], dref[i], QString("dx%1").arg(i));
    QVERIFY2(off.isEmpty(), qPrintable(off));
  }
}

void TestMerge::rejects_mismatched_inputs() {
  MergeShape s = shape(4, 1, {8, 6});
  try {
    check_merge(MergeKind::Add, s, "add_1");
    QFAIL("accepted inputs of different shapes");
  } catch (const std::exception& e) {
    QVERIFY2(QString(e.what()).contains("add_1: input 2 has 6 values per sample, input 1 has 8"), e.what());
  }
  check_merge(MergeKind::Concatenate, s, "concatenate_1");
  s.widths = {8};
  QVERIFY_THROWS_EXCEPTION(std::exception, check_merge(MergeKind::Concatenate, s, "concatenate_1"));
}

QTEST_APPLESS_MAIN(TestMerge)
#include "test_merge.moc"
