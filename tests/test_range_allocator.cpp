// The first-fit range allocator and the block pool built on it.
#include <algorithm>
#include <random>

#include "core/block_pool.h"
#include "core/error.h"
#include "core/range_allocator.h"
#include "test_support.h"

using namespace strata;

class TestRangeAllocator : public QObject {
  Q_OBJECT
 private slots:
  void no_overlap_under_random_churn();
  void reuse_after_free_and_coalescing();
  void alignment_is_respected();
  void double_free_is_an_error();
  void block_pool_grows_and_caps();
};

void TestRangeAllocator::no_overlap_under_random_churn() {
  RangeAllocator ra(1 << 20);
  std::mt19937 rng(7);
  struct Live { uint64_t off, size; };
  std::vector<Live> live;
  for (int step = 0; step < 20000; ++step) {
    if (live.empty() || rng() % 3) {
      uint64_t size = 1 + rng() % 5000;
      if (auto off = ra.allocate(size, 1ull << (rng() % 9))) live.push_back({*off, size});
    } else {
      size_t i = rng() % live.size();
      ra.free(live[i].off, live[i].size);
      live.erase(live.begin() + long(i));
    }
    if (step % 500 == 0) {
      auto sorted = live;
      std::sort(sorted.begin(), sorted.end(), [](auto& x, auto& y) { return x.off < y.off; });
      for (size_t i = 1; i < sorted.size(); ++i) QVERIFY(sorted[i - 1].off + sorted[i - 1].size <= sorted[i].off);
      if (!sorted.empty()) QVERIFY(sorted.back().off + sorted.back().size <= ra.capacity());
    }
  }
  for (auto& l : live) ra.free(l.off, l.size);
  QCOMPARE(ra.used(), uint64_t(0));
  QCOMPARE(ra.largest_free(), ra.capacity());  // everything coalesced back
}

void TestRangeAllocator::reuse_after_free_and_coalescing() {
  RangeAllocator ra(1000);
  auto a = ra.allocate(400, 1), b = ra.allocate(400, 1);
  QVERIFY(a && b);
  QVERIFY(!ra.allocate(400, 1));  // only 200 left
  ra.free(*a, 400);
  auto c = ra.allocate(400, 1);
  QVERIFY(c);
  QCOMPARE(*c, *a);  // first fit reuses the freed range
  ra.free(*b, 400);
  ra.free(*c, 400);
  QCOMPARE(ra.largest_free(), uint64_t(1000));
}

void TestRangeAllocator::alignment_is_respected() {
  RangeAllocator ra(1 << 16);
  ra.allocate(3, 1);
  for (uint64_t align : {16, 64, 256, 4096}) {
    auto off = ra.allocate(10, align);
    QVERIFY(off);
    QCOMPARE(*off % align, uint64_t(0));
  }
}

void TestRangeAllocator::double_free_is_an_error() {
  RangeAllocator ra(100);
  auto a = ra.allocate(10, 1);
  ra.free(*a, 10);
  QVERIFY_THROWS_EXCEPTION(Error, ra.free(*a, 10));
}

void TestRangeAllocator::block_pool_grows_and_caps() {
  std::vector<uint64_t> made;
  int destroyed = 0;
  BlockPool pool("test pool", 1000, 4000, 16,
                 {[&](uint32_t i, uint64_t bytes) {
                    if (made.size() <= i) made.resize(i + 1);
                    made[i] = bytes;
                  },
                  [&](uint32_t) { ++destroyed; }});
  auto a = pool.allocate(600);
  auto b = pool.allocate(600);  // does not fit beside a: a second block
  QCOMPARE(pool.block_count(), size_t(2));
  QCOMPARE(made[0], uint64_t(1000));
  auto big = pool.allocate(3000);  // larger than a block: a block of its own, within the cap
  QCOMPARE(pool.block_count(), size_t(3));
  QVERIFY(pool.block_capacity(big.block) >= 3000 && pool.block_capacity(big.block) <= 4000);
  QVERIFY_THROWS_EXCEPTION(Error, pool.allocate(4001));  // over the cap: a clear error
  for (uint32_t i = 0; i < 3; ++i) QVERIFY(pool.block_capacity(i) <= 4000);
  auto c = pool.allocate(300);  // fits in the first block's free space: no new block
  QCOMPARE(pool.block_count(), size_t(3));
  QCOMPARE(c.block, a.block);
  pool.free(b);
  pool.free(big);
  pool.trim();
  QCOMPARE(pool.block_count(), size_t(1));
  QCOMPARE(destroyed, 2);
  pool.free(a);
  pool.free(c);
}

QTEST_APPLESS_MAIN(TestRangeAllocator)
#include "test_range_allocator.moc"
