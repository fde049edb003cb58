#pragma once
// Runs a baseline measurement in Debian's PyTorch (/usr/bin/python3; the
// python3 first on PATH may lack torch) so a benchmark can report its figure
// as a ratio against a baseline measured in the same run.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace strata::cli {

// Writes `script` to a temporary file and runs it with `args` and the extra
// environment assignments `env` ("NAME=value"). The script prints one JSON
// object as its last line. nullopt with `why` set when python3 or torch is
// missing or the script fails.
std::optional<nlohmann::json> run_python_baseline(const std::string& script, const std::vector<std::string>& args,
                                                  const std::vector<std::string>& env, std::string* why);

// A benchmark's PyTorch baseline at its best here: the script (whose last
// argument is the thread count, and which prints {"seconds", "torch"}) run
// with one and two threads, OpenBLAS/OpenMP set to match and glibc's malloc
// thresholds raised; the faster kept. Prints its line and the ratio to
// `rate` (items per second, of `items` per run) and adds baseline,
// baseline_<unit>_per_s, baseline_threads and ratio to `j`; or prints why
// there is none.
void report_torch_baseline(const std::string& script, const std::vector<std::string>& args, double items,
                           double rate, const std::string& unit, nlohmann::json& j);

}  // namespace strata::cli
