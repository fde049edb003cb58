// `strata bench gemm ...`: benchmarks (figures, not tests). Each compares the
// chosen device with the native OpenBLAS baseline measured in the same run.
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <random>
#include <vector>

#include "bench_timing.h"
#include "commands.h"
#include "option_checks.h"
#include "core/error.h"
#include "cpu/cpu_backend.h"
#include "ops/conv2d.h"
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
  const double peak = cpu_fma_peak_gflops();
  std::printf("  native CPU at %.1f %% of this machine's FMA peak (%.0f GFLOP/s, all threads; strata bench peak)\n",
              100.0 * base / peak, peak);
  if (o.json) {
    nlohmann::json j{{"bench", "gemm"}, {"device", dev.name},     {"device_spec", dev.spec()}, {"m", g.m},
                     {"n", g.n},        {"k", g.k},               {"trans_a", g.trans_a},      {"trans_b", g.trans_b},
                     {"ms", dev_s * 1e3}, {"gflops", gf},         {"baseline", "openblas"},   {"baseline_ms", cpu_s * 1e3},
                     {"baseline_gflops", base}, {"ratio", gf / base}, {"baseline_fraction_of_peak", base / peak}};
    std::printf("%s\n", j.dump().c_str());
  }
}

struct ConvBenchOptions {
  int64_t batch = 64, cin = 32, height = 14, width = 14, cout = 64, kernel = 3, stride = 1, padding = 1;
  std::string device = "vulkan";
  int runs = 3;
  bool json = false;
};

// Seconds for one forward + backward pass (input, weight and bias gradients).
double time_conv(Backend& be, const ConvParams& p, int runs) {
  const Shape xs{p.batch, p.cin, p.height, p.width}, ws{p.cout, p.cin, p.kh, p.kw},
      ys{p.batch, p.cout, p.out_height(), p.out_width()};
  Tensor x = be.from_host(xs, std::vector<float>(size_t(numel(xs)), 0.5f));
  Tensor w = be.from_host(ws, std::vector<float>(size_t(numel(ws)), 0.01f));
  Tensor b = be.from_host({p.cout}, std::vector<float>(size_t(p.cout), 0.f));
  Tensor y = be.empty(ys), dx = be.empty(xs), dw = be.empty(ws), db = be.empty({p.cout});
  return median_seconds(runs, [&] {
    conv2d_forward(be, p, x, w, &b, Activation::ReLU, y);
    conv2d_backward(be, p, x, w, y, &dx, dw, &db);
    be.synchronize();
  });
}

void run_conv_bench(const ConvBenchOptions& o) {
  ConvParams p;
  p.batch = o.batch, p.cin = o.cin, p.height = o.height, p.width = o.width, p.cout = o.cout;
  p.kh = p.kw = o.kernel, p.sh = p.sw = o.stride, p.ph = p.pw = o.padding;
  check_conv_params(p, "bench conv2d");
  // Forward, dW and dX GEMMs: three times the forward multiply-adds.
  const double flops = 3.0 * 2.0 * double(p.batch) * double(p.cout) * double(p.col_cols()) * double(p.col_rows());
  const DeviceInfo dev = select_device(o.device);
  auto backend = open_backend(dev);
  const double dev_s = time_conv(*backend, p, o.runs);
  CpuBackend cpu;
  const double cpu_s = time_conv(cpu, p, o.runs);
  const double gf = flops / dev_s * 1e-9, base = flops / cpu_s * 1e-9;
  std::printf("conv2d forward+backward, batch %lld, %lldx%lldx%lld -> %lld, kernel %lld, stride %lld, padding %lld\n",
              (long long)p.batch, (long long)p.cin, (long long)p.height, (long long)p.width, (long long)p.cout,
              (long long)o.kernel, (long long)o.stride, (long long)o.padding);
  std::printf("  %-45s %8.2f ms  %8.2f GFLOP/s  %8.0f samples/s\n", dev.name.c_str(), dev_s * 1e3, gf, p.batch / dev_s);
  std::printf("  %-45s %8.2f ms  %8.2f GFLOP/s  %8.0f samples/s (baseline)\n", "native CPU backend", cpu_s * 1e3, base,
              p.batch / cpu_s);
  std::printf("  ratio %.3f\n", gf / base);
  const double peak = cpu_fma_peak_gflops();
  std::printf("  native CPU at %.1f %% of this machine's FMA peak (%.0f GFLOP/s, all threads; strata bench peak)\n",
              100.0 * base / peak, peak);
  if (o.json) {
    nlohmann::json j{{"bench", "conv2d"}, {"device", dev.name}, {"device_spec", dev.spec()}, {"ms", dev_s * 1e3},
                     {"gflops", gf}, {"samples_per_s", p.batch / dev_s}, {"baseline", "native cpu backend"},
                     {"baseline_gflops", base}, {"baseline_samples_per_s", p.batch / cpu_s}, {"ratio", gf / base},
                     {"baseline_fraction_of_peak", base / peak}};
    std::printf("%s\n", j.dump().c_str());
  }
}

}  // namespace

