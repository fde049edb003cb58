#pragma once
// Range checks for numeric options, with messages users read
// ("--epochs: must be at least 1, not 0") instead of CLI11's own ranges
// (which print DBL_MAX in full).
#include <CLI/CLI.hpp>

namespace strata::cli {

CLI::Validator at_least(double min);
CLI::Validator at_most(double max);
CLI::Validator positive();

}  // namespace strata::cli
