#include "core/atomic_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "core/error.h"
#include "core/fault_injection.h"

namespace strata {

void write_file_atomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp-" + std::to_string(getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(path + ": cannot write (the folder is missing or read-only)");
    const size_t allowed = size_t(fault::disk_write_allowance(text.size()));  // a test's "full disk"
    out.write(text.data(), std::streamsize(allowed));
    out.flush();
    if (!out || allowed < text.size()) {
      const std::string why = allowed < text.size() ? std::strerror(ENOSPC) : errno ? std::strerror(errno) : "disk full?";
      out.close();
      std::remove(tmp.c_str());
      throw Error(path + ": writing failed (" + why + "); nothing was changed");
    }
  }
  if (FILE* f = std::fopen(tmp.c_str(), "rb")) {  // flush to disk before the rename makes it visible
    fsync(fileno(f));
    std::fclose(f);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw Error(path + ": cannot replace the file");
  }
}

}  // namespace strata
