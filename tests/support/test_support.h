#pragma once
// Helpers shared by the tests: Vulkan availability, the validation-message
// guard, random data.
#include <QtTest>

#include <functional>
#include <memory>
#include <random>
#include <vector>

#include "runtime/backend.h"

namespace strata::test {

// The first usable Vulkan device, or -1 (the test then skips its Vulkan half).
int vulkan_device_index();
// Both backends the suite checks: the native CPU backend and, where present,
// the first Vulkan device.
std::vector<std::unique_ptr<Backend>> all_backends();

// Fails the current test if the validation layer printed anything since construction.
class ValidationGuard {
 public:
  ValidationGuard();
  ~ValidationGuard();
  uint64_t new_messages() const;

 private:
  uint64_t start_;
};

// Compares `grad` with central differences of `objective` over every element
// of `v` (step 1e-6, |difference| < tol); `v` is perturbed in place and
// restored. Returns an empty string, or a message naming the first element off.
QString central_difference_mismatch(std::vector<double>& v, const std::vector<double>& grad,
                                    const std::function<double()>& objective, const char* what, double tol = 1e-6);

std::vector<float> random_values(size_t n, uint32_t seed, float lo = -1.f, float hi = 1.f);

// The message of the strata::Error that f throws, or an empty string.
QString error_of(const std::function<void()>& f);

// Runs tests/oracles/<script> under Debian's /usr/bin/python3 (numpy, torch,
// onnx): whether it exited 0, and what it printed.
struct ScriptRun {
  bool ok = false;
  QString log;
};
ScriptRun run_oracle_script(const QString& script, const QStringList& args);

}  // namespace strata::test
