#pragma once
#include <string>

namespace strata {

// Writes `text` to path atomically (temporary file in the same directory,
// flushed, then renamed over the target); an Error naming the file, and the
// old file untouched, when that fails.
void write_file_atomically(const std::string& path, const std::string& text);

}  // namespace strata
