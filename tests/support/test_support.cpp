#include "test_support.h"

#include <QProcess>

#include "core/error.h"

#include <cmath>

#include "cpu/cpu_backend.h"
#include "runtime/devices.h"
#include "vk/vk_backend.h"
#include "vk/vk_instance.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define STRATA_TEST_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define STRATA_TEST_ASAN 1
#endif
#ifdef STRATA_TEST_ASAN
#include <dlfcn.h>
namespace {
// LeakSanitizer reports at exit, after the Vulkan loader has unloaded the
// driver and the validation layer: their allocations would show as
// "<unknown module>", which no suppression can name. Loaded once more here
// with RTLD_NODELETE they stay mapped, and tests/lsan.supp can name them.
struct KeepVulkanModulesLoaded {
  KeepVulkanModulesLoaded() {
    for (const char* m : {"libvulkan.so.1", "libvulkan_lvp.so", "libVkLayer_khronos_validation.so"}) dlopen(m, RTLD_NOW | RTLD_NODELETE);
  }
} keep_vulkan_modules_loaded;
}  // namespace
#endif

namespace strata::test {

int vulkan_device_index() {
  for (const auto& d : list_devices().devices)
    if (d.backend == BackendKind::Vulkan) return d.vulkan_index;
  return -1;
}

std::vector<std::unique_ptr<Backend>> all_backends() {
  std::vector<std::unique_ptr<Backend>> out;
  out.push_back(std::make_unique<CpuBackend>());
  if (int i = vulkan_device_index(); i >= 0) out.push_back(std::make_unique<vk::VulkanBackend>(i));
  return out;
}

ValidationGuard::ValidationGuard() : start_(vk::validation_message_count()) {}
ValidationGuard::~ValidationGuard() {
  // QVERIFY cannot be used in a destructor; record the failure instead.
  if (new_messages())
    QTest::qFail(qPrintable(QString("%1 Vulkan validation message(s), see stderr").arg(new_messages())), __FILE__, __LINE__);
}
uint64_t ValidationGuard::new_messages() const { return vk::validation_message_count() - start_; }

QString central_difference_mismatch(std::vector<double>& v, const std::vector<double>& grad,
                                    const std::function<double()>& objective, const char* what, double tol) {
  const double h = 1e-6;
  for (size_t i = 0; i < v.size(); ++i) {
    const double keep = v[i];
    v[i] = keep + h;
    const double up = objective();
    v[i] = keep - h;
    const double down = objective();
    v[i] = keep;
    const double fd = (up - down) / (2 * h);
    if (std::fabs(fd - grad[i]) >= tol)
      return QString("%1[%2]: central difference %3, analytic %4").arg(what).arg(i).arg(fd).arg(grad[i]);
  }
  return {};
}

std::vector<float> random_values(size_t n, uint32_t seed, float lo, float hi) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v(n);
  for (auto& x : v) x = dist(rng);
  return v;
}

QString error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return {};
}

ScriptRun run_oracle_script(const QString& script, const QStringList& args) {
  QProcess p;
  p.start("/usr/bin/python3", QStringList{QStringLiteral(STRATA_ORACLE_DIR "/") + script} + args);
  const bool finished = p.waitForFinished(600000);
  ScriptRun r;
  r.log = QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError()).trimmed();
  r.ok = finished && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
  if (!finished) r.log += "\n(timed out after 600 s)";
  return r;
}

}  // namespace strata::test
