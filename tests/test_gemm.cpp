// GEMM on both backends (and both Vulkan kernels) against the double-precision
// reference, for every transpose combination on awkward shapes.
//
// Tolerance: the standard forward error bound of a length-K dot product in
// float32, |c - ref| <= 2 K u sum_p |a_ip b_pj| with u = 2^-24, plus 1e-6 for
// the fused epilogue (bias, activation). A kernel that drops or repeats a
// single term exceeds it by orders of magnitude.
#include <cmath>

#include "core/error.h"
#include "ops/gemm.h"
#include "test_support.h"
#include "cpu/cpu_backend.h"
#include "cpu/cpu_isa.h"
#include "cpu/cpu_sgemm.h"
#include "vk/vk_backend.h"

using namespace strata;

namespace {

struct Case {
  int64_t m, n, k;
};

// sum_p |op(A)_ip| |op(B)_pj| for every (i, j): the scale of the error bound.
std::vector<double> abs_scale(const GemmArgs& g, const std::vector<float>& a, const std::vector<float>& b) {
  std::vector<double> s(size_t(g.m * g.n), 0.0);
  for (int64_t i = 0; i < g.m; ++i)
    for (int64_t p = 0; p < g.k; ++p) {
      double av = std::fabs(g.trans_a ? a[p * g.m + i] : a[i * g.k + p]);
      for (int64_t j = 0; j < g.n; ++j) s[i * g.n + j] += av * std::fabs(g.trans_b ? b[j * g.k + p] : b[p * g.n + j]);
    }
  return s;
}

// Runs one GEMM on `be` and returns the worst error relative to the bound (<= 1 passes).
double worst_ratio(Backend& be, const GemmArgs& g, uint32_t seed) {
  auto a = test::random_values(size_t(g.m * g.k), seed);
  auto b = test::random_values(size_t(g.k * g.n), seed + 1);
  auto bias = test::random_values(size_t(g.bias == BiasMode::PerRow ? g.m : g.n), seed + 2);
  auto c0 = test::random_values(size_t(g.m * g.n), seed + 3);
  std::vector<float> ref = c0;
  gemm_reference(g, a, b, bias, ref);

  Tensor ta = be.from_host({g.trans_a ? g.k : g.m, g.trans_a ? g.m : g.k}, a);
  Tensor tb = be.from_host({g.trans_b ? g.n : g.k, g.trans_b ? g.k : g.n}, b);
  Tensor tbias = be.from_host({int64_t(bias.size())}, bias);
  Tensor tc = be.from_host({g.m, g.n}, c0);
  be.gemm(g, ta, tb, tc, g.bias == BiasMode::None ? nullptr : &tbias);
  std::vector<float> out(size_t(g.m * g.n));
  be.download(tc, out);

  const auto scale = abs_scale(g, a, b);
  const double u = std::ldexp(1.0, -24);
  double worst = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    if (!std::isfinite(out[i])) return INFINITY;
    double bound = 2.0 * double(g.k) * u * (std::fabs(g.alpha) * scale[i] + std::fabs(g.beta * c0[i])) + 1e-6;
    worst = std::max(worst, std::fabs(double(out[i]) - double(ref[i])) / bound);
  }
  return worst;
}

}  // namespace

class TestGemm : public QObject {
  Q_OBJECT
 private slots:
  void transposes_data();
  void transposes();
  void epilogues_data();
  void epilogues();
  void bad_operands_are_rejected();
  void views_at_awkward_offsets();
  void own_kernels_match_reference();
  void batched_matches_reference();
};

