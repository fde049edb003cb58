// `strata bench train PROJECT`: training throughput of a project's graph on
// a device (samples/s over the timed steps), for bench/train_vs_pytorch.sh
// and for comparing devices. No test evaluation.
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "bench_timing.h"
#include "option_checks.h"
#include "core/error.h"
#include "data/dataset_config.h"
#include "graph/project.h"
#include "model/model.h"
#include "runtime/devices.h"
#include "train/trainer.h"
#include "vk/vk_backend.h"
#include "cpu/cpu_gemm_planner.h"

#include <algorithm>
#include <map>

namespace strata::cli {
namespace {

struct BenchTrainOptions {
  std::string project, device = "auto";
  int epochs = 1, batch_size = 0;
  int64_t limit_train = 0;
  bool json = false, profile = false;
};

// --profile on a Vulkan device: device time per kernel (timestamps around
// every dispatch), summed by kernel over the run, largest first.
void print_profile(const std::vector<vk::ProfileEntry>& entries) {
  std::map<std::string, std::pair<double, int>> by_kernel;
  double total = 0;
  for (const auto& e : entries) {
    auto& [ms, n] = by_kernel[e.label];
    ms += e.ms, ++n, total += e.ms;
  }
  std::vector<std::pair<std::string, std::pair<double, int>>> rows(by_kernel.begin(), by_kernel.end());
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second.first > b.second.first; });
  std::printf("  device time by kernel (%.1f ms in %zu dispatches):\n", total, entries.size());
  for (const auto& [label, v] : rows)
    std::printf("    %-40s %9.1f ms %5.1f %%  %6d dispatches  %8.3f ms each\n", label.c_str(), v.first,
                100.0 * v.first / std::max(total, 1e-9), v.second, v.first / v.second);
}

// --profile on the CPU backend: each layer's time per step (forward and
// backward; the work runs synchronously, so wall time is the layer's), and
// for each the GEMM shapes it ran with the kernel the planner chose and every
// candidate's measured time.
void print_cpu_profile(const LayerTimes& times, const std::vector<std::string>& order) {
  const double steps = std::max(times.steps, 1);
  double total = 0;
  for (const auto& [id, ms] : times.forward_ms) total += ms;
  for (const auto& [id, ms] : times.backward_ms) total += ms;
  std::printf("  time by layer (%.2f ms per step in layers, %d steps):\n", total / steps, times.steps);
  std::printf("    %-22s %10s %10s %7s\n", "layer", "forward", "backward", "share");
  for (const std::string& id : order) {
    const auto f = times.forward_ms.find(id), b = times.backward_ms.find(id);
    const double fm = f == times.forward_ms.end() ? 0 : f->second, bm = b == times.backward_ms.end() ? 0 : b->second;
    if (fm + bm <= 0) continue;
    std::printf("    %-22s %7.3f ms %7.3f ms %6.1f %%\n", id.c_str(), fm / steps, bm / steps,
                100.0 * (fm + bm) / std::max(total, 1e-9));
  }
  const auto& planner = cpu::GemmPlanner::global();
  std::map<cpu::GemmShape, cpu::GemmPlan> plans;
  for (const auto& p : planner.plans()) plans[p.shape] = p;
  std::printf("  GEMM kernels (planner %s, %.0f ms spent measuring in this run; cache %s):\n",
              cpu::plan_mode_name(planner.mode()), 1e3 * planner.planning_seconds(), planner.cache_file().c_str());
  std::printf("    %-22s %-26s %9s  %-9s %s\n", "layer", "shape (M x N x K)", "calls/step", "kernel",
              "measured per call");
  for (const auto& u : planner.uses()) {
    std::string timings;
    if (auto it = plans.find(u.shape); it != plans.end())
      for (const auto& [k, us] : it->second.microseconds) {
        char t[64];
        std::snprintf(t, sizeof t, "%s%s %.1f us", timings.empty() ? "" : ", ", cpu::kernel_name(k), us);
        timings += t;
      }
    else
      timings = "not planned (fixed rule)";
    std::printf("    %-22s %-26s %9.2f  %-9s %s\n", u.label.c_str(), cpu::to_string(u.shape).c_str(),
                double(u.calls) / steps, cpu::kernel_name(u.kernel), timings.c_str());
  }
}

