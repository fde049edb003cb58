#pragma once
// Which vector instructions the CPU backend's own code may use. Detected once
// by CPUID (with the OS's register-state support, as __builtin_cpu_supports
// checks it); STRATA_CPU_ISA=portable|avx2|avx512 lowers it (never raises it
// past what the CPU has), so every path can be run and tested on a machine
// that supports the widest. OpenBLAS picks its own kernels separately.
#include <optional>
#include <string>
#include <string_view>

namespace strata::cpu {

// Ordered: a level includes the ones below it. Avx2 means AVX2 + FMA
// (x86-64-v3); Avx512 means AVX-512F on top of it.
enum class Isa { Portable = 0, Avx2 = 1, Avx512 = 2 };

Isa detected_isa();  // what this CPU can run
Isa isa();           // what Strata's kernels use now: detected, or lower if asked
// Tests and benchmarks: use `level` (clamped to detected_isa()); nullopt goes
// back to the environment's choice.
void set_isa(std::optional<Isa> level);

const char* isa_name(Isa level);
std::optional<Isa> parse_isa(std::string_view name);
// The processor's brand string ("AMD Ryzen 9 9950X 16-Core Processor").
std::string cpu_model();

}  // namespace strata::cpu
