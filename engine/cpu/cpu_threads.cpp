#include "cpu/cpu_threads.h"

#include <algorithm>

namespace strata {

WorkerPool::WorkerPool(int threads) {
  for (int i = 1; i < std::max(1, threads); ++i) workers_.emplace_back([this, i] { loop(i); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  start_.notify_all();
  for (auto& t : workers_) t.join();
}

void WorkerPool::loop(int index) {
  unsigned seen = 0;
  for (;;) {
    std::unique_lock lock(mutex_);
    start_.wait(lock, [&] { return stop_ || generation_ != seen; });
    if (stop_) return;
    seen = generation_;
    if (index >= tasks_) continue;
    const auto* job = job_;
    lock.unlock();
    std::exception_ptr err;
    try {
      (*job)(index);
    } catch (...) {
      err = std::current_exception();
    }
    lock.lock();
    if (err && !error_) error_ = err;
    if (--pending_ == 0) done_.notify_one();
  }
}

void WorkerPool::run(int tasks, const std::function<void(int)>& fn) {
  tasks = std::clamp(tasks, 1, size());
  if (tasks > 1) {
    std::lock_guard lock(mutex_);
    job_ = &fn;
    tasks_ = tasks;
    pending_ = tasks - 1;
    error_ = nullptr;
    ++generation_;
  }
  if (tasks > 1) start_.notify_all();
  std::exception_ptr err;
  try {
    fn(0);
  } catch (...) {
    err = std::current_exception();
  }
  if (tasks > 1) {
    std::unique_lock lock(mutex_);
    done_.wait(lock, [&] { return pending_ == 0; });
    if (!err) err = error_;
  }
  if (err) std::rethrow_exception(err);
}

}  // namespace strata
