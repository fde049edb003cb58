// The pipeline cache is written to the cache directory and read back by the
// next device that opens; a foreign or corrupt file is ignored, not fatal.
#include <QTemporaryDir>

#include <fstream>

#include "test_support.h"
#include "vk/vk_backend.h"

using namespace strata;

class TestPipelineCache : public QObject {
  Q_OBJECT
 private slots:
  void init();
  void second_run_loads_from_disk();
  void corrupt_file_is_ignored();
  void same_pipeline_is_built_once();

 private:
  QTemporaryDir dir_;
};

void TestPipelineCache::init() {
  if (test::vulkan_device_index() < 0) QSKIP("no Vulkan device");
  QVERIFY(dir_.isValid());
  qputenv("STRATA_CACHE_DIR", dir_.path().toUtf8());
}

static void run_small_gemm(vk::VulkanBackend& be) {
  GemmArgs g;
  g.m = g.n = g.k = 8;
  Tensor a = be.empty({8, 8}), b = be.empty({8, 8}), c = be.empty({8, 8});
  be.fill(a, 1.f);
  be.fill(b, 2.f);
  be.gemm(g, a, b, c, nullptr);
  std::vector<float> out(64);
  be.download(c, out);
  QCOMPARE(out[0], 16.f);
}

void TestPipelineCache::second_run_loads_from_disk() {
  test::ValidationGuard guard;
  std::filesystem::path file;
  {
    vk::VulkanBackend first(test::vulkan_device_index());
    QCOMPARE(first.pipelines().bytes_loaded(), uint64_t(0));  // empty directory
    run_small_gemm(first);
    QVERIFY(first.pipelines().pipelines_created() >= 2);
    file = first.pipelines().cache_file();
  }  // saved on destruction
  QVERIFY2(std::filesystem::exists(file), file.c_str());
  const auto size = std::filesystem::file_size(file);
  QVERIFY(size >= 32);  // at least the Vulkan pipeline-cache header
  QVERIFY(file.string().rfind(dir_.path().toStdString(), 0) == 0);
  vk::VulkanBackend second(test::vulkan_device_index());
  QCOMPARE(second.pipelines().bytes_loaded(), uint64_t(size));
  run_small_gemm(second);
}

void TestPipelineCache::corrupt_file_is_ignored() {
  test::ValidationGuard guard;
  std::filesystem::path file;
  {
    vk::VulkanBackend be(test::vulkan_device_index());
    file = be.pipelines().cache_file();
  }
  std::filesystem::create_directories(file.parent_path());
  {
    std::ofstream out(file, std::ios::binary);
    out << "this is not a pipeline cache, it is garbage of some length........";
  }
  vk::VulkanBackend be(test::vulkan_device_index());
  QCOMPARE(be.pipelines().bytes_loaded(), uint64_t(0));
  run_small_gemm(be);
}

void TestPipelineCache::same_pipeline_is_built_once() {
  test::ValidationGuard guard;
  vk::VulkanBackend be(test::vulkan_device_index());
  run_small_gemm(be);
  const size_t n = be.pipelines().pipelines_created();
  run_small_gemm(be);
  QCOMPARE(be.pipelines().pipelines_created(), n);
}

QTEST_APPLESS_MAIN(TestPipelineCache)
#include "test_pipeline_cache.moc"
