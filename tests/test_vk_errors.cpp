// Vulkan failures become clear, typed errors instead of crashes.
#include "core/error.h"
#include "test_support.h"
#include "vk/vk_functions.h"

using namespace strata;

class TestVkErrors : public QObject {
  Q_OBJECT
 private slots:
  void device_lost_and_out_of_memory_are_device_errors();
  void other_failures_name_the_call();
};

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
