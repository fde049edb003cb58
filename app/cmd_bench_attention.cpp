// `strata bench attention`: one MultiHeadAttention layer (self-attention with
// a key padding mask: every other sample a quarter padding) forward and
// backward (input and weight gradients) on a device, against PyTorch's
// torch.nn.MultiheadAttention on the CPU measured in the same run at its best
// settings (1 and 2 threads tried, glibc malloc thresholds raised).
#include <cstdio>
#include <nlohmann/json.hpp>
#include <random>

#include "bench_timing.h"
#include "core/error.h"
#include "commands.h"
#include "layers/registry.h"
#include "option_checks.h"
#include "python_baseline.h"
#include "runtime/devices.h"

namespace strata::cli {
namespace {

struct AttentionBenchOptions {
  int64_t features = 64, heads = 4, seq = 64, batch = 32;
  std::string device = "auto";
  int runs = 10;
  bool json = false, torch = true;
};

constexpr const char* kTorchScript = R"(
import json, sys, time
import torch
E, H, T, B, runs, threads = (int(v) for v in sys.argv[1:7])
torch.set_num_threads(threads)
torch.manual_seed(0)
mha = torch.nn.MultiheadAttention(E, H, batch_first=True)
x = torch.randn(B, T, E, requires_grad=True)
padding = torch.zeros(B, T, dtype=torch.bool)
padding[1::2, : T // 4] = True
def step():
    mha.zero_grad(set_to_none=True)
    x.grad = None
    out, _ = mha(x, x, x, key_padding_mask=padding, need_weights=False)
    out.sum().backward()
for _ in range(3):
    step()
times = []
for _ in range(runs):
    t0 = time.perf_counter()
    step()
    times.append(time.perf_counter() - t0)
times.sort()
print(json.dumps({"seconds": times[len(times) // 2], "torch": torch.__version__}))
)";

// Seconds per forward + backward of one batch.
double time_attention(Backend& be, const AttentionBenchOptions& o) {
  const LayerSpec& spec = *find_layer("MultiHeadAttention");
  const NodeParams np = resolve_params(spec, "attention", {{"heads", o.heads}, {"key_dim", o.features / o.heads}});
  const Shape sample{o.seq, o.features};
  auto exec = spec.make(ExecSetup{be, np, {sample}, sample, o.batch, 1});
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> dist(-1.f, 1.f);
  std::vector<float> x(size_t(o.batch * o.seq * o.features)), mask(size_t(o.batch * o.seq), 1.f);
  for (auto& v : x) v = dist(rng);
  for (int64_t b = 1; b < o.batch; b += 2)
    for (int64_t t = 0; t < o.seq / 4; ++t) mask[size_t(b * o.seq + t)] = 0.f;
  ExecContext c(be);
  c.batch = o.batch, c.training = true;
  c.inputs = {be.from_host({o.batch, o.seq, o.features}, x)};
  c.input_masks = {be.from_host({o.batch, o.seq}, mask)};
  c.output = be.empty({o.batch, o.seq, o.features});
  c.output_grad = be.from_host({o.batch, o.seq, o.features}, std::vector<float>(x.size(), 1.f));
  c.input_grads = {be.empty({o.batch, o.seq, o.features})};
  be.synchronize();
  return median_seconds(o.runs, [&] {
    exec->forward(c);
    exec->backward(c);
    be.synchronize();
  }, 2);
}

void run_attention_bench(const AttentionBenchOptions& o) {
  if (o.features % o.heads != 0)
    throw Error("bench attention: --features " + std::to_string(o.features) + " does not split into " +
                std::to_string(o.heads) + " heads (PyTorch's layer needs that)");
  const DeviceInfo dev = select_device(o.device);
  auto backend = open_backend(dev);
  const double dev_s = time_attention(*backend, o);
  const double seqs = double(o.batch) / dev_s;
  std::printf("multi-head self-attention forward+backward, features %lld, heads %lld, sequence %lld, batch %lld, "
              "padding mask\n", (long long)o.features, (long long)o.heads, (long long)o.seq, (long long)o.batch);
  std::printf("  %-45s %8.2f ms  %8.0f sequences/s\n", dev.name.c_str(), dev_s * 1e3, seqs);
  nlohmann::json j{{"bench", "attention"}, {"device", dev.name}, {"device_spec", dev.spec()}, {"ms", dev_s * 1e3},
                   {"sequences_per_s", seqs}};
  if (o.torch)
    report_torch_baseline(kTorchScript, {std::to_string(o.features), std::to_string(o.heads), std::to_string(o.seq),
                                         std::to_string(o.batch), std::to_string(o.runs)},
                          double(o.batch), seqs, "sequences", j);
  if (o.json) std::printf("%s\n", j.dump().c_str());
}

}  // namespace

void add_bench_attention_command(CLI::App& bench) {
  static AttentionBenchOptions o;
  auto* a = bench.add_subcommand("attention", "Multi-head self-attention forward+backward on a device and in PyTorch on the CPU");
  a->add_option("--features", o.features, "Features per step (heads x key size)")->check(at_least(1));
  a->add_option("--heads", o.heads, "Attention heads")->check(at_least(1));
  a->add_option("--seq", o.seq, "Timesteps")->check(at_least(1));
  a->add_option("--batch", o.batch, "Sequences per batch")->check(at_least(1));
  a->add_option("--device", o.device, "Device spec (see `strata devices`); default: the best device");
  a->add_option("--runs", o.runs, "Timed runs (the median is reported)")->check(at_least(1));
  a->add_flag("!--no-torch", o.torch, "Skip the PyTorch baseline");
  a->add_flag("--json", o.json, "End with one JSON object on the last line");
  a->callback([] { run_attention_bench(o); });
}

}  // namespace strata::cli
