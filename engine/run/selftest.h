#pragma once
// `strata selftest`: does this machine's device compute what Strata's CPU
// backend computes? GPU drivers differ (a GEMM wrong on one driver, fp16 on
// another): the same small, awkwardly shaped networks run one training step
// on the chosen device and on the native CPU backend, from the same weights
// and data, and every layer's outputs and every weight's gradient are
// compared (the pattern of ggml's test-backend-ops and ncnn's layer tests).
// Then a short training, whose loss curve must follow the CPU's, and a few
// micro-benchmarks. On the CPU backend itself the GEMM is checked against a
// double-precision reference and the benchmarks run.
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "runtime/device_info.h"

namespace strata {

struct SelftestCheck {
  std::string op;     // a kernel ("gemm") or a layer ("Conv2D 3x3 same")
  std::string check;  // "forward", "backward" (weight gradients), "vs double"
  double error = 0;   // largest difference, relative to the largest reference value
  double tolerance = 0;
  bool pass() const { return error <= tolerance; }  // NaN fails
};

struct SelftestBenchmark {
  std::string name, unit;
  double value = 0;
};

struct SelftestResult {
  DeviceInfo device;
  std::vector<SelftestCheck> checks;
  // The short training: loss per step on the CPU and on the device.
  std::vector<double> cpu_losses, device_losses;
  double training_error = 0, training_tolerance = 0;
  std::vector<SelftestBenchmark> benchmarks;
  bool passed() const;
  nlohmann::json to_json() const;
};

// Runs every check on `device`; `progress` hears of each as it completes.
SelftestResult run_selftest(const DeviceInfo& device, const std::function<void(const SelftestCheck&)>& progress = {});

}  // namespace strata