void run_bench_train(const BenchTrainOptions& o) {
  Project project = load_project(o.project);
  TrainingConfig& cfg = project.training;
  cfg.epochs = o.epochs;
  if (o.batch_size > 0) cfg.batch_size = o.batch_size;
  cfg.validation_split = 0;
  cfg.early_stopping.enabled = false;
  const std::string base = std::filesystem::absolute(o.project).parent_path().string();
  const LoadedData data = load_dataset(project.dataset, base, {o.limit_train, 1}, o.project + ": dataset");
  const DeviceInfo dev = select_device(o.device);
  auto backend = open_backend(dev);
  ModelOptions mo;
  mo.max_batch = cfg.batch_size, mo.seed = cfg.seed, mo.optimizer = cfg.optimizer_config();
  mo.clip_norm = float(cfg.clip_norm);
  Model model(project.graph, *backend, mo);
  Trainer trainer(model, cfg);
  trainer.set_augmentation(data.augment);
  auto* vulkan = dynamic_cast<vk::VulkanBackend*>(backend.get());
  const bool cpu_profile = o.profile && dev.backend == BackendKind::Cpu;
  if (o.profile && !vulkan && !cpu_profile) throw Error("--profile needs a Vulkan device or the CPU");
  if (o.profile && vulkan) vulkan->stream().set_profiling(true);
  LayerTimes times;
  // Telemetry times a few steps itself (Model::set_timing): off while we time them all.
  if (cpu_profile) trainer.set_telemetry(false), model.set_timing(&times), cpu::GemmPlanner::global().set_recording(true);
  const FitResult r = trainer.fit(data.train, nullptr);
  if (cpu_profile) model.set_timing(nullptr), cpu::GemmPlanner::global().set_recording(false);
  if (r.status == FitStatus::Failed) throw Error(r.message);
  const double gflops = model.report().flops * 3.0 * r.train_samples_per_s * 1e-9;  // forward + two backward GEMMs
  std::printf("train %s on %s: %lld samples x %d epochs, batch %d\n", o.project.c_str(), dev.name.c_str(),
              (long long)data.train.size(), r.epochs_run, cfg.batch_size);
  std::printf("  %.0f samples/s  (%.2f ms per step, about %.1f effective GFLOP/s)  final loss %.4f accuracy %.4f\n",
              r.train_samples_per_s, 1e3 * cfg.batch_size / r.train_samples_per_s, gflops,
              r.history.empty() ? 0.0 : r.history.back().train.loss, r.history.empty() ? 0.0 : r.history.back().train.accuracy);
  double fraction_of_peak = 0;
  if (dev.backend == BackendKind::Cpu) {
    const double peak = cpu_fma_peak_gflops();
    fraction_of_peak = gflops / peak;
    std::printf("  %.1f %% of this machine's FMA peak (%.0f GFLOP/s, all threads; strata bench peak)\n",
                100.0 * fraction_of_peak, peak);
  }
  if (o.profile && vulkan) print_profile(vulkan->stream().take_profile());
  if (cpu_profile) {
    std::vector<std::string> order;
    for (const auto& n : project.graph.nodes()) order.push_back(n.id);
    print_cpu_profile(times, order);
  }
  if (o.json)
    std::printf("%s\n", nlohmann::json{{"bench", "train"}, {"project", o.project}, {"device", dev.name},
                                       {"device_spec", dev.spec()}, {"samples", data.train.size()},
                                       {"epochs", r.epochs_run}, {"batch_size", cfg.batch_size},
                                       {"samples_per_s", r.train_samples_per_s}, {"effective_gflops", gflops},
                                       {"fraction_of_peak", fraction_of_peak},
                                       {"train_loss", r.history.empty() ? 0.0 : r.history.back().train.loss},
                                       {"train_accuracy", r.history.empty() ? 0.0 : r.history.back().train.accuracy}}
                                .dump()
                                .c_str());
}

}  // namespace

void add_bench_train_command(CLI::App& bench) {
  static BenchTrainOptions o;
  auto* cmd = bench.add_subcommand("train", "Training throughput of a project on a device");
  cmd->add_option("project", o.project, "Project file (.strata)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--device", o.device, "Device spec (see `strata devices`)");
  cmd->add_option("--epochs", o.epochs, "Epochs to time")->check(at_least(1));
  cmd->add_option("--batch-size", o.batch_size, "Override the batch size")->check(at_least(1));
  cmd->add_option("--limit-train", o.limit_train, "Use only the first N training samples")->check(at_least(1));
  cmd->add_flag("--json", o.json, "End with one JSON object on the last line");
  cmd->add_flag("--profile", o.profile, "Vulkan: device time per kernel; CPU: time per layer and the GEMM kernel chosen for each shape");
  cmd->callback([] { run_bench_train(o); });
}

}  // namespace strata::cli
