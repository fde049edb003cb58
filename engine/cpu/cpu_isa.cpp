#include "cpu/cpu_isa.h"

#include <cpuid.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace strata::cpu {
namespace {

Isa detect() {
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    return Isa::Avx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return Isa::Avx2;
  return Isa::Portable;
}

Isa from_environment() {
  const Isa have = detected_isa();
  const char* env = std::getenv("STRATA_CPU_ISA");
  if (!env || !*env) return have;
  const auto asked = parse_isa(env);
  if (!asked) {
    std::fprintf(stderr, "strata: STRATA_CPU_ISA=%s is not one of portable, avx2, avx512; using %s\n", env,
                 isa_name(have));
    return have;
  }
  if (int(*asked) > int(have)) {
    std::fprintf(stderr, "strata: STRATA_CPU_ISA=%s: this CPU only runs %s; using %s\n", env, isa_name(have),
                 isa_name(have));
    return have;
  }
  return *asked;
}

// Read on every kernel call, so an atomic rather than a lock.
std::atomic<int>& current() {
  static std::atomic<int> level{int(from_environment())};
  return level;
}

}  // namespace

Isa detected_isa() {
  static const Isa level = detect();
  return level;
}

Isa isa() { return Isa(current().load(std::memory_order_relaxed)); }

void set_isa(std::optional<Isa> level) {
  const Isa want = level ? Isa(std::min(int(*level), int(detected_isa()))) : from_environment();
  current().store(int(want), std::memory_order_relaxed);
}

const char* isa_name(Isa level) {
  switch (level) {
    case Isa::Portable: return "portable";
    case Isa::Avx2: return "avx2";
    case Isa::Avx512: return "avx512";
  }
  return "?";
}

std::optional<Isa> parse_isa(std::string_view name) {
  for (Isa l : {Isa::Portable, Isa::Avx2, Isa::Avx512})
    if (name == isa_name(l)) return l;
  return std::nullopt;
}

std::string cpu_model() {
  unsigned regs[12] = {};
  if (unsigned(__get_cpuid_max(0x80000000u, nullptr)) < 0x80000004u) return "x86-64 CPU";
  for (unsigned i = 0; i < 3; ++i) __get_cpuid(0x80000002u + i, &regs[4 * i], &regs[4 * i + 1], &regs[4 * i + 2], &regs[4 * i + 3]);
  char brand[49] = {};
  std::memcpy(brand, regs, 48);
  std::string s(brand);
  const auto first = s.find_first_not_of(' ');
  const auto last = s.find_last_not_of(' ');
  return first == std::string::npos ? "x86-64 CPU" : s.substr(first, last - first + 1);
}

}  // namespace strata::cpu
