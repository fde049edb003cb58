// Softmax cross-entropy on both backends against the double reference (itself
// checked by central differences) and against PyTorch as an outside oracle.
//
// Tolerances: loss |err| <= 2e-5 (1 + |ref|) (float log-sum-exp over up to
// 1000 classes); probabilities and gradients |err| <= 2e-6.
#include <cmath>

#include "core/error.h"
#include "ops/softmax_cross_entropy.h"
#include "test_support.h"
#include "torch_oracle.h"

using namespace strata;

namespace {

struct Problem {
  CrossEntropyShape s;
  bool distribution;
  std::vector<float> logits, targets;
};

Problem make_problem(int64_t batch, int64_t classes, bool distribution, uint32_t seed) {
  Problem p{{batch, classes}, distribution, test::random_values(size_t(batch * classes), seed, -4.f, 4.f), {}};
  std::mt19937 rng(seed + 1);
  if (distribution) {
    auto raw = test::random_values(size_t(batch * classes), seed + 2, 0.f, 1.f);
    for (int64_t b = 0; b < batch; ++b) {
      double sum = 0;
      for (int64_t c = 0; c < classes; ++c) sum += raw[b * classes + c];
      for (int64_t c = 0; c < classes; ++c) p.targets.push_back(float(raw[b * classes + c] / sum));
    }
  } else {
    for (int64_t b = 0; b < batch; ++b) p.targets.push_back(float(rng() % uint32_t(classes)));
  }
  return p;
}

double mean_loss(const Problem& p, const std::vector<float>& logits) {
  std::vector<double> probs(logits.size()), loss(size_t(p.s.batch));
  softmax_cross_entropy_reference(p.s, logits, p.targets, p.distribution, probs, loss);
  double sum = 0;
  for (double l : loss) sum += l;
  return sum / double(p.s.batch);
}

struct Result {
  std::vector<float> probs, loss, dlogits;
};

Result run(Backend& be, const Problem& p) {
  const int64_t B = p.s.batch, C = p.s.classes;
  Tensor z = be.from_host({B, C}, p.logits);
  Tensor t = p.distribution ? be.from_host({B, C}, p.targets) : be.from_host({B}, p.targets);
  Tensor probs = be.empty({B, C}), loss = be.empty({B}), d = be.empty({B, C});
  be.softmax_cross_entropy(z, t, p.distribution, probs, loss);
  be.softmax_cross_entropy_backward(probs, t, p.distribution, 1.f / float(B), d);
  Result r{std::vector<float>(size_t(B * C)), std::vector<float>(size_t(B)), std::vector<float>(size_t(B * C))};
  be.download(probs, r.probs);
  be.download(loss, r.loss);
  be.download(d, r.dlogits);
  return r;
}

}  // namespace

class TestCrossEntropy : public QObject {
  Q_OBJECT
 private slots:
  void reference_gradient_matches_central_differences();
  void backends_match_reference_data();
  void backends_match_reference();
  void matches_pytorch();
  void bad_labels_and_shapes();
};

void TestCrossEntropy::reference_gradient_matches_central_differences() {
  for (bool dist : {false, true}) {
    Problem p = make_problem(3, 7, dist, 5);
    std::vector<double> probs(p.logits.size()), loss(3);
    softmax_cross_entropy_reference(p.s, p.logits, p.targets, dist, probs, loss);
    // Central differences in float inputs are too coarse: perturb in double by
    // evaluating the reference on logits shifted by +-h (h representable in float).
    const double h = 1.0 / 1024;
    for (size_t i = 0; i < p.logits.size(); ++i) {
      auto up = p.logits, down = p.logits;
      up[i] += float(h);
      down[i] -= float(h);
      const double fd = (mean_loss(p, up) - mean_loss(p, down)) / (2 * h);
      const int64_t b = int64_t(i) / 7, c = int64_t(i) % 7;
      const double t = dist ? p.targets[i] : (int64_t(p.targets[size_t(b)]) == c ? 1.0 : 0.0);
      const double an = (probs[i] - t) / 3.0;
      QVERIFY2(std::fabs(fd - an) < 1e-6, qPrintable(QString("element %1: fd %2 analytic %3").arg(i).arg(fd).arg(an)));
    }
  }
}

