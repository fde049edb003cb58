// Command recording: dependent dispatches get barriers (synchronization
// validation is on), long sequences span several submits, completions run in
// order, and profiling yields a device time per dispatch.
#include "test_support.h"
#include "vk/vk_backend.h"

using namespace strata;

class TestStream : public QObject {
  Q_OBJECT
 private slots:
  void init() {
    if (test::vulkan_device_index() < 0) QSKIP("no Vulkan device");
  }
  void dependent_chain_is_ordered();
  void independent_dispatches_share_a_barrier_free_run();
  void completions_and_profile();
};

// x <- x * M repeated: every step reads what the previous one wrote.
void TestStream::dependent_chain_is_ordered() {
  test::ValidationGuard guard;
  vk::VulkanBackend be(test::vulkan_device_index());
  const int n = 8, steps = 600;  // more dispatches than one submit holds
  std::vector<float> eye(n * n, 0.f);
  for (int i = 0; i < n; ++i) eye[i * n + i] = 1.f;
  Tensor m = be.from_host({n, n}, eye);
  Tensor x = be.empty({n, n}), y = be.empty({n, n});
  be.fill(x, 1.f);
  GemmArgs g;
  g.m = g.n = g.k = n;
  g.bias = BiasMode::None;
  for (int s = 0; s < steps; ++s) {
    g.alpha = (s % 2) ? 0.5f : 2.f;  // alternately doubles and halves
    be.gemm(g, s % 2 ? y : x, m, s % 2 ? x : y, nullptr);
  }
  std::vector<float> out(n * n);
  be.download(x, out);
  for (float v : out) QCOMPARE(v, 1.f);
  QVERIFY(be.stream().stats().submits >= 2);
  // One barrier per step, except the first step of each submit, which the
  // batch-opening barrier already orders.
  const auto& st = be.stream().stats();
  QVERIFY(st.barriers >= uint64_t(steps - 1) - st.submits);
}

void TestStream::independent_dispatches_share_a_barrier_free_run() {
  test::ValidationGuard guard;
  // All twenty dispatches in one submit (the backend submits every 8 by default).
  qputenv("STRATA_PER_SUBMIT", "256");
  vk::VulkanBackend be(test::vulkan_device_index());
  qunsetenv("STRATA_PER_SUBMIT");
  std::vector<Tensor> ts;
  for (int i = 0; i < 10; ++i) ts.push_back(be.empty({256}));
  be.synchronize();
  const auto before = be.stream().stats().barriers;
  for (auto& t : ts) be.fill(t, 3.f);
  QCOMPARE(be.stream().stats().barriers, before);  // disjoint writes need no barrier
  for (auto& t : ts) be.fill(t, 4.f);  // write-after-write on the same ranges
  QCOMPARE(be.stream().stats().barriers, before + 1);  // one barrier orders all ten
  be.synchronize();
  std::vector<float> out(256);
  be.download(ts[9], out);
  QCOMPARE(out[255], 4.f);
}

void TestStream::completions_and_profile() {
  test::ValidationGuard guard;
  vk::VulkanBackend be(test::vulkan_device_index());
  be.stream().set_profiling(true);
  Tensor t = be.empty({1024});
  std::vector<int> order;
  be.fill(t, 1.f);
  be.stream().on_complete([&] { order.push_back(1); });
  be.stream().submit();
  be.fill(t, 2.f);
  be.stream().on_complete([&] { order.push_back(2); });
  be.synchronize();
  QCOMPARE(order, (std::vector<int>{1, 2}));
  auto profile = be.stream().take_profile();
  if (be.context().caps().timestamps) {
    QCOMPARE(profile.size(), size_t(2));
    // The kernel name, then the detail its caller adds (here the invocation count).
    QCOMPARE(QString::fromStdString(profile[0].label).section(" ", 0, 0), QString("fill"));
    QVERIFY(profile[0].ms >= 0);
  }
}

QTEST_APPLESS_MAIN(TestStream)
#include "test_stream.moc"
