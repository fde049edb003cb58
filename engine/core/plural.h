#pragma once
// "1 epoch", "2 epochs": counts in messages.
#include <cstdint>
#include <string>

namespace strata {

inline std::string count_of(int64_t n, const std::string& singular, const std::string& plural = {}) {
  return std::to_string(n) + " " + (n == 1 ? singular : plural.empty() ? singular + "s" : plural);
}

}  // namespace strata
