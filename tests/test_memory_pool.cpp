// The Vulkan device memory pool: tensors are disjoint ranges of a few large
// blocks, freed ranges are reused, and the block cap holds.
#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "cpu/cpu_backend.h"
#include "test_support.h"
#include "vk/vk_backend.h"

using namespace strata;

class TestMemoryPool : public QObject {
  Q_OBJECT
 private slots:
  void init() {
    if (test::vulkan_device_index() < 0) QSKIP("no Vulkan device");
  }
  void tensors_do_not_overlap();
  void freed_ranges_are_reused();
  void block_cap_is_respected();
  void host_pool_reuses_memory();
  void staging_path_round_trips();
};

void TestMemoryPool::tensors_do_not_overlap() {
  test::ValidationGuard guard;
  vk::VulkanBackend be(test::vulkan_device_index());
  std::vector<Tensor> ts;
  for (int i = 0; i < 200; ++i) ts.push_back(be.empty({1 + (i * 37) % 3000}));
  QVERIFY(be.memory().block_count() <= 2);  // not one allocation per tensor
  std::vector<vk::Binding> r;
  for (auto& t : ts) r.push_back(be.binding(t, false));
  std::sort(r.begin(), r.end(), [](auto& a, auto& b) { return a.buffer != b.buffer ? a.buffer < b.buffer : a.offset < b.offset; });
  for (size_t i = 1; i < r.size(); ++i)
    if (r[i].buffer == r[i - 1].buffer) QVERIFY(r[i - 1].offset + r[i - 1].size <= r[i].offset);
  // Each tensor keeps its own contents.
  for (size_t i = 0; i < ts.size(); ++i) be.fill(ts[i], float(i));
  for (size_t i = 0; i < ts.size(); i += 17) {
    std::vector<float> out(size_t(ts[i].numel()));
    be.download(ts[i], out);
    QVERIFY(std::all_of(out.begin(), out.end(), [&](float v) { return v == float(i); }));
  }
}

void TestMemoryPool::freed_ranges_are_reused() {
  test::ValidationGuard guard;
  vk::VulkanBackend be(test::vulkan_device_index());
  vk::Binding first;
  {
    Tensor t = be.empty({1000});
    first = be.binding(t, false);
  }
  Tensor again = be.empty({1000});
  const auto b = be.binding(again, false);
  QCOMPARE(b.buffer, first.buffer);
  QCOMPARE(b.offset, first.offset);
  const uint64_t used = be.memory().used_bytes();
  for (int i = 0; i < 100; ++i) Tensor t = be.empty({4096});  // allocate and free in a loop
  QCOMPARE(be.memory().used_bytes(), used);
  QCOMPARE(be.memory().block_count(), size_t(1));
}

void TestMemoryPool::block_cap_is_respected() {
  test::ValidationGuard guard;
  vk::MemoryPool::Options opt;
  opt.block_bytes = 1 << 20;
  opt.max_block_bytes = 4 << 20;
  vk::VulkanBackend be(test::vulkan_device_index(), opt);
  QVERIFY(be.memory().max_block_bytes() <= be.context().caps().max_storage_buffer_range);
  Tensor big = be.empty({(3 << 20) / 4});  // 3 MiB: a block of its own, within the cap
  Tensor small = be.empty({100});
  for (uint32_t i = 0; i < 4; ++i) QVERIFY(be.memory().block_capacity(i) <= uint64_t(4 << 20));
  try {
    Tensor too_big = be.empty({(5 << 20) / 4});
    QFAIL("a tensor larger than the block cap was allocated");
  } catch (const Error& e) {
    QVERIFY2(QString(e.what()).contains("larger than the largest block"), e.what());
  }
  // The default cap stays below the device's limits.
  vk::VulkanBackend def(test::vulkan_device_index());
  const auto& caps = def.context().caps();
  QVERIFY(def.memory().max_block_bytes() <= caps.max_storage_buffer_range);
  if (caps.max_allocation_size) QVERIFY(def.memory().max_block_bytes() <= caps.max_allocation_size / 2);
}

void TestMemoryPool::host_pool_reuses_memory() {
  CpuBackend cpu;
  const float* first;
  {
    Tensor t = cpu.empty({1 << 16});
    first = cpu.data(t);
  }
  Tensor t = cpu.empty({1 << 16});
  QCOMPARE(cpu.data(t), first);
}

// The discrete-GPU path: staging buffers and copy commands (synchronization
// validation checks their barriers).
void TestMemoryPool::staging_path_round_trips() {
  test::ValidationGuard guard;
  vk::VulkanBackend be(test::vulkan_device_index(), {}, /*force_staging=*/true);
  auto a = test::random_values(7 * 5, 1), b = test::random_values(5 * 3, 2);
  Tensor ta = be.from_host({7, 5}, a), tb = be.from_host({5, 3}, b), tc = be.empty({7, 3});
  GemmArgs g;
  g.m = 7, g.n = 3, g.k = 5;
  be.gemm(g, ta, tb, tc, nullptr);
  ta = be.from_host({7, 5}, b.size() == 35 ? b : a);  // a new upload while the GEMM may still run
  std::vector<float> out(21), ref(21);
  be.download(tc, out);
  gemm_reference(g, a, b, {}, ref);
  for (int i = 0; i < 21; ++i) QVERIFY(std::fabs(out[i] - ref[i]) < 1e-5f);
  std::vector<float> back(35);
  be.download(ta, back);
  QCOMPARE(back, a);
  QVERIFY(be.stream().stats().copies >= 4);
}

QTEST_APPLESS_MAIN(TestMemoryPool)
#include "test_memory_pool.moc"
