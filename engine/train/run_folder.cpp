#include "train/run_folder.h"

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <system_error>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "core/error.h"
#include "core/fault_injection.h"
#include "graph/project.h"

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

void write_run_info(const RunFolder& run, const RunInfo& info) {
  const nlohmann::json j{{"limit_train", info.limit_train}, {"limit_test", info.limit_test},
                         {"device_spec", info.device_spec}, {"log", info.log}, {"start_epoch", info.start_epoch}};
  write_file_atomically(run.info(), j.dump(2) + "\n");
}

void copy_file_atomically(const std::string& from, const std::string& to) {
  const std::string temp = to + ".part";
  std::error_code ec;
  const auto bytes = fs::file_size(from, ec);
  if (!ec && fault::disk_write_allowance(bytes) < bytes) ec = std::make_error_code(std::errc::no_space_on_device);  // a test's "full disk"
  if (!ec) fs::copy_file(from, temp, fs::copy_options::overwrite_existing, ec);
  if (!ec) fs::rename(temp, to, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    throw Error("cannot copy " + from + " to " + to + ": " + ec.message());
  }
}

RunInfo read_run_info(const RunFolder& run) {
  RunInfo info;
  std::ifstream in(run.info());
  if (!in) return info;
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (!j.is_object()) throw Error(run.info() + ": damaged (not a JSON object)");
  try {
    info.limit_train = j.value("limit_train", int64_t(0)), info.limit_test = j.value("limit_test", int64_t(0));
    info.device_spec = j.value("device_spec", std::string("auto"));
    info.log = j.value("log", std::string());
    info.start_epoch = j.value("start_epoch", 0);
  } catch (const nlohmann::json::exception& e) {
    throw Error(run.info() + ": damaged (" + std::string(e.what()) + ")");
  }
  return info;
}

void remove_run_folder(const RunFolder& run) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(run.dir, ec)) {
    const std::string name = e.path().filename().string();
    const bool ours = name == "project.strata" || name == "run.json" || name == "preprocessing.json" ||
                      name == "checkpoint.ck" || name == "checkpoint.history.json" || name == "summary.json" ||
                      name == "run.lock" || (name.rfind("epoch-", 0) == 0 && (e.path().extension() == ".ck" || name.ends_with(".ck.part") ||
                                                        name.ends_with(".history.json")));
    if (ours) fs::remove(e.path(), ec);
  }
  fs::remove(run.dir, ec);  // only if empty
}

}  // namespace strata