void TestCrossEntropy::backends_match_reference_data() {
  QTest::addColumn<int>("batch");
  QTest::addColumn<int>("classes");
  QTest::addColumn<bool>("distribution");
  for (auto [b, c] : {std::pair{1, 1}, {1, 3}, {7, 10}, {17, 15}, {3, 1000}, {65, 2}})
    for (bool d : {false, true}) QTest::addRow("%dx%d%s", b, c, d ? "_dist" : "") << b << c << d;
}

void TestCrossEntropy::backends_match_reference() {
  QFETCH(int, batch);
  QFETCH(int, classes);
  QFETCH(bool, distribution);
  test::ValidationGuard guard;
  Problem p = make_problem(batch, classes, distribution, uint32_t(batch * 100 + classes));
  std::vector<double> probs(p.logits.size()), loss(static_cast<size_t>(batch));
  softmax_cross_entropy_reference(p.s, p.logits, p.targets, distribution, probs, loss);
  for (auto& be : test::all_backends()) {
    Result r = run(*be, p);
    const QString who = QString::fromStdString(be->info().name);
    for (int b = 0; b < batch; ++b)
      QVERIFY2(std::fabs(r.loss[b] - loss[b]) <= 2e-5 * (1 + std::fabs(loss[b])),
               qPrintable(who + QString(": loss %1 want %2").arg(r.loss[b]).arg(loss[b])));
    for (size_t i = 0; i < probs.size(); ++i) {
      const int64_t b = int64_t(i) / classes, c = int64_t(i) % classes;
      const double t = distribution ? p.targets[i] : (int64_t(p.targets[size_t(b)]) == c ? 1.0 : 0.0);
      QVERIFY2(std::fabs(r.probs[i] - probs[i]) <= 2e-6, qPrintable(who + " probability"));
      QVERIFY2(std::fabs(r.dlogits[i] - (probs[i] - t) / batch) <= 2e-6, qPrintable(who + " gradient"));
    }
  }
}

void TestCrossEntropy::matches_pytorch() {
  for (bool dist : {false, true}) {
    Problem p = make_problem(7, 10, dist, 42);
    test::Arrays in{{"logits", {{7, 10}, p.logits}}};
    if (dist) in["onehot"] = {{7, 10}, p.targets};
    else in["labels"] = {{7}, p.targets};
    QString why;
    auto out = test::run_torch_oracle("softmax_cross_entropy.py", in, &why);
    if (!out) QSKIP(qPrintable(why));
    for (auto& be : test::all_backends()) {
      Result r = run(*be, p);
      const auto& tl = (*out)["loss"].values;
      const auto& td = (*out)["dlogits"].values;
      for (int b = 0; b < 7; ++b) QVERIFY(std::fabs(r.loss[b] - tl[b]) <= 2e-5 * (1 + std::fabs(tl[b])));
      for (int i = 0; i < 70; ++i) QVERIFY(std::fabs(r.dlogits[i] - td[i]) <= 2e-6);
    }
  }
}

void TestCrossEntropy::bad_labels_and_shapes() {
  test::ValidationGuard guard;
  for (auto& be : test::all_backends()) {
    Tensor z = be->from_host({2, 3}, std::vector<float>{1, 2, 3, 4, 5, 6});
    Tensor bad = be->from_host({2}, std::vector<float>{1, 3});  // 3 is not a class of 0..2
    Tensor probs = be->empty({2, 3}), loss = be->empty({2});
    if (be->info().backend == BackendKind::Cpu) {
      try {
        be->softmax_cross_entropy(z, bad, false, probs, loss);
        QFAIL("a label out of range was accepted");
      } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("sample 1"), e.what());
      }
    } else {
      be->softmax_cross_entropy(z, bad, false, probs, loss);
      std::vector<float> l(2);
      be->download(loss, l);
      QVERIFY(std::isfinite(l[0]));
      QVERIFY(std::isnan(l[1]));  // made visible, never a read out of bounds
    }
    Tensor short_labels = be->empty({1});
    QVERIFY_THROWS_EXCEPTION(Error, be->softmax_cross_entropy(z, short_labels, false, probs, loss));
  }
}

QTEST_APPLESS_MAIN(TestCrossEntropy)
#include "test_cross_entropy.moc"
