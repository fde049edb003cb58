// `strata bench lstm`: one LSTM layer forward + backward (final state, input
// and weight gradients) on a device, against PyTorch's torch.nn.LSTM on the
// CPU measured in the same run at its best settings (1 and 2 threads tried,
// glibc malloc thresholds raised so it does not return memory every step).
#include <cstdio>
#include <nlohmann/json.hpp>
#include <random>

#include "bench_timing.h"
#include "commands.h"
#include "option_checks.h"
#include "ops/recurrent.h"
#include "python_baseline.h"
#include "runtime/devices.h"

namespace strata::cli {
namespace {

struct LstmBenchOptions {
  int64_t input = 32, hidden = 128, seq = 50, batch = 64;
  std::string device = "auto";
  int runs = 10;
  bool json = false, torch = true;
};

constexpr const char* kTorchScript = R"(
import json, sys, time
import torch
I, H, T, B, runs, threads = (int(v) for v in sys.argv[1:7])
torch.set_num_threads(threads)
torch.manual_seed(0)
lstm = torch.nn.LSTM(I, H, batch_first=True)
x = torch.randn(B, T, I, requires_grad=True)
def step():
    lstm.zero_grad(set_to_none=True)
    x.grad = None
    _, (h, _) = lstm(x)
    h.sum().backward()
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
double time_lstm(Backend& be, const RnnParams& p, int runs) {
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> dist(-0.1f, 0.1f);
  auto random = [&](int64_t n) {
    std::vector<float> v(static_cast<size_t>(n));
    for (auto& e : v) e = dist(rng);
    return v;
  };
  const int64_t G = p.gate_width();
  RnnWeights w{be.from_host({G, p.input}, random(G * p.input)), be.from_host({G, p.hidden}, random(G * p.hidden)),
               be.from_host({G}, random(G)), Tensor()};
  RnnWeights dw{be.empty({G, p.input}), be.empty({G, p.hidden}), be.empty({G}), Tensor()};
  const Tensor x = be.from_host({p.batch, p.seq, p.input}, random(p.batch * p.seq * p.input));
  const Tensor y = be.empty({p.batch, p.hidden}), dy = be.from_host({p.batch, p.hidden}, std::vector<float>(size_t(p.batch * p.hidden), 1.f));
  const Tensor dx = be.empty({p.batch, p.seq, p.input});
  RnnState s = make_rnn_state(be, p);  // allocated once, as a compiled graph does
  RnnGrads g = make_rnn_grads(be, p);
  be.synchronize();
  return median_seconds(runs, [&] {
    rnn_forward(be, p, w, x, nullptr, s, y);
    rnn_backward(be, p, w, s, dy, g, &dx, dw);
    be.synchronize();
  }, 2);
}

void run_lstm_bench(const LstmBenchOptions& o) {
  RnnParams p;
  p.cell = RnnCell::LSTM, p.input = o.input, p.hidden = o.hidden, p.seq = o.seq, p.batch = o.batch;
  check_rnn_params(p, "bench lstm");
  const DeviceInfo dev = select_device(o.device);
  auto backend = open_backend(dev);
  const double dev_s = time_lstm(*backend, p, o.runs);
  const double seqs = double(p.batch) / dev_s;
  std::printf("lstm forward+backward, input %lld, hidden %lld, sequence %lld, batch %lld\n", (long long)p.input,
              (long long)p.hidden, (long long)p.seq, (long long)p.batch);
  std::printf("  %-45s %8.2f ms  %8.0f sequences/s\n", dev.name.c_str(), dev_s * 1e3, seqs);

  nlohmann::json j{{"bench", "lstm"}, {"device", dev.name}, {"device_spec", dev.spec()}, {"ms", dev_s * 1e3},
                   {"sequences_per_s", seqs}};
  if (o.torch)
    report_torch_baseline(kTorchScript, {std::to_string(p.input), std::to_string(p.hidden), std::to_string(p.seq),
                                         std::to_string(p.batch), std::to_string(o.runs)},
                          double(p.batch), seqs, "sequences", j);
  if (o.json) std::printf("%s\n", j.dump().c_str());
}

}  // namespace

void add_bench_lstm_command(CLI::App& bench) {
  static LstmBenchOptions o;
  auto* lstm = bench.add_subcommand("lstm", "LSTM forward+backward on a device and in PyTorch on the CPU");
  lstm->add_option("--input", o.input, "Input features per timestep")->check(at_least(1));
  lstm->add_option("--hidden", o.hidden, "Hidden units")->check(at_least(1));
  lstm->add_option("--seq", o.seq, "Timesteps")->check(at_least(1));
  lstm->add_option("--batch", o.batch, "Sequences per batch")->check(at_least(1));
  lstm->add_option("--device", o.device, "Device spec (see `strata devices`); default: the best device");
  lstm->add_option("--runs", o.runs, "Timed runs (the median is reported)")->check(at_least(1));
  lstm->add_flag("!--no-torch", o.torch, "Skip the PyTorch baseline");
  lstm->add_flag("--json", o.json, "End with one JSON object on the last line");
  lstm->callback([] { run_lstm_bench(o); });
}

}  // namespace strata::cli
