#pragma once
// Ctrl-C (SIGINT) or SIGTERM while a run trains stops it the way the GUI's
// Stop button does: the trainer finishes its step, writes a checkpoint, and the
// run is logged as 'stopped', so `strata resume` continues it exactly. A
// second signal gets the default action (the run is then 'interrupted' and
// still resumes from its last checkpoint).
#include <atomic>
#include <functional>
#include <thread>

namespace strata::cli {

class StopOnSignal {
 public:
  explicit StopOnSignal(std::function<void()> stop);
  ~StopOnSignal();  // restores the default handlers
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;
  // The signal that stopped the run, or 0.
  int signal() const;

 private:
  std::atomic<bool> done_{false};
  std::thread watcher_;  // a signal handler may only set a flag: this thread acts on it
};

}  // namespace strata::cli
