// `strata selftest [--device SPEC] [--json]`: checks that a device computes
// what the native CPU backend computes (run/selftest.h), prints a table of
// every check, the short training's agreement and a few micro-benchmarks,
// and exits with status 4 when any check fails.
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli.h"
#include "commands.h"
#include "run/selftest.h"
#include "runtime/devices.h"

namespace strata::cli {
namespace {

struct SelftestOptions {
  std::string device;
  bool json = false;
};

// The device to check: the one asked for, else the best Vulkan device (the
// point of a self-test), else the CPU backend.
DeviceInfo device_to_check(const std::string& spec) {
  if (!spec.empty()) return select_device(spec);
  for (const auto& d : list_devices().devices)
    if (d.backend == BackendKind::Vulkan) return select_device("vulkan");
  return select_device("cpu");
}

void run_selftest_command(const SelftestOptions& o) {
  const DeviceInfo device = device_to_check(o.device);
  FILE* out = o.json ? stderr : stdout;
  std::fprintf(out, "selftest of %s [%s], %s\n", device.name.c_str(), device.spec().c_str(),
               device.driver.empty() ? "native CPU backend" : device.driver.c_str());
  std::fprintf(out, "%s\n\n", device.backend == BackendKind::Cpu
                                  ? "the GEMM against double precision (the CPU backend is what other devices are checked against)"
                                  : "every layer forward and backward against the native CPU backend, from the same weights and data");
  std::fprintf(out, "%-40s %-10s %-10s %-10s %s\n", "op", "check", "error", "tolerance", "result");
  const SelftestResult r = run_selftest(device, [&](const SelftestCheck& c) {
    std::fprintf(out, "%-40s %-10s %-10.2e %-10.0e %s\n", c.op.c_str(), c.check.c_str(), c.error, c.tolerance,
                 c.pass() ? "pass" : "FAIL");
    std::fflush(out);
  });
  if (!r.cpu_losses.empty())
    std::fprintf(out, "\ntraining (%zu steps, Adam): the loss curves differ by %.2e of the loss at most (tolerance %.0e): %s\n",
                 r.cpu_losses.size(), r.training_error, r.training_tolerance,
                 r.training_error <= r.training_tolerance ? "pass" : "FAIL");
  std::fprintf(out, "\nbenchmarks on this device:\n");
  for (const auto& b : r.benchmarks) std::fprintf(out, "  %-32s %10.2f %s\n", b.name.c_str(), b.value, b.unit.c_str());
  size_t failed = 0;
  for (const auto& c : r.checks) failed += c.pass() ? 0 : 1;
  if (r.passed()) {
    std::fprintf(out, "\npassed: all %zu checks%s\n", r.checks.size(), r.cpu_losses.empty() ? "" : " and the training");
  } else {
    // Kernels first: a wrong GEMM fails every layer built on it, and the
    // kernel's own check says which it is.
    std::fprintf(out, "\nFAILED: %zu of %zu checks\n", failed, r.checks.size());
    for (const bool kernels : {true, false}) {
      std::vector<std::string> names;
      for (const auto& c : r.checks)
        if (!c.pass() && (c.check == "vs double") == kernels) {
          const std::string name = kernels ? c.op.substr(0, c.op.find(' ')) : c.op + " " + c.check;
          if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
        }
      if (names.empty()) continue;
      std::fprintf(out, "  %s:", kernels ? "wrong kernels" : "wrong layers");
      for (size_t i = 0; i < names.size(); ++i) std::fprintf(out, "%s %s", i ? "," : "", names[i].c_str());
      std::fprintf(out, "\n");
    }
    if (!(r.training_error <= r.training_tolerance) && !r.cpu_losses.empty()) std::fprintf(out, "  the training's losses drift\n");
    std::fprintf(out, "this device computes wrongly: use --device cpu, or report the device and driver above\n");
    set_exit_status(kExitSelftestFailed);
  }
  if (o.json) std::printf("%s\n", r.to_json().dump().c_str());
}

}  // namespace

void add_selftest_command(CLI::App& app) {
  static SelftestOptions o;
  auto* cmd = app.add_subcommand("selftest", "Check that a device computes what the CPU backend computes; benchmark it");
  cmd->add_option("--device", o.device, "Device spec (see `strata devices`); default: the best Vulkan device");
  cmd->add_flag("--json", o.json, "End with one JSON object of every check on the last stdout line");
  cmd->callback([] { run_selftest_command(o); });
}

}  // namespace strata::cli
