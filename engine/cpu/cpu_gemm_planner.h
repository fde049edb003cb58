#pragma once
// The CPU backend's GEMM planner, in the spirit of FFTW's plans: the first
// time a GEMM shape is about to run, each candidate kernel (cpu_sgemm.h) is
// timed on that shape with scratch operands and the fastest is kept for every
// later call. Plans are cached in cache_directory()/cpu-gemm-plans-<key>.json
// for this machine (CPU model, instruction set, OpenBLAS build and kernel
// version: one file per key); a cache written on another machine or by other
// libraries is ignored, a damaged one is ignored with a warning, so only the first run on
// a machine pays (a few milliseconds per shape).
//
// The backend calls prepare() on its own thread before it hands work to its
// workers; the workers' sgemm() calls only look the choice up. A kernel other
// than the fixed rule's (default_kernel) is chosen only when it measured
// clearly faster, so planning never makes a shape slower than before.
//
// STRATA_CPU_PLAN=off (the fixed rule, nothing measured or cached),
// measure (measure every shape again and rewrite the cache), cached (the
// default: use the cache, measure what it lacks).
#include <atomic>
#include <compare>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cpu/cpu_sgemm.h"

namespace strata::cpu {

struct GemmShape {
  bool trans_a = false, trans_b = false;
  int m = 0, n = 0, k = 0;
  auto operator<=>(const GemmShape&) const = default;
};
std::string to_string(const GemmShape& s);  // "64x121x288 (A, B^T)"

// The measured kernel to keep: `fallback` (the fixed rule's) unless another
// was more than 3 % faster, so timing noise never swaps kernels and a plan is
// never slower than the rule by more than noise.
GemmKernel pick_kernel(GemmKernel fallback, const std::vector<std::pair<GemmKernel, double>>& seconds);

enum class PlanMode { Off, Measure, Cached };
const char* plan_mode_name(PlanMode mode);
std::optional<PlanMode> parse_plan_mode(std::string_view name);

struct GemmPlan {
  GemmShape shape;
  GemmKernel kernel = GemmKernel::OpenBlas;
  std::vector<std::pair<GemmKernel, double>> microseconds;  // each candidate's best time
  bool from_cache = false;
};

class GemmPlanner {
 public:
  GemmPlanner(PlanMode mode, std::filesystem::path cache_file);
  // The process's planner: STRATA_CPU_PLAN, cache_directory()/cache_file_name().
  static GemmPlanner& global();

  PlanMode mode() const { return mode_; }
  const std::filesystem::path& cache_file() const { return file_; }
  // Why the cache was not used, when it was damaged ("" otherwise; the same
  // text went to stderr).
  const std::string& cache_warning() const { return warning_; }

  // Measures the shapes not planned yet (unless the mode is Off) and saves
  // the cache when something new was measured. Call from one thread, not
  // while sgemm() calls for these shapes are running.
  // Called on every op: nothing is allocated when every shape is planned.
  void prepare(std::span<const GemmShape> shapes);
  void prepare(std::initializer_list<GemmShape> shapes) { prepare(std::span(shapes.begin(), shapes.size())); }
  // The planned kernel, or default_kernel() for a shape never planned.
  GemmKernel choose(const GemmShape& shape) const;

  std::vector<GemmPlan> plans() const;
  double planning_seconds() const;  // spent measuring in this process

  // Profiles: while on, choose() counts the calls of each shape under the
  // label last set (the layer running), for `strata bench train --profile`.
  void set_recording(bool on);
  void set_label(std::string label);
  struct Use {
    std::string label;
    GemmShape shape;
    GemmKernel kernel;
    long calls = 0;
  };
  std::vector<Use> uses() const;

  // What a cache must have been written on to be used here.
  static std::string machine_key();
  // "cpu-gemm-plans-<hash of machine_key()>.json": one file per key.
  static std::string cache_file_name();

 private:
  void load();
  // This machine's plans on disk ({} if none, or written for another key);
  // throws if the file is damaged.
  std::map<GemmShape, GemmPlan> read_cache() const;
  void store(std::map<GemmShape, GemmPlan> fresh);   // adds them, with the file's, and writes the file
  GemmPlan measure(const GemmShape& shape);

  PlanMode mode_;
  std::filesystem::path file_;
  std::string warning_;
  mutable std::shared_mutex mutex_;
  std::map<GemmShape, GemmPlan> plans_;
  double planning_seconds_ = 0;
  std::atomic<bool> recording_{false};
  mutable std::mutex uses_mutex_;
  std::string label_;
  mutable std::map<std::pair<std::string, GemmShape>, Use> uses_;
  std::mutex measure_mutex_;    // one measurement at a time (backends on several threads)
  std::vector<float> scratch_;  // operands for measuring
};

}  // namespace strata::cpu
