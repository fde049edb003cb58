#include "core/fault_injection.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>

namespace strata::fault {

namespace {
std::optional<uint64_t> env_number(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) return std::nullopt;
  char* end = nullptr;
  const unsigned long long n = std::strtoull(v, &end, 10);
  if (end == v) return std::nullopt;
  return uint64_t(n);
}
}  // namespace

bool device_lost_on_submit() {
  static const std::optional<uint64_t> after = env_number("STRATA_FAULT_DEVICE_LOST_AFTER_SUBMITS");
  if (!after) return false;
  static std::atomic<uint64_t> submits{0};
  return submits.fetch_add(1) >= *after;
}

std::optional<uint64_t> device_memory_cap() {
  static const std::optional<uint64_t> mib = env_number("STRATA_FAULT_DEVICE_MEMORY_MIB");
  if (!mib) return std::nullopt;
  return *mib << 20;
}

uint64_t disk_write_allowance(uint64_t bytes) {
  static const std::optional<uint64_t> limit = env_number("STRATA_FAULT_DISK_FULL_AFTER_BYTES");
  if (!limit) return bytes;
  static std::atomic<uint64_t> written{0};
  const uint64_t before = written.fetch_add(bytes);
  if (before >= *limit) return 0;
  return std::min(bytes, *limit - before);
}

bool wrong_kernel(const std::string& op) {
  static const char* v = std::getenv("STRATA_FAULT_WRONG_KERNEL");
  return v && op == v;
}

}  // namespace strata::fault
