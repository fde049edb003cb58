// `strata bench gemm ...`: benchmarks (figures, not tests). Each compares the
// chosen device with the native OpenBLAS baseline measured in the same run.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <random>
#include <vector>

#include "commands.h"
#include "core/error.h"
#include "cpu/cpu_backend.h"
#include "runtime/devices.h"
#include "vk/vk_backend.h"

namespace strata::cli {
namespace {

struct GemmBenchOptions {
  int64_t m = 1024, n = 1024, k = 1024;
  std::string device = "vulkan";
  std::string path = "auto";
  bool trans_a = false, trans_b = false;
  int runs = 5;
  bool json = false;
};

// Median seconds of `runs` timed calls after one warm-up call.
template <class F>
double median_seconds(int runs, F&& f) {
  f();
  std::vector<double> t;
  for (int i = 0; i < runs; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    f();
    t.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

double time_gemm(Backend& be, const GemmArgs& g, const std::vector<float>& a, const std::vector<float>& b, int runs) {
  Tensor ta = be.from_host({g.trans_a ? g.k : g.m, g.trans_a ? g.m : g.k}, a);
  Tensor tb = be.from_host({g.trans_b ? g.n : g.k, g.trans_b ? g.k : g.n}, b);
  Tensor tc = be.empty({g.m, g.n});
  be.synchronize();
  return median_seconds(runs, [&] {
    be.gemm(g, ta, tb, tc, nullptr);
    be.synchronize();
  });
}

void run_gemm_bench(const GemmBenchOptions& o) {
  GemmArgs g;
  g.m = o.m, g.n = o.n, g.k = o.k, g.trans_a = o.trans_a, g.trans_b = o.trans_b;
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> dist(-1.f, 1.f);
  std::vector<float> a(size_t(g.m * g.k)), b(size_t(g.k * g.n));
  for (auto& x : a) x = dist(rng);
  for (auto& x : b) x = dist(rng);

  const DeviceInfo dev = select_device(o.device);
  auto backend = open_backend(dev);
  if (auto* vkb = dynamic_cast<vk::VulkanBackend*>(backend.get())) {
    if (o.path == "texel") vkb->set_gemm_path(vk::GemmPath::RegisterBlockedTexel);
    else if (o.path == "regblock") vkb->set_gemm_path(vk::GemmPath::RegisterBlocked);
    else if (o.path == "tiled") vkb->set_gemm_path(vk::GemmPath::SharedTiles);
    else if (o.path != "auto") throw Error("--path must be auto, texel, regblock or tiled, not '" + o.path + "'");
  }
  const double flops = gemm_flops(g);
  const double dev_s = time_gemm(*backend, g, a, b, o.runs);
  CpuBackend cpu;
  const double cpu_s = time_gemm(cpu, g, a, b, o.runs);
  const double gf = flops / dev_s * 1e-9, base = flops / cpu_s * 1e-9;
  std::printf("gemm %lldx%lldx%lld%s%s\n", (long long)g.m, (long long)g.n, (long long)g.k, g.trans_a ? " A^T" : "",
              g.trans_b ? " B^T" : "");
  std::printf("  %-45s %8.2f ms  %8.2f GFLOP/s\n", dev.name.c_str(), dev_s * 1e3, gf);
  std::printf("  %-45s %8.2f ms  %8.2f GFLOP/s (baseline)\n", ("native CPU (" + cpu.info().driver + ")").c_str(),
              cpu_s * 1e3, base);
  std::printf("  ratio %.3f\n", gf / base);
  if (o.json) {
    nlohmann::json j{{"bench", "gemm"}, {"device", dev.name},     {"device_spec", dev.spec()}, {"m", g.m},
                     {"n", g.n},        {"k", g.k},               {"trans_a", g.trans_a},      {"trans_b", g.trans_b},
                     {"ms", dev_s * 1e3}, {"gflops", gf},         {"baseline", "openblas"},   {"baseline_ms", cpu_s * 1e3},
                     {"baseline_gflops", base}, {"ratio", gf / base}};
    std::printf("%s\n", j.dump().c_str());
  }
}

}  // namespace

void add_bench_command(CLI::App& app) {
  auto* bench = app.add_subcommand("bench", "Benchmarks: figures against a baseline measured in the same run");
  bench->require_subcommand(1);
  static GemmBenchOptions o;
  auto* gemm = bench->add_subcommand("gemm", "C = op(A) op(B) on a device and on OpenBLAS");
  gemm->add_option("--m", o.m, "Rows of C")->check(CLI::PositiveNumber);
  gemm->add_option("--n", o.n, "Columns of C")->check(CLI::PositiveNumber);
  gemm->add_option("--k", o.k, "Inner dimension")->check(CLI::PositiveNumber);
  gemm->add_option("--device", o.device, "Device spec (see `strata devices`)");
  gemm->add_option("--path", o.path, "Vulkan kernel: auto, texel, regblock or tiled");
  gemm->add_flag("--trans-a", o.trans_a, "Use A transposed");
  gemm->add_flag("--trans-b", o.trans_b, "Use B transposed");
  gemm->add_option("--runs", o.runs, "Timed runs (the median is reported)")->check(CLI::PositiveNumber);
  gemm->add_flag("--json", o.json, "End with one JSON object on the last line");
  gemm->callback([] { run_gemm_bench(o); });
}

}  // namespace strata::cli
