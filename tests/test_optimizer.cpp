// Optimizer updates on both backends against the double reference and against
// torch.optim (PyTorch as the outside oracle), over several steps.
//
// Tolerance: |p - ref| <= 1e-5 (1 + |ref|) after 6 steps: float rounding of a
// handful of multiply-adds per step (Adam's 1/sqrt(v) amplifies it where v is small).
#include <cmath>

#include "core/error.h"
#include "ops/optimizer.h"
#include "test_support.h"
#include "vk/vk_backend.h"
#include "torch_oracle.h"

using namespace strata;

namespace {

constexpr int kSteps = 6;

struct Case {
  const char* name;
  OptimizerConfig cfg;
};

std::vector<Case> cases() {
  std::vector<Case> out;
  auto add = [&](const char* name, OptimizerKind k, bool nesterov, float lr, float b1, float b2, float wd) {
    OptimizerConfig c;
    c.kind = k, c.nesterov = nesterov, c.lr = lr, c.beta1 = b1, c.beta2 = b2, c.weight_decay = wd;
    c.eps = 1e-8f;
    out.push_back({name, c});
  };
  add("sgd", OptimizerKind::SGD, false, 0.1f, 0.f, 0.f, 0.f);
  add("sgd_momentum_wd", OptimizerKind::SGD, false, 0.05f, 0.9f, 0.f, 0.01f);
  add("sgd_nesterov", OptimizerKind::SGD, true, 0.05f, 0.9f, 0.f, 0.f);
  add("adam", OptimizerKind::Adam, false, 1e-2f, 0.9f, 0.999f, 0.f);
  add("adam_l2", OptimizerKind::Adam, false, 1e-2f, 0.8f, 0.99f, 0.05f);
  add("adamw", OptimizerKind::AdamW, false, 1e-2f, 0.9f, 0.999f, 0.1f);
  add("rmsprop", OptimizerKind::RMSprop, false, 1e-2f, 0.f, 0.99f, 0.f);
  add("rmsprop_wd", OptimizerKind::RMSprop, false, 1e-3f, 0.f, 0.9f, 0.02f);
  return out;
}

// Runs kSteps updates on `be`; returns the final parameters.
std::vector<float> run(Backend& be, const OptimizerConfig& cfg, const std::vector<float>& p0,
                       const std::vector<std::vector<float>>& grads, float grad_scale) {
  const int64_t n = int64_t(p0.size());
  Tensor p = be.from_host({n}, p0), g = be.empty({n}), hyper = be.empty({kHyperCount});
  Tensor s1 = be.from_host({n}, std::vector<float>(size_t(n), 0.f)), s2 = be.from_host({n}, std::vector<float>(size_t(n), 0.f));
  for (int t = 0; t < kSteps; ++t) {
    be.upload(g, grads[size_t(t)]);
    const auto h = cfg.hyper(t + 1, grad_scale);
    be.upload(hyper, h);
    be.optimizer_step(cfg, hyper, p, g, s1, s2);
  }
  std::vector<float> out(static_cast<size_t>(n));
  be.download(p, out);
  return out;
}

std::vector<double> reference(const OptimizerConfig& cfg, const std::vector<float>& p0,
                              const std::vector<std::vector<float>>& grads, float grad_scale) {
  std::vector<double> p(p0.begin(), p0.end()), s1(p0.size(), 0.0), s2(p0.size(), 0.0);
  for (int t = 0; t < kSteps; ++t) {
    std::vector<double> g(grads[size_t(t)].begin(), grads[size_t(t)].end());
    const auto h = cfg.hyper(t + 1, grad_scale);
    optimizer_step_reference(cfg, std::span<const float, kHyperCount>(h), p, g, s1, s2);
  }
  return p;
}

}  // namespace

class TestOptimizer : public QObject {
  Q_OBJECT
 private slots:
  void backends_match_reference_data();
  void backends_match_reference();
  void reference_matches_pytorch_data();
  void reference_matches_pytorch();
  void bad_operands();
  void clipping_by_global_norm();
};

void TestOptimizer::backends_match_reference_data() {
  QTest::addColumn<int>("index");
  QTest::addColumn<int>("n");
  const auto all = cases();
  for (int i = 0; i < int(all.size()); ++i)
    for (int n : {1, 7, 17, 1000}) QTest::addRow("%s_%d", all[size_t(i)].name, n) << i << n;
}

void TestOptimizer::backends_match_reference() {
  QFETCH(int, index);
  QFETCH(int, n);
  test::ValidationGuard guard;
  const OptimizerConfig cfg = cases()[size_t(index)].cfg;
  const auto p0 = test::random_values(size_t(n), uint32_t(n + index), -1.f, 1.f);
  std::vector<std::vector<float>> grads;
  for (int t = 0; t < kSteps; ++t) grads.push_back(test::random_values(size_t(n), uint32_t(100 * t + n), -1.f, 1.f));
  for (float scale : {1.f, 0.25f}) {
    const auto ref = reference(cfg, p0, grads, scale);
    for (auto& be : test::all_backends()) {
      // On Vulkan both kernels: four elements per invocation, and the fallback.
      auto* vkb = dynamic_cast<vk::VulkanBackend*>(be.get());
      for (bool vec4 : {true, false}) {
        if (!vec4 && !vkb) break;
        if (vkb) vkb->set_optimizer_vec4(vec4);
        const auto got = run(*be, cfg, p0, grads, scale);
        for (int i = 0; i < n; ++i)
          if (std::fabs(got[size_t(i)] - ref[size_t(i)]) > 1e-5 * (1 + std::fabs(ref[size_t(i)])))
            QFAIL(qPrintable(QString("%1%2 scale %3 element %4: %5, want %6")
                                 .arg(QString::fromStdString(be->info().name)).arg(vkb && !vec4 ? " (fallback)" : "")
                                 .arg(scale).arg(i).arg(got[size_t(i)]).arg(ref[size_t(i)])));
      }
      if (vkb) vkb->set_optimizer_vec4(true);
    }
  }
}

