#pragma once
// Runs a PyTorch script from tests/oracles/ under Debian's /usr/bin/python3
// (the python3 first on PATH lacks torch) as an outside oracle.
#include <QString>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/shape.h"

namespace strata::test {

struct Array {
  Shape shape;
  std::vector<float> values;
};
using Arrays = std::map<std::string, Array>;

// The script's outputs, or nullopt with `why` set when torch is not installed
// (the caller skips). A script that fails is a test failure (throws).
std::optional<Arrays> run_torch_oracle(const QString& script, const Arrays& inputs, QString* why);

}  // namespace strata::test
