#pragma once
// A run being trained holds a lock: the file `run.lock` in its folder, naming
// the process (pid, host, and the process's start time, so a reused pid is
// not mistaken for the trainer). Resume, fork and delete refuse a run whose
// lock is held by a live process; a lock left by a process that died is
// stale and replaced. The CLI and the editor share this code.
#include <cstdint>
#include <optional>
#include <string>

namespace strata {

// Whether a process with this id runs on this machine (a zombie counts as gone).
bool process_alive(int64_t pid);
// This machine's host name, as locks and the experiment log record it.
std::string this_host();

struct RunLockHolder {
  int64_t pid = 0;
  std::string host;
  std::string describe() const;  // "process 1234 on host h"
};

// The live process holding the lock of run folder `dir`, if any.
std::optional<RunLockHolder> run_lock_holder(const std::string& dir);

class RunLock {
 public:
  // Takes the lock of run folder `dir` for this process; throws strata::Error
  // naming the run and the holder when a live process has it (`what` says
  // what had to wait: "resume", "fork"...).
  RunLock(const std::string& dir, const std::string& run_id, const std::string& what);
  ~RunLock();  // releases it (removes the file if it is still ours)
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

 private:
  std::string path_;
};

// Throws strata::Error ("run X is being trained by process 1234 on host h;
// <what> waits until it ends or is stopped") when the run is locked by a live process.
void refuse_if_running(const std::string& dir, const std::string& run_id, const std::string& what);

}  // namespace strata
