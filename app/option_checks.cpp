#include "option_checks.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <functional>

namespace strata::cli {
namespace {

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

// A validator for one number: `problem` returns what is wrong with it, or "".
CLI::Validator number_check(std::function<std::string(double)> problem, const std::string& description) {
  return CLI::Validator(
      [problem](std::string& text) -> std::string {
        char* end = nullptr;
        errno = 0;
        const double v = std::strtod(text.c_str(), &end);
        if (end == text.c_str() || *end != '\0' || errno != 0 || !std::isfinite(v)) return "must be a number, not '" + text + "'";
        const std::string p = problem(v);
        return p.empty() ? p : p + ", not " + text;
      },
      description);
}

}  // namespace

CLI::Validator at_least(double min) {
  return number_check([min](double v) { return v < min ? "must be at least " + number_text(min) : std::string(); },
                      ">= " + number_text(min));
}

CLI::Validator at_most(double max) {
  return number_check([max](double v) { return v > max ? "must be at most " + number_text(max) : std::string(); },
                      "<= " + number_text(max));
}

CLI::Validator positive() {
  return number_check([](double v) { return v > 0 ? std::string() : std::string("must be positive"); }, "> 0");
}

}  // namespace strata::cli
