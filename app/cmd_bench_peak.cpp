// `strata bench peak`: this machine's measured limits (cpu/cpu_peak.h), the
// denominators of "fraction of peak" in the other CPU benchmarks.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "cpu/cpu_isa.h"
#include "cpu/cpu_peak.h"

namespace strata::cli {
namespace {

struct PeakOptions {
  double seconds = 0.2;
  bool json = false;
};

void run_bench_peak(const PeakOptions& o) {
  const cpu::MachinePeak p = cpu::measure_peak(o.seconds, true);
  std::printf("%s (%s, %d threads)\n", cpu::cpu_model().c_str(), cpu::isa_name(cpu::detected_isa()), p.threads);
  auto fma = [&](const char* what, double one, double all) {
    if (one <= 0) std::printf("  %-22s not supported\n", what);
    else std::printf("  %-22s %8.1f GFLOP/s one thread %8.1f GFLOP/s all threads\n", what, one, all);
  };
  fma("FMA, 256-bit", p.fma256_gflops_1, p.fma256_gflops_all);
  fma("FMA, 512-bit", p.fma512_gflops_1, p.fma512_gflops_all);
  std::printf("  %-22s %8.1f GB/s     one thread %8.1f GB/s     all threads\n", "memory read", p.read_gbs_1, p.read_gbs_all);
  std::printf("  %-22s %8.1f GB/s     one thread %8.1f GB/s     all threads (read + written)\n", "memory copy",
              p.copy_gbs_1, p.copy_gbs_all);
  if (o.json)
    std::printf("%s\n", nlohmann::json{{"bench", "peak"},
                                       {"cpu", cpu::cpu_model()},
                                       {"isa", cpu::isa_name(cpu::detected_isa())},
                                       {"threads", p.threads},
                                       {"fma256_gflops", {p.fma256_gflops_1, p.fma256_gflops_all}},
                                       {"fma512_gflops", {p.fma512_gflops_1, p.fma512_gflops_all}},
                                       {"read_gbs", {p.read_gbs_1, p.read_gbs_all}},
                                       {"copy_gbs", {p.copy_gbs_1, p.copy_gbs_all}}}
                                .dump()
                                .c_str());
}

}  // namespace

void add_bench_peak_command(CLI::App& bench) {
  static PeakOptions o;
  auto* cmd = bench.add_subcommand("peak", "This machine's FMA peak (256- and 512-bit) and memory bandwidth");
  cmd->add_option("--seconds", o.seconds, "Timing per figure (best of three tries)")->check(CLI::Range(0.01, 10.0));
  cmd->add_flag("--json", o.json, "End with one JSON object on the last line");
  cmd->callback([] { run_bench_peak(o); });
}

}  // namespace strata::cli