void TestOptimizer::reference_matches_pytorch_data() {
  QTest::addColumn<int>("index");
  QTest::addColumn<int>("n");
  const auto all = cases();
  for (int i = 0; i < int(all.size()); ++i) QTest::addRow("%s", all[size_t(i)].name) << i << 17;
}

void TestOptimizer::reference_matches_pytorch() {
  QFETCH(int, index);
  QFETCH(int, n);
  const OptimizerConfig cfg = cases()[size_t(index)].cfg;
  const auto p0 = test::random_values(size_t(n), 3, -1.f, 1.f);
  std::vector<std::vector<float>> grads;
  std::vector<float> flat;
  for (int t = 0; t < kSteps; ++t) {
    grads.push_back(test::random_values(size_t(n), uint32_t(7 * t + 1), -1.f, 1.f));
    flat.insert(flat.end(), grads.back().begin(), grads.back().end());
  }
  test::Arrays in{{"p0", {{n}, p0}},
                  {"grads", {{kSteps, n}, flat}},
                  {"config",
                   {{7},
                    {float(cfg.kind), float(cfg.nesterov), cfg.lr, cfg.beta1, cfg.beta2, cfg.eps, cfg.weight_decay}}}};
  QString why;
  auto out = test::run_torch_oracle("optimizer.py", in, &why);
  if (!out) QSKIP(qPrintable(why));
  const auto& torch_p = (*out)["p"].values;
  const auto ref = reference(cfg, p0, grads, 1.f);
  for (int i = 0; i < n; ++i)
    QVERIFY2(std::fabs(ref[size_t(i)] - torch_p[size_t(i)]) <= 1e-5 * (1 + std::fabs(ref[size_t(i)])),
             qPrintable(QString("element %1: reference %2, torch %3").arg(i).arg(ref[size_t(i)]).arg(torch_p[size_t(i)])));
  for (auto& be : test::all_backends()) {
    const auto got = run(*be, cfg, p0, grads, 1.f);
    for (int i = 0; i < n; ++i) QVERIFY(std::fabs(got[size_t(i)] - torch_p[size_t(i)]) <= 1e-5 * (1 + std::fabs(torch_p[size_t(i)])));
  }
}

void TestOptimizer::bad_operands() {
  OptimizerConfig adam;
  adam.kind = OptimizerKind::Adam;
  for (auto& be : test::all_backends()) {
    Tensor h = be->empty({kHyperCount}), p = be->empty({5}), g = be->empty({5}), s = be->empty({4});
    try {
      be->optimizer_step(adam, h, p, g, p, s);
      QFAIL("a state of the wrong size was accepted");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("adam step (parameter, second state)"), e.what());
    }
    Tensor short_h = be->empty({3});
    QVERIFY_THROWS_EXCEPTION(Error, be->optimizer_step(adam, short_h, p, g, p, p));
  }
  QVERIFY_THROWS_EXCEPTION(Error, optimizer_from_name("adagrad"));
  QCOMPARE(optimizer_from_name("adamw"), OptimizerKind::AdamW);
}

// sum(g^2) over two gradients, the scale computed on the device, and an SGD
// step that applies it: the update has the clipped global norm.
void TestOptimizer::clipping_by_global_norm() {
  test::ValidationGuard guard;
  const auto g1 = test::random_values(100003, 1), g2 = test::random_values(17, 2);
  double sumsq = 0;
  for (float v : g1) sumsq += double(v) * v;
  for (float v : g2) sumsq += double(v) * v;
  const double norm = std::sqrt(sumsq);
  for (float max_norm : {float(norm / 4), float(norm * 2)}) {
    const float want_scale = clip_scale_reference(sumsq, max_norm);
    QVERIFY(max_norm < norm ? want_scale < 1.f : want_scale == 1.f);
    for (auto& be : test::all_backends()) {
      Tensor t1 = be->from_host({100003}, g1), t2 = be->from_host({17}, g2), total = be->empty({1});
      OptimizerConfig sgd;
      sgd.lr = 1.f;
      Tensor hyper = be->from_host({kHyperCount}, sgd.hyper(1));
      be->sum_squares(t1, 0.f, total);
      be->sum_squares(t2, 1.f, total);
      be->set_clip_scale(total, max_norm, hyper);
      std::vector<float> tot(1), h(kHyperCount);
      be->download(total, tot);
      be->download(hyper, h);
      const QString who = QString::fromStdString(be->info().name);
      QVERIFY2(std::fabs(tot[0] - sumsq) <= 1e-5 * sumsq, qPrintable(who + QString(": total %1 want %2").arg(tot[0]).arg(sumsq)));
      QVERIFY2(std::fabs(h[kHyperGradScale] - want_scale) <= 1e-5f, qPrintable(who + " scale"));
      Tensor p = be->from_host({17}, std::vector<float>(17, 0.f));
      be->optimizer_step(sgd, hyper, p, t2, Tensor(), Tensor());
      std::vector<float> out(17);
      be->download(p, out);
      for (int i = 0; i < 17; ++i) QVERIFY(std::fabs(out[size_t(i)] + want_scale * g2[size_t(i)]) <= 1e-5f);
    }
  }
}

QTEST_APPLESS_MAIN(TestOptimizer)
#include "test_optimizer.moc"
