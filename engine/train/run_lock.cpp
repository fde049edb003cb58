#include "train/run_lock.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.h"
#include "graph/project.h"

namespace strata {

namespace {

constexpr const char* kLockName = "/run.lock";

// The start time of a process in clock ticks since boot (field 22 of
// /proc/PID/stat), 0 when unknown: with the pid it names one process, even
// after the pid is reused.
uint64_t process_start(int64_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return 0;
  const size_t close = line.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream rest(line.substr(close + 2));
  std::string field;
  for (int i = 3; i < 22 && rest >> field;) ++i;  // fields 3..21
  uint64_t start = 0;
  rest >> start;
  return start;
}

struct LockRecord {
  RunLockHolder holder;
  uint64_t start = 0;
};

std::optional<LockRecord> read_lock(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (!j.is_object() || !j.contains("pid") || !j["pid"].is_number_integer()) return LockRecord{};  // damaged: stale
  return LockRecord{{j["pid"].get<int64_t>(), j.value("host", std::string())}, j.value("start", uint64_t(0))};
}

bool live(const LockRecord& r) {
  if (r.holder.pid <= 0) return false;
  if (r.holder.host != this_host()) return true;  // another machine's process cannot be checked: assume it runs
  if (!process_alive(r.holder.pid)) return false;
  return r.start == 0 || r.start == process_start(r.holder.pid);
}

std::string lock_text() {
  const int64_t pid = getpid();
  return nlohmann::json{{"pid", pid}, {"host", this_host()}, {"start", process_start(pid)}}.dump() + "\n";
}

bool ours(const std::string& path) {
  const auto r = read_lock(path);
  return r && r->holder.pid == getpid() && r->holder.host == this_host();
}

std::string held_message(const std::string& run_id, const RunLockHolder& h, const std::string& what) {
  return "run " + run_id + " is being trained by " + h.describe() + "; " + what +
         " waits until it ends (stop it with Ctrl-C or `kill " + std::to_string(h.pid) + "`)";
}

}  // namespace

std::string this_host() {
  char buf[256] = {};
  gethostname(buf, sizeof buf - 1);
  return buf;
}

bool process_alive(int64_t pid) {
  if (pid <= 0 || (kill(pid_t(pid), 0) != 0 && errno != EPERM)) return false;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return true;
  const size_t close = line.rfind(')');
  return !(close != std::string::npos && close + 2 < line.size() && line[close + 2] == 'Z');
}

std::string RunLockHolder::describe() const { return "process " + std::to_string(pid) + " on host " + host; }

std::optional<RunLockHolder> run_lock_holder(const std::string& dir) {
  const auto r = read_lock(dir + kLockName);
  if (r && live(*r)) return r->holder;
  return std::nullopt;
}

void refuse_if_running(const std::string& dir, const std::string& run_id, const std::string& what) {
  if (const auto h = run_lock_holder(dir)) throw Error(held_message(run_id, *h, what));
}

RunLock::RunLock(const std::string& dir, const std::string& run_id, const std::string& what) : path_(dir + kLockName) {
  // The new lock is written whole under a private name, then linked to
  // run.lock: link() fails on an existing name, so two processes never both
  // create it. A stale lock is replaced by a rename, then read back: of two
  // processes replacing the same stale lock, the one that reads another's
  // record gives way.
  const std::string tmp = path_ + ".tmp-" + std::to_string(getpid());
  write_file_atomically(tmp, lock_text());
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (::link(tmp.c_str(), path_.c_str()) == 0) {
      std::remove(tmp.c_str());
      return;
    }
    if (errno != EEXIST) {
      std::remove(tmp.c_str());
      throw Error(path_ + ": cannot lock the run (" + std::string(std::strerror(errno)) + ")");
    }
    const auto held = read_lock(path_);
    if (held && live(*held)) {
      std::remove(tmp.c_str());
      throw Error(held_message(run_id, held->holder, what));
    }
    if (std::rename(tmp.c_str(), path_.c_str()) == 0) {  // replaces the stale lock
      if (ours(path_)) return;
      const auto other = read_lock(path_);
      path_.clear();
      throw Error(held_message(run_id, other ? other->holder : RunLockHolder{}, what));
    }
  }
  std::remove(tmp.c_str());
  throw Error(path_ + ": cannot lock the run");
}

RunLock::~RunLock() {
  if (!path_.empty() && ours(path_)) std::remove(path_.c_str());
}

}  // namespace strata
