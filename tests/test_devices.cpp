// Device listing and the device spec grammar.
#include "core/error.h"
#include "runtime/devices.h"
#include "test_support.h"

using namespace strata;

class TestDevices : public QObject {
  Q_OBJECT
 private slots:
  void cpu_backend_is_always_listed();
  void specs_select_devices();
  void unknown_spec_names_it_and_lists_devices();
  void opened_backends_report_their_device();
};

void TestDevices::cpu_backend_is_always_listed() {
  auto list = list_devices();
  QVERIFY(!list.devices.empty());
  QCOMPARE(list.devices.front().backend, BackendKind::Cpu);
  QCOMPARE(list.devices.front().spec(), std::string("cpu"));
  QVERIFY(list.devices.front().threads >= 1);
}

void TestDevices::specs_select_devices() {
  test::ValidationGuard guard;
  QCOMPARE(select_device("cpu").backend, BackendKind::Cpu);
  QCOMPARE(select_device("CPU").backend, BackendKind::Cpu);
  const int vk = test::vulkan_device_index();
  if (vk < 0) QSKIP("no Vulkan device");
  const DeviceInfo v = select_device("vulkan");
  QCOMPARE(v.backend, BackendKind::Vulkan);
  QCOMPARE(select_device("vulkan:" + std::to_string(v.vulkan_index)).name, v.name);
  // A case-insensitive part of the name.
  std::string part = v.name.substr(0, 4);
  for (auto& ch : part) ch = char(std::toupper(ch));
  QCOMPARE(select_device(part).name, v.name);
  // The default prefers a real GPU; a CPU-type Vulkan device loses to the native backend.
  const DeviceInfo def = select_device("");
  bool has_gpu = false;
  for (const auto& d : list_devices().devices)
    has_gpu |= d.type == "discrete" || d.type == "integrated" || d.type == "virtual";
  QCOMPARE(def.backend, has_gpu ? BackendKind::Vulkan : BackendKind::Cpu);
}

void TestDevices::unknown_spec_names_it_and_lists_devices() {
  for (const char* spec : {"no-such-gpu", "vulkan:99", "vulkan:x"}) {
    try {
      select_device(spec);
      QFAIL(spec);
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains(spec), e.what());
      QVERIFY2(QString(e.what()).contains("cpu"), e.what());  // the list of devices there are
    }
  }
}

void TestDevices::opened_backends_report_their_device() {
  test::ValidationGuard guard;
  for (const auto& d : list_devices().devices) {
    auto be = open_backend(d);
    QCOMPARE(be->info().name, d.name);
    Tensor t = be->from_host({3}, std::vector<float>{1, 2, 3});
    std::vector<float> out(3);
    be->download(t, out);
    QCOMPARE(out[2], 3.f);
  }
}

QTEST_APPLESS_MAIN(TestDevices)
#include "test_devices.moc"