// Backend::gemm_batched (attention's per-head, per-sample products): items at
// strides with gaps, every transpose, alpha and beta, few and many items (the
// CPU backend splits many over its workers); an operand too short is refused.
void TestGemm::batched_matches_reference() {
  test::ValidationGuard guard;
  for (auto [m, n, k, count] : {std::tuple{1, 1, 1, 1}, {3, 7, 5, 6}, {17, 17, 4, 128}, {20, 16, 20, 64}})
    for (int t = 0; t < 4; ++t) {
      GemmArgs g{m, n, k, bool(t & 1), bool(t & 2), 0.5f, t == 3 ? 1.f : 0.f};
      const GemmBatch batch{count, m * k + 3, k * n + 1, m * n + 2};
      const auto a = test::random_values(size_t(count * batch.stride_a), 1), b = test::random_values(size_t(count * batch.stride_b), 2);
      const auto c0 = test::random_values(size_t(count * batch.stride_c), 3);
      std::vector<float> want = c0;
      for (int i = 0; i < count; ++i)
        gemm_reference(g, std::span(a).subspan(size_t(i * batch.stride_a), size_t(m * k)),
                       std::span(b).subspan(size_t(i * batch.stride_b), size_t(k * n)), {},
                       std::span(want).subspan(size_t(i * batch.stride_c), size_t(m * n)));
      for (auto& be : test::all_backends()) {
        Tensor ta = be->from_host({int64_t(a.size())}, a), tb = be->from_host({int64_t(b.size())}, b);
        Tensor tc = be->from_host({int64_t(c0.size())}, c0);
        be->gemm_batched(g, batch, ta, tb, tc);
        std::vector<float> got(c0.size());
        be->download(tc, got);
        for (size_t i = 0; i < got.size(); ++i)
          if (std::fabs(got[i] - want[i]) > 1e-5 * (1 + std::fabs(want[i])))
            QFAIL(qPrintable(QString("%1 %2x%3x%4 x%5 t%6 [%7]: %8 want %9").arg(QString::fromStdString(be->info().name))
                                 .arg(m).arg(n).arg(k).arg(count).arg(t).arg(i).arg(got[i]).arg(want[i])));
        Tensor small = be->empty({(count - 1) * batch.stride_c + m * n - 1});
        QVERIFY(test::error_of([&] { be->gemm_batched(g, batch, ta, tb, small); }).contains("batched GEMM: C holds"));
      }
    }
}

void TestGemm::transposes_data() {
  QTest::addColumn<int>("m");
  QTest::addColumn<int>("n");
  QTest::addColumn<int>("k");
  QTest::addColumn<bool>("ta");
  QTest::addColumn<bool>("tb");
  const Case cases[] = {{1, 1, 1},    {3, 7, 5},    {17, 15, 33}, {64, 64, 64}, {257, 129, 65},
                        {513, 3, 40} /* tall-skinny */, {2, 300, 17} /* short-wide */, {16, 32, 8},
                        {40, 300, 30} /* the CPU backend splits C by columns */,
                        // A read as texels on Vulkan (rows and K in whole vec4s): edge rows, a K tail
                        {36, 20, 24}, {12, 8, 44}, {100, 12, 16}};
  for (const auto& c : cases)
    for (int t = 0; t < 4; ++t) {
      bool ta = t & 1, tb = t & 2;
      QTest::addRow("%lldx%lldx%lld%s%s", (long long)c.m, (long long)c.n, (long long)c.k, ta ? "_At" : "", tb ? "_Bt" : "")
          << int(c.m) << int(c.n) << int(c.k) << ta << tb;
    }
}

void TestGemm::transposes() {
  QFETCH(int, m);
  QFETCH(int, n);
  QFETCH(int, k);
  QFETCH(bool, ta);
  QFETCH(bool, tb);
  test::ValidationGuard guard;
  GemmArgs g;
  g.m = m, g.n = n, g.k = k, g.trans_a = ta, g.trans_b = tb;
  for (auto& be : test::all_backends()) {
    std::vector<vk::GemmPath> paths{vk::GemmPath::Auto};
    auto* vkb = dynamic_cast<vk::VulkanBackend*>(be.get());
    if (vkb) paths = {vk::GemmPath::RegisterBlockedTexel, vk::GemmPath::RegisterBlocked, vk::GemmPath::SharedTiles};
    for (auto path : paths) {
      if (vkb) vkb->set_gemm_path(path);
      const double r = worst_ratio(*be, g, uint32_t(m * 31 + n * 7 + k));
      if (r > 1.0)
        QFAIL(qPrintable(QString("%1%2: error %3x the bound")
                             .arg(QString::fromStdString(be->info().name))
                             .arg(vkb ? (path == vk::GemmPath::SharedTiles ? " (tiled)"
                                         : path == vk::GemmPath::RegisterBlocked ? " (register-blocked)"
                                                                                 : " (register-blocked, texel B)")
                                      : "")
                             .arg(r)));
    }
  }
}

void TestGemm::epilogues_data() {
  QTest::addColumn<int>("bias");
  QTest::addColumn<int>("act");
  QTest::addColumn<float>("alpha");
  QTest::addColumn<float>("beta");
  QTest::newRow("bias_cols_relu") << 1 << int(Activation::ReLU) << 1.f << 0.f;
  QTest::newRow("bias_rows_sigmoid") << 2 << int(Activation::Sigmoid) << 1.f << 0.f;
  QTest::newRow("tanh_alpha") << 0 << int(Activation::Tanh) << 0.5f << 0.f;
  QTest::newRow("gelu_bias") << 1 << int(Activation::GELU) << 1.f << 0.f;
  QTest::newRow("leaky_beta_accumulate") << 0 << int(Activation::LeakyReLU) << 1.f << 1.f;
  QTest::newRow("beta_half_bias_rows") << 2 << int(Activation::None) << -2.f << 0.5f;
}

