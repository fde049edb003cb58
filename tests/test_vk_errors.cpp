// Vulkan failures become clear, typed errors instead of crashes.
#include "core/error.h"
#include "graph/graph.h"
#include "model/model.h"
#include "test_support.h"
#include "vk/vk_backend.h"
#include "vk/vk_functions.h"

using namespace strata;

class TestVkErrors : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase();
  void device_lost_and_out_of_memory_are_device_errors();
  void other_failures_name_the_call();
  void a_model_that_does_not_fit_leaves_nothing_allocated();
};

void TestVkErrors::initTestCase() {
  // This process's devices have 64 MiB (core/fault_injection.h), read at the
  // first allocation.
  qputenv("STRATA_FAULT_DEVICE_MEMORY_MIB", "64");
}

void TestVkErrors::a_model_that_does_not_fit_leaves_nothing_allocated() {
  // The editor trains in its own process: a batch too large for the device
  // must fail with the layer and a batch size that fits, give every buffer it
  // took back, and leave the device able to train the smaller batch.
  const int index = test::vulkan_device_index();
  if (index < 0) QSKIP("no Vulkan device");
  vk::VulkanBackend be(index);
  Graph g;
  g.add_node("Input", {{"shape", {1024}}});
  g.add_node("Dense", {{"units", 512}, {"activation", "relu"}});
  g.add_node("Dense", {{"units", 10}});
  g.add_node("SoftmaxCrossEntropy", {});
  g.add_link({"input_1", "dense_1", 0});
  g.add_link({"dense_1", "dense_2", 0});
  g.add_link({"dense_2", "softmax_cross_entropy_1", 0});
  ModelOptions big;
  big.max_batch = 16384;
  QString message;
  try {
    Model m(g, be, big);
    QFAIL("the model fitted in 64 MiB");
  } catch (const DeviceOutOfMemory& e) {
    message = e.what();
  }
  QVERIFY2(message.contains("while allocating layer '") && message.contains("the device has 64 MiB"), qPrintable(message));
  QCOMPARE(be.memory().used_bytes(), uint64_t(0));
  QCOMPARE(be.memory().reserved_bytes(), uint64_t(0));
  const QRegularExpressionMatch fit = QRegularExpression("A batch size of (\\d+) fits").match(message);
  QVERIFY2(fit.hasMatch(), qPrintable(message));
  ModelOptions small;
  small.max_batch = fit.captured(1).toInt();
  Model m(g, be, small);
  const std::vector<float> x(size_t(small.max_batch * 1024), 0.5f), y(size_t(small.max_batch), 3.f);
  m.set_inputs(x, small.max_batch);
  m.set_labels(y, small.max_batch);
  m.forward(small.max_batch, true, 1);
  m.backward_and_update(small.max_batch, 1, 1e-3f);
  QVERIFY(std::isfinite(m.loss(small.max_batch)));
}

void TestVkErrors::device_lost_and_out_of_memory_are_device_errors() {
  for (VkResult r : {VK_ERROR_DEVICE_LOST, VK_ERROR_OUT_OF_DEVICE_MEMORY, VK_ERROR_OUT_OF_HOST_MEMORY}) {
    try {
      vk::check(r, "vkQueueSubmit");
      QFAIL("no exception");
    } catch (const DeviceError& e) {
      QVERIFY2(QString(e.what()).contains("vkQueueSubmit"), e.what());
      QVERIFY2(QString(e.what()).contains(vk::result_name(r)), e.what());
    }
  }
}

void TestVkErrors::other_failures_name_the_call() {
  vk::check(VK_SUCCESS, "nothing");
  try {
    vk::check(VK_ERROR_INITIALIZATION_FAILED, "vkCreateDevice");
    QFAIL("no exception");
  } catch (const DeviceError&) {
    QFAIL("not a device error");
  } catch (const Error& e) {
    QVERIFY2(QString(e.what()).contains("vkCreateDevice failed: VK_ERROR_INITIALIZATION_FAILED"), e.what());
  }
}

QTEST_APPLESS_MAIN(TestVkErrors)
#include "test_vk_errors.moc"
