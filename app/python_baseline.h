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

}  // namespace strata::cli