void TestGemm::epilogues() {
  QFETCH(int, bias);
  QFETCH(int, act);
  QFETCH(float, alpha);
  QFETCH(float, beta);
  test::ValidationGuard guard;
  for (auto& be : test::all_backends()) {
    auto* vkb = dynamic_cast<vk::VulkanBackend*>(be.get());
    const vk::GemmPath paths[] = {vk::GemmPath::RegisterBlockedTexel, vk::GemmPath::RegisterBlocked, vk::GemmPath::SharedTiles};
    for (int path = 0; path < (vkb ? 3 : 1); ++path) {
      if (vkb) vkb->set_gemm_path(paths[path]);
      for (Case c : {Case{7, 17, 15}, Case{65, 36, 9}}) {
        GemmArgs g;
        g.m = c.m, g.n = c.n, g.k = c.k, g.alpha = alpha, g.beta = beta;
        g.bias = BiasMode(bias);
        g.act = Activation(act);
        g.act_param = 0.1f;
        const double r = worst_ratio(*be, g, 99);
        if (r > 1.0)
          QFAIL(qPrintable(QString("%1 path %2 %3x%4x%5: error %6x the bound")
                               .arg(QString::fromStdString(be->info().name)).arg(path).arg(c.m).arg(c.n).arg(c.k).arg(r)));
      }
    }
  }
}

void TestGemm::bad_operands_are_rejected() {
  for (auto& be : test::all_backends()) {
    GemmArgs g;
    g.m = 3, g.n = 4, g.k = 5;
    Tensor a = be->empty({3, 5}), b = be->empty({5, 4}), c = be->empty({3, 3});
    try {
      be->gemm(g, a, b, c, nullptr);
      QFAIL("a C of the wrong size was accepted");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("operand C"), e.what());
    }
    g.bias = BiasMode::PerColumn;
    Tensor c2 = be->empty({3, 4});
    QVERIFY_THROWS_EXCEPTION(Error, be->gemm(g, a, b, c2, nullptr));
  }
}

// Operands that are views into larger tensors at element offsets no device
// aligns (per-sample slices of a batch, per-timestep slices of a sequence):
// results match the reference and nothing outside the output view changes.
void TestGemm::views_at_awkward_offsets() {
  test::ValidationGuard guard;
  for (auto& be : test::all_backends()) {
    auto* vkb = dynamic_cast<vk::VulkanBackend*>(be.get());
    for (int path = 0; path < (vkb ? 3 : 1); ++path) {
      if (vkb) vkb->set_gemm_path(path == 0 ? vk::GemmPath::RegisterBlockedTexel
                                  : path == 1 ? vk::GemmPath::RegisterBlocked : vk::GemmPath::SharedTiles);
      for (int64_t off : {1, 3, 4, 17}) {
        GemmArgs g;
        g.m = 7, g.n = 12, g.k = 9, g.bias = BiasMode::PerColumn;
        const int64_t total = 400;
        auto big_a = test::random_values(total, 1), big_b = test::random_values(total, 2);
        auto big_bias = test::random_values(total, 3), big_c = test::random_values(total, 4);
        Tensor ta = be->from_host({total}, big_a), tb = be->from_host({total}, big_b);
        Tensor tbias = be->from_host({total}, big_bias), tc = be->from_host({total}, big_c);
        const int64_t oa = off, ob = off + 5, obias = off * 2, oc = off + 11;
        Tensor bias_view = tbias.view(obias, {12});
        be->gemm(g, ta.view(oa, {7, 9}), tb.view(ob, {9, 12}), tc.view(oc, {7, 12}), &bias_view);
        std::vector<float> got(static_cast<size_t>(total));
        be->download(tc, got);
        std::vector<float> ref(big_c.begin() + oc, big_c.begin() + oc + 84);
        gemm_reference(g, std::span(big_a).subspan(size_t(oa), 63), std::span(big_b).subspan(size_t(ob), 108),
                       std::span(big_bias).subspan(size_t(obias), 12), ref);
        for (int64_t i = 0; i < total; ++i) {
          const bool inside = i >= oc && i < oc + 84;
          const float want = inside ? ref[size_t(i - oc)] : big_c[size_t(i)];
          if (std::fabs(got[size_t(i)] - want) > 1e-5f * (1 + std::fabs(want)))
            QFAIL(qPrintable(QString("%1 path %2 offset %3: element %4 is %5, want %6 (%7 the output view)")
                                 .arg(QString::fromStdString(be->info().name)).arg(path).arg(off).arg(i)
                                 .arg(got[size_t(i)]).arg(want).arg(inside ? "inside" : "outside")));
        }
        // A view can be read back on its own.
        std::vector<float> part(5);
        be->download(tc.view(oc, {5}), part);
        QCOMPARE(part[0], got[size_t(oc)]);
      }
    }
  }
  CpuBackend cpu;
  Tensor t = cpu.empty({10});
  QVERIFY_THROWS_EXCEPTION(Error, t.view(8, {3}));
}

