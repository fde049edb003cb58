#include "core/cache_directory.h"

#include <cstdlib>

namespace strata {

std::filesystem::path cache_directory() {
  if (const char* d = std::getenv("STRATA_CACHE_DIR"); d && *d) return d;
  if (const char* d = std::getenv("XDG_CACHE_HOME"); d && *d) return std::filesystem::path(d) / "strata";
  if (const char* h = std::getenv("HOME"); h && *h) return std::filesystem::path(h) / ".cache" / "strata";
  return std::filesystem::temp_directory_path() / "strata-cache";
}

}  // namespace strata