void add_bench_command(CLI::App& app) {
  auto* bench = app.add_subcommand("bench", "Benchmarks: figures against a baseline measured in the same run");
  bench->require_subcommand(1);
  static GemmBenchOptions o;
  auto* gemm = bench->add_subcommand("gemm", "C = op(A) op(B) on a device and on OpenBLAS");
  gemm->add_option("--m", o.m, "Rows of C")->check(at_least(1));
  gemm->add_option("--n", o.n, "Columns of C")->check(at_least(1));
  gemm->add_option("--k", o.k, "Inner dimension")->check(at_least(1));
  gemm->add_option("--device", o.device, "Device spec (see `strata devices`)");
  gemm->add_option("--path", o.path, "Vulkan kernel: auto, texel, regblock or tiled");
  gemm->add_flag("--trans-a", o.trans_a, "Use A transposed");
  gemm->add_flag("--trans-b", o.trans_b, "Use B transposed");
  gemm->add_option("--runs", o.runs, "Timed runs (the median is reported)")->check(at_least(1));
  gemm->add_flag("--json", o.json, "End with one JSON object on the last line");
  gemm->callback([] { run_gemm_bench(o); });

  static ConvBenchOptions c;
  auto* conv = bench->add_subcommand("conv2d", "Conv2D forward+backward on a device and on the native CPU backend");
  conv->add_option("--batch", c.batch, "Samples per batch")->check(at_least(1));
  conv->add_option("--in-channels", c.cin, "Input channels")->check(at_least(1));
  conv->add_option("--size", c.height, "Input height and width")->check(at_least(1))->each([](const std::string& v) {
    c.width = std::stoll(v);
  });
  conv->add_option("--filters", c.cout, "Output channels")->check(at_least(1));
  conv->add_option("--kernel", c.kernel, "Kernel size")->check(at_least(1));
  conv->add_option("--stride", c.stride, "Stride")->check(at_least(1));
  conv->add_option("--padding", c.padding, "Zero padding")->check(at_least(0));
  conv->add_option("--device", c.device, "Device spec (see `strata devices`)");
  conv->add_option("--runs", c.runs, "Timed runs (the median is reported)")->check(at_least(1));
  conv->add_flag("--json", c.json, "End with one JSON object on the last line");
  conv->callback([] { run_conv_bench(c); });

  add_bench_lstm_command(*bench);
  add_bench_attention_command(*bench);
  add_bench_train_command(*bench);
  add_bench_peak_command(*bench);
  add_bench_log_command(*bench);
#ifdef STRATA_HAVE_UI
  add_bench_editor_command(*bench);
  add_bench_chart_command(*bench);
  add_bench_ui_training_command(*bench);
  add_bench_runs_command(*bench);
#endif
}

}  // namespace strata::cli
