#pragma once
// A small pool of persistent worker threads for the CPU backend's own
// parallel loops (OpenBLAS threads its GEMMs itself). Workers are made once
// and sleep between jobs, so a training step never pays for thread creation.
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace strata {

class WorkerPool {
 public:
  explicit WorkerPool(int threads);  // threads counts the caller: n - 1 workers
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  int size() const { return int(workers_.size()) + 1; }
  // Runs fn(0) ... fn(tasks - 1), task 0 on the calling thread, and returns
  // when all are done. tasks <= size(). The first exception is rethrown.
  void run(int tasks, const std::function<void(int)>& fn);

 private:
  void loop(int index);
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable start_, done_;
  const std::function<void(int)>* job_ = nullptr;
  int tasks_ = 0, pending_ = 0;
  unsigned generation_ = 0;
  bool stop_ = false;
  std::exception_ptr error_;
};

}  // namespace strata
