#include "cpu/cpu_gemm_planner.h"

#include <cblas.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "core/atomic_file.h"
#include "core/cache_directory.h"
#include "cpu/cpu_isa.h"

namespace strata::cpu {
namespace {

constexpr const char* kFormat = "strata-cpu-gemm-plans";
constexpr int kVersion = 1;
// Bump when a kernel changes, so plans timed on the old one are dropped.
constexpr int kKernelsVersion = 2;
// Another kernel replaces the fixed rule's only when it is this much faster:
// timing noise must not swap kernels back and forth.
constexpr double kMargin = 0.97;
// Scratch operands for timing a shape stay under this (fresh pages cost ~10 us each).
constexpr size_t kMaxScratchBytes = size_t(96) << 20;

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

PlanMode mode_from_environment() {
  const char* env = std::getenv("STRATA_CPU_PLAN");
  if (!env || !*env) return PlanMode::Cached;
  if (auto m = parse_plan_mode(env)) return *m;
  std::fprintf(stderr, "strata: STRATA_CPU_PLAN=%s is not one of off, measure, cached; using cached\n", env);
  return PlanMode::Cached;
}

nlohmann::json plan_to_json(const GemmPlan& p) {
  nlohmann::json us = nlohmann::json::object();
  for (const auto& [k, t] : p.microseconds) us[kernel_name(k)] = t;
  const GemmShape& s = p.shape;
  return {{"shape", {s.trans_a, s.trans_b, s.m, s.n, s.k}}, {"kernel", kernel_name(p.kernel)}, {"us", us}};
}

GemmPlan plan_from_json(const nlohmann::json& j) {
  const auto& shape = j.at("shape");
  if (!shape.is_array() || shape.size() != 5) throw std::runtime_error("a plan's shape is not [ta, tb, m, n, k]");
  GemmPlan p;
  p.shape = {shape[0].get<bool>(), shape[1].get<bool>(), shape[2].get<int>(), shape[3].get<int>(), shape[4].get<int>()};
  if (p.shape.m <= 0 || p.shape.n <= 0 || p.shape.k < 0) throw std::runtime_error("a plan's shape is not positive");
  const auto kernel = parse_kernel(j.at("kernel").get<std::string>());
  if (!kernel) throw std::runtime_error("unknown kernel \"" + j.at("kernel").get<std::string>() + "\"");
  p.kernel = *kernel;
  for (const auto& [name, t] : j.at("us").items())
    if (auto k = parse_kernel(name)) p.microseconds.emplace_back(*k, t.get<double>());
  p.from_cache = true;
  return p;
}

}  // namespace

GemmKernel pick_kernel(GemmKernel fallback, const std::vector<std::pair<GemmKernel, double>>& seconds) {
  double fallback_time = INFINITY, fastest = INFINITY;
  GemmKernel winner = fallback;
  for (const auto& [k, t] : seconds) {
    if (k == fallback) fallback_time = t;
    if (t < fastest) fastest = t, winner = k;
  }
  return winner != fallback && fastest < kMargin * fallback_time ? winner : fallback;
}

std::string to_string(const GemmShape& s) {
  return std::to_string(s.m) + "x" + std::to_string(s.n) + "x" + std::to_string(s.k) + " (" +
         (s.trans_a ? "A^T" : "A") + ", " + (s.trans_b ? "B^T" : "B") + ")";
}

const char* plan_mode_name(PlanMode mode) {
  switch (mode) {
    case PlanMode::Off: return "off";
    case PlanMode::Measure: return "measure";
    case PlanMode::Cached: return "cached";
  }
  return "?";
}

std::optional<PlanMode> parse_plan_mode(std::string_view name) {
  for (PlanMode m : {PlanMode::Off, PlanMode::Measure, PlanMode::Cached})
    if (name == plan_mode_name(m)) return m;
  return std::nullopt;
}

std::string GemmPlanner::machine_key() {
  return cpu_model() + " | " + isa_name(isa()) + " | " + openblas_get_config() + " " + openblas_get_corename() +
         " | kernels " + std::to_string(kKernelsVersion);
}

GemmPlanner::GemmPlanner(PlanMode mode, std::filesystem::path cache_file) : mode_(mode), file_(std::move(cache_file)) {
  if (mode_ == PlanMode::Cached) load();
}

std::string GemmPlanner::cache_file_name() {
  // One file per machine key (FNV-1a of it): processes that run with another
  // instruction set (STRATA_CPU_ISA) or OpenBLAS must not replace this
  // machine's plans with theirs, or later runs would plan again and could
  // choose other kernels than the run they resume.
  uint64_t h = 1469598103934665603ull;
  for (unsigned char ch : machine_key()) h = (h ^ ch) * 1099511628211ull;
  char name[64];
  std::snprintf(name, sizeof name, "cpu-gemm-plans-%016llx.json", static_cast<unsigned long long>(h));
  return name;
}

GemmPlanner& GemmPlanner::global() {
  static GemmPlanner planner(mode_from_environment(), cache_directory() / cache_file_name());
  return planner;
}

std::map<GemmShape, GemmPlan> GemmPlanner::read_cache() const {
  std::map<GemmShape, GemmPlan> plans;
  std::ifstream in(file_, std::ios::binary);
  if (!in) return plans;  // nothing cached yet
  const auto j = nlohmann::json::parse(in);
  if (!j.is_object() || j.value("format", "") != kFormat) throw std::runtime_error("not a Strata CPU plan file");
  // Another Strata's format, another CPU or library: its timings mean nothing here.
  if (j.value("version", 0) != kVersion || j.value("machine", "") != machine_key()) return plans;
  for (const auto& e : j.at("plans")) {
    GemmPlan p = plan_from_json(e);
    plans[p.shape] = p;
  }
  return plans;
}

void GemmPlanner::load() {
  try {
    plans_ = read_cache();
  } catch (const std::exception& e) {
    warning_ = file_.string() + ": ignored, the plans are measured again (" + e.what() + ")";
    std::fprintf(stderr, "strata: CPU plan cache %s\n", warning_.c_str());
  }
}

namespace {
// An exclusive lock on `path` (made if missing) for as long as it lives; a
// no-op where the file cannot be made (plans are then simply not shared).
class FileLock {
 public:
  explicit FileLock(const std::string& path) : fd_(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
    if (fd_ >= 0) ::flock(fd_, LOCK_EX);
  }
  ~FileLock() {
    if (fd_ >= 0) ::flock(fd_, LOCK_UN), ::close(fd_);
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_;
};
}  // namespace

void GemmPlanner::store(std::map<GemmShape, GemmPlan> fresh) {
  // Another process may have planned shapes meanwhile. Its plans are kept,
  // and where it planned one of ours first, its choice is adopted (unless
  // asked to measure again): every process then runs a shape with the same
  // kernel, so a run resumed in another process computes the same bits. The
  // read, merge and write happen under a lock: two processes that planned
  // the same shape at once must not each keep their own choice.
  std::error_code ec;
  std::filesystem::create_directories(file_.parent_path(), ec);
  const FileLock lock_file(file_.string() + ".lock");
  std::map<GemmShape, GemmPlan> on_disk;
  try {
    on_disk = read_cache();
  } catch (const std::exception&) {
    // damaged: replaced by what this process knows (load() said so already)
  }
  std::unique_lock lock(mutex_);
  for (auto& [shape, plan] : fresh) {
    auto it = on_disk.find(shape);
    plans_[shape] = mode_ == PlanMode::Cached && it != on_disk.end() ? it->second : plan;
  }
  for (auto& [shape, plan] : on_disk) plans_.emplace(shape, plan);
  nlohmann::json list = nlohmann::json::array();
  for (const auto& [shape, p] : plans_) list.push_back(plan_to_json(p));
  lock.unlock();
  const nlohmann::json j{{"format", kFormat}, {"version", kVersion}, {"machine", machine_key()}, {"plans", list}};
  try {
    write_file_atomically(file_.string(), j.dump(1) + "\n");
  } catch (const std::exception& e) {
    // Plans are an optimisation: training goes on, and measures again next time.
    std::fprintf(stderr, "strata: could not save the CPU plan cache: %s\n", e.what());
  }
}

GemmPlan GemmPlanner::measure(const GemmShape& s) {
  const size_t na = size_t(s.m) * std::max(s.k, 1), nb = size_t(std::max(s.k, 1)) * s.n, nc = size_t(s.m) * s.n;
  if ((na + nb + nc) * sizeof(float) > kMaxScratchBytes) {
    // Operands this large would cost more in fresh pages than any kernel
    // choice wins (large products run near peak on every candidate): the
    // rule's kernel, recorded so the shape is not considered again.
    GemmPlan plan;
    plan.shape = s;
    plan.kernel = default_kernel(s.trans_a, s.trans_b, s.m, s.n, s.k);
    return plan;
  }
  if (scratch_.size() < na + nb + nc) {
    std::mt19937 rng(12345);
    std::uniform_real_distribution<float> u(-1.f, 1.f);
    const size_t old = scratch_.size();
    scratch_.resize(na + nb + nc);
    for (size_t i = old; i < scratch_.size(); ++i) scratch_[i] = u(rng);
  }
  const float *A = scratch_.data(), *B = A + na;
  float* C = scratch_.data() + na + nb;
  const int lda = s.trans_a ? s.m : std::max(s.k, 1), ldb = s.trans_b ? std::max(s.k, 1) : s.n;
  auto run = [&](GemmKernel k) { sgemm_with(k, s.trans_a, s.trans_b, s.m, s.n, s.k, 1.f, A, lda, B, ldb, 0.f, C, s.n); };

  const auto candidates = candidate_kernels();
  std::vector<double> best(candidates.size(), INFINITY);
  std::vector<int> reps(candidates.size(), 1);
  std::vector<double> first(candidates.size(), 0.0);
  for (size_t c = 0; c < candidates.size(); ++c) {  // warm up; about 1 ms of calls per round
    const double t0 = now_seconds();
    run(candidates[c]);
    first[c] = now_seconds() - t0;
    reps[c] = int(std::clamp(1e-3 / std::max(first[c], 1e-7), 1.0, 16.0));
  }
  // Rounds interleave the kernels, so a slow moment hits them all; products
  // that take milliseconds need only one.
  const int rounds = *std::max_element(first.begin(), first.end()) > 10e-3 ? 1 : 3;
  for (int round = 0; round < rounds; ++round)
    for (size_t c = 0; c < candidates.size(); ++c) {
      const double t0 = now_seconds();
      for (int r = 0; r < reps[c]; ++r) run(candidates[c]);
      best[c] = std::min(best[c], (now_seconds() - t0) / reps[c]);
    }

  GemmPlan plan;
  plan.shape = s;
  std::vector<std::pair<GemmKernel, double>> seconds;
  for (size_t c = 0; c < candidates.size(); ++c) {
    plan.microseconds.emplace_back(candidates[c], std::round(best[c] * 1e9) / 1e3);
    seconds.emplace_back(candidates[c], best[c]);
  }
  plan.kernel = pick_kernel(default_kernel(s.trans_a, s.trans_b, s.m, s.n, s.k), seconds);
  return plan;
}

void GemmPlanner::prepare(std::span<const GemmShape> shapes) {
  if (mode_ == PlanMode::Off || forced_kernel()) return;  // a forced kernel needs no plan
  std::lock_guard measuring(measure_mutex_);
  std::map<GemmShape, GemmPlan> fresh;
  const double t0 = now_seconds();
  for (const GemmShape& s : shapes) {
    if (s.m <= 0 || s.n <= 0 || fresh.count(s)) continue;
    {
      std::shared_lock lock(mutex_);
      if (plans_.count(s)) continue;
    }
    fresh[s] = measure(s);
  }
  if (fresh.empty()) return;
  store(std::move(fresh));
  std::unique_lock lock(mutex_);
  planning_seconds_ += now_seconds() - t0;
}

GemmKernel GemmPlanner::choose(const GemmShape& s) const {
  GemmKernel k = default_kernel(s.trans_a, s.trans_b, s.m, s.n, s.k);
  {
    std::shared_lock lock(mutex_);
    if (auto it = plans_.find(s); it != plans_.end() && kernel_available(it->second.kernel)) k = it->second.kernel;
  }
  if (recording_.load(std::memory_order_relaxed)) {
    std::lock_guard lock(uses_mutex_);
    Use& u = uses_[{label_, s}];
    u.label = label_, u.shape = s, u.kernel = k, ++u.calls;
  }
  return k;
}

std::vector<GemmPlan> GemmPlanner::plans() const {
  std::shared_lock lock(mutex_);
  std::vector<GemmPlan> out;
  for (const auto& [s, p] : plans_) out.push_back(p);
  return out;
}

double GemmPlanner::planning_seconds() const {
  std::shared_lock lock(mutex_);
  return planning_seconds_;
}

void GemmPlanner::set_recording(bool on) {
  std::lock_guard lock(uses_mutex_);
  recording_ = on;
  if (on) uses_.clear();
}

void GemmPlanner::set_label(std::string label) {
  std::lock_guard lock(uses_mutex_);
  label_ = std::move(label);
}

std::vector<GemmPlanner::Use> GemmPlanner::uses() const {
  std::lock_guard lock(uses_mutex_);
  std::vector<Use> out;
  for (const auto& [key, u] : uses_) out.push_back(u);
  return out;
}

}  // namespace strata::cpu
