// Channel sums (bias gradients) and dropout on both backends.
//
// Channel sums: |err| <= 1e-6 (1 + sum |x|) against the double reference.
// Dropout: both backends drop exactly the same elements for a seed and step.
#include <cmath>

#include "core/error.h"
#include "ops/dropout.h"
#include "ops/reduce.h"
#include "test_support.h"

using namespace strata;

class TestReduceDropout : public QObject {
  Q_OBJECT
 private slots:
  void channel_sum_data();
  void channel_sum();
  void dropout_masks_agree_and_scale();
  void dropout_backward_is_masked_product();
  void bad_arguments();
};

void TestReduceDropout::channel_sum_data() {
  QTest::addColumn<int>("outer");
  QTest::addColumn<int>("channels");
  QTest::addColumn<int>("inner");
  QTest::addColumn<float>("beta");
  for (auto [o, c, i] : {std::tuple{1, 1, 1}, {3, 7, 1}, {7, 3, 15}, {17, 16, 49}, {64, 10, 1}, {2, 1, 1000}})
    for (float beta : {0.f, 1.f}) QTest::addRow("%dx%dx%d_beta%g", o, c, i, double(beta)) << o << c << i << beta;
}

void TestReduceDropout::channel_sum() {
  QFETCH(int, outer);
  QFETCH(int, channels);
  QFETCH(int, inner);
  QFETCH(float, beta);
  test::ValidationGuard guard;
  const ChannelSumShape s{outer, channels, inner};
  const auto x = test::random_values(size_t(outer * channels * inner), uint32_t(outer + channels + inner));
  const auto init = test::random_values(size_t(channels), 9);
  std::vector<double> ref(init.begin(), init.end());
  channel_sum_reference(s, x, beta, ref);
  double abs_sum = 0;
  for (float v : x) abs_sum += std::fabs(v);
  for (auto& be : test::all_backends()) {
    Tensor tx = be->from_host({outer, channels, inner}, x), out = be->from_host({channels}, init);
    be->channel_sum(tx, s, beta, out);
    std::vector<float> got(static_cast<size_t>(channels));
    be->download(out, got);
    for (int c = 0; c < channels; ++c)
      QVERIFY2(std::fabs(got[size_t(c)] - ref[size_t(c)]) <= 1e-6 * (1 + abs_sum),
               qPrintable(QString("%1 channel %2: %3 want %4").arg(QString::fromStdString(be->info().name)).arg(c)
                              .arg(got[size_t(c)]).arg(ref[size_t(c)])));
  }
}

void TestReduceDropout::dropout_masks_agree_and_scale() {
  test::ValidationGuard guard;
  const int n = 100003;
  const auto x = test::random_values(size_t(n), 4, 0.5f, 1.5f);
  std::vector<std::vector<float>> masks;
  for (auto& be : test::all_backends()) {
    for (float rate : {0.f, 0.2f, 0.5f}) {
      Tensor tx = be->from_host({n}, x), y = be->empty({n}), m = be->empty({n});
      be->dropout_forward(tx, rate, 1234, 7, y, m);
      std::vector<float> hy(static_cast<size_t>(n)), hm(static_cast<size_t>(n));
      be->download(y, hy);
      be->download(m, hm);
      int dropped = 0;
      for (int i = 0; i < n; ++i) {
        const float keep = 1.f / (1.f - rate);
        QVERIFY(hm[size_t(i)] == 0.f || hm[size_t(i)] == keep);
        QCOMPARE(hy[size_t(i)], x[size_t(i)] * hm[size_t(i)]);
        dropped += hm[size_t(i)] == 0.f;
      }
      // Binomial(n, rate): within 5 standard deviations.
      const double sd = std::sqrt(n * rate * (1 - rate));
      QVERIFY2(std::fabs(dropped - n * rate) <= 5 * sd + 1, qPrintable(QString("dropped %1 at rate %2").arg(dropped).arg(rate)));
      if (rate == 0.2f) masks.push_back(hm);
    }
  }
  for (size_t i = 1; i < masks.size(); ++i) QVERIFY(masks[i] == masks[0]);  // CPU and Vulkan agree bit for bit
  // Another step or seed gives another mask.
  std::vector<float> a(64), b(64), c(64);
  for (uint32_t i = 0; i < 64; ++i) {
    a[i] = dropout_uniform(1, 1, i);
    b[i] = dropout_uniform(1, 2, i);
    c[i] = dropout_uniform(2, 1, i);
  }
  QVERIFY(a != b);
  QVERIFY(a != c);
}

void TestReduceDropout::dropout_backward_is_masked_product() {
  test::ValidationGuard guard;
  for (int n : {1, 3, 17, 1000}) {
    const auto x = test::random_values(size_t(n), 1), dy = test::random_values(size_t(n), 2);
    for (auto& be : test::all_backends()) {
      Tensor tx = be->from_host({n}, x), y = be->empty({n}), m = be->empty({n}), g = be->from_host({n}, dy);
      be->dropout_forward(tx, 0.3f, 5, 1, y, m);
      be->multiply(g, m, g);  // in place, as a layer's backward does
      std::vector<float> hm(static_cast<size_t>(n)), dx(static_cast<size_t>(n));
      be->download(m, hm);
      be->download(g, dx);
      for (int i = 0; i < n; ++i) QCOMPARE(dx[size_t(i)], dy[size_t(i)] * hm[size_t(i)]);
    }
  }
}

void TestReduceDropout::bad_arguments() {
  for (auto& be : test::all_backends()) {
    Tensor x = be->empty({4}), y = be->empty({4}), m = be->empty({4});
    for (float rate : {-0.1f, 1.f, 2.f}) {
      try {
        be->dropout_forward(x, rate, 0, 0, y, m);
        QFAIL("bad rate accepted");
      } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("rate"), e.what());
      }
    }
    Tensor out = be->empty({3});
    QVERIFY_THROWS_EXCEPTION(Error, be->channel_sum(x, {1, 2, 2}, 0.f, out));
  }
}

QTEST_APPLESS_MAIN(TestReduceDropout)
#include "test_reduce_dropout.moc"
