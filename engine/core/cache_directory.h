#pragma once
#include <filesystem>

namespace strata {

// Where Strata keeps what it can rebuild (Vulkan pipeline caches, CPU kernel
// plans): $STRATA_CACHE_DIR, else $XDG_CACHE_HOME/strata, else
// ~/.cache/strata, else a folder under the system's temporary directory.
std::filesystem::path cache_directory();

}  // namespace strata