void TestGemm::own_kernels_match_reference() {
  // Every GEMM kernel this CPU can run (OpenBLAS, Strata's AVX-512 12x32 and
  // 8x32, AVX2 and portable ones) directly, on shapes that exercise every edge: row panels
  // (12, 8, 6, 4) and column panels (32, 16, 8) cut short, several k-blocks of
  // 256 and column blocks of 512, all four transposes, beta 0 (C not read:
  // NaN there must not leak) and beta != 0.
  struct Shape3 { int m, n, k; };
  int kernels_run = 0;
  for (const cpu::GemmKernel kernel : cpu::kAllGemmKernels) {
  if (!cpu::kernel_available(kernel)) {
    qInfo("the %s kernel cannot run on this CPU", cpu::kernel_name(kernel));
    continue;
  }
  ++kernels_run;
  for (const Shape3 s : {Shape3{1, 1, 1}, Shape3{13, 33, 17}, Shape3{12, 32, 256}, Shape3{25, 545, 257},
                         Shape3{97, 63, 600}, Shape3{7, 1031, 3}, Shape3{5, 7, 1}, Shape3{73, 17, 9}})
    for (int t = 0; t < 4; ++t)
      for (float beta : {0.f, 0.5f}) {
        const bool ta = t & 1, tb = t & 2;
        const auto A = test::random_values(size_t(s.m) * s.k, 1), B = test::random_values(size_t(s.k) * s.n, 2);
        auto C = test::random_values(size_t(s.m) * s.n, 3);
        const auto C0 = C;
        if (beta == 0.f) std::fill(C.begin(), C.end(), std::nanf(""));
        const int lda = ta ? s.m : s.k, ldb = tb ? s.k : s.n;
        cpu::sgemm_with(kernel, ta, tb, s.m, s.n, s.k, 1.5f, A.data(), lda, B.data(), ldb, beta, C.data(), s.n);
        for (int i = 0; i < s.m; ++i)
          for (int j = 0; j < s.n; ++j) {
            double ref = beta * double(C0[size_t(i) * s.n + j]), mag = std::fabs(ref);
            for (int k = 0; k < s.k; ++k) {
              const double a = ta ? A[size_t(k) * lda + i] : A[size_t(i) * lda + k];
              const double b = tb ? B[size_t(j) * ldb + k] : B[size_t(k) * ldb + j];
              ref += 1.5 * a * b, mag += std::fabs(1.5 * a * b);
            }
            const double got = C[size_t(i) * s.n + j];
            QVERIFY2(std::fabs(got - ref) <= 1e-6 * (1 + mag),
                     qPrintable(QString("%11: %1x%2x%3 ta %4 tb %5 beta %6 at (%7, %8): %9, want %10")
                                    .arg(s.m).arg(s.n).arg(s.k).arg(ta).arg(tb).arg(beta).arg(i).arg(j).arg(got).arg(ref)
                                    .arg(cpu::kernel_name(kernel))));
          }
      }
  }
  QVERIFY(kernels_run >= 2);  // OpenBLAS and the portable kernel run everywhere
  // Under ctest's forced runs (test_gemm_portable, _avx2) the request took hold.
  if (const char* env = std::getenv("STRATA_CPU_ISA"); env && *env) {
    const auto asked = cpu::parse_isa(env);
    QVERIFY(asked);
    QCOMPARE(cpu::isa(), std::min(*asked, cpu::detected_isa()));
    if (cpu::isa() == *asked) QCOMPARE(cpu::kernel_name(*cpu::forced_kernel()), env);
  }
}

QTEST_APPLESS_MAIN(TestGemm)
#include "test_gemm.moc"
