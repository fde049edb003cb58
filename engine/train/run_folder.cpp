#include "train/run_folder.h"

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <random>

#include "core/error.h"

namespace strata {
namespace fs = std::filesystem;

std::string data_root() {
  if (const char* d = std::getenv("STRATA_DATA_DIR"); d && *d) return d;
  if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x) return std::string(x) + "/strata";
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : "/tmp") + "/.local/share/strata";
}

std::string runs_root() { return data_root() + "/runs"; }

RunFolder create_run_folder() {
  std::random_device rd;
  char id[32];
  std::snprintf(id, sizeof id, "%08llx%04x", (unsigned long long)std::time(nullptr), unsigned(rd() & 0xffff));
  RunFolder r{id, runs_root() + "/" + id};
  std::error_code ec;
  fs::create_directories(r.dir, ec);
  if (ec) throw Error(r.dir + ": cannot create the run folder (" + ec.message() + ")");
  return r;
}

RunFolder find_run_folder(const std::string& s) {
  if (fs::is_directory(s) && fs::exists(fs::path(s) / "project.strata"))
    return {fs::path(s).filename().string(), fs::absolute(s).string()};
  const std::string dir = runs_root() + "/" + s;
  if (fs::is_directory(dir)) return {s, dir};
  throw Error("no run '" + s + "' (looked in " + runs_root() + ")");
}

}  // namespace strata
