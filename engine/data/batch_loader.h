#pragma once
// Gathers batches in the order the trainer gives (and augments them) on a
// background thread, one batch ahead, so the device never waits for data the
// CPU could have prepared meanwhile. Two buffers: the trainer reads one while
// the loader fills the other.
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "data/augment.h"
#include "data/dataset.h"

namespace strata {

class BatchLoader {
 public:
  BatchLoader(const Dataset& data, int64_t batch, const AugmentConfig& augment, uint64_t seed);
  ~BatchLoader();
  BatchLoader(const BatchLoader&) = delete;
  BatchLoader& operator=(const BatchLoader&) = delete;

  // Starts preparing an epoch's batches from `first_batch` on.
  void start_epoch(std::vector<int64_t> order, int epoch, int64_t first_batch);

  struct Batch {
    const float* x = nullptr;
    const float* y = nullptr;
    int64_t count = 0;
  };
  // The next batch of the epoch; its buffers stay valid until the next call.
  Batch next();

 private:
  void run();
  void fill(int slot, int64_t b);
  const Dataset& data_;
  const int64_t batch_;
  const AugmentConfig augment_;
  const uint64_t seed_;
  std::vector<float> x_[2], y_[2], scratch_;
  int64_t count_[2] = {0, 0};

  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<int64_t> order_;
  int epoch_ = 0;
  int64_t batches_ = 0;
  int64_t produce_ = 0;   // next batch the loader fills
  int64_t consume_ = 0;   // next batch the trainer takes
  bool filling_ = false;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace strata
