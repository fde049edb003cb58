#include "data/batch_loader.h"

#include <algorithm>
#include <cstring>

namespace strata {

BatchLoader::BatchLoader(const Dataset& data, int64_t batch, const AugmentConfig& augment, uint64_t seed)
    : data_(data), batch_(batch), augment_(augment), seed_(seed) {
  for (int s = 0; s < 2; ++s) {
    x_[s].resize(size_t(batch * data.sample_size()));
    y_[s].resize(size_t(batch * data.label_size()));
  }
  thread_ = std::thread([this] { run(); });
}

BatchLoader::~BatchLoader() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void BatchLoader::start_epoch(std::vector<int64_t> order, int epoch, int64_t first_batch) {
  {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return !filling_; });  // the loader reads order_ while it fills
    order_ = std::move(order);
    epoch_ = epoch;
    batches_ = (int64_t(order_.size()) + batch_ - 1) / batch_;
    produce_ = consume_ = first_batch;
  }
  cv_.notify_all();
}

void BatchLoader::fill(int slot, int64_t b) {
  const int64_t xs = data_.sample_size(), ys = data_.label_size();
  const int64_t start = b * batch_, count = std::min<int64_t>(batch_, int64_t(order_.size()) - start);
  for (int64_t i = 0; i < count; ++i) {
    const int64_t s = order_[size_t(start + i)];
    float* dst = &x_[slot][size_t(i * xs)];
    std::memcpy(dst, &data_.x[size_t(s * xs)], size_t(xs) * sizeof(float));
    std::memcpy(&y_[slot][size_t(i * ys)], &data_.y[size_t(s * ys)], size_t(ys) * sizeof(float));
    if (augment_.enabled()) {
      // The transform depends on (seed, epoch, position) only.
      std::mt19937_64 rng(seed_ ^ (uint64_t(epoch_) << 40) ^ uint64_t(start + i) * 0x9E3779B97F4A7C15ull);
      augment_sample(augment_, data_.sample_shape, dst, rng, scratch_);
    }
  }
  count_[slot] = count;
}

void BatchLoader::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    // Fill a batch when there is one to fill and its buffer is free (at most one ahead).
    // The trainer holds batch consume_ - 1; its buffer has the parity of consume_ + 1.
    cv_.wait(lock, [&] { return stop_ || (produce_ < batches_ && produce_ <= consume_); });
    if (stop_) return;
    const int64_t b = produce_;
    filling_ = true;
    lock.unlock();
    fill(int(b % 2), b);
    lock.lock();
    filling_ = false;
    ++produce_;
    cv_.notify_all();
  }
}

BatchLoader::Batch BatchLoader::next() {
  std::unique_lock lock(mutex_);
  // Taking batch b frees batch b - 1's buffer, which the loader may now refill.
  cv_.wait(lock, [&] { return produce_ > consume_; });
  const int slot = int(consume_ % 2);
  ++consume_;
  cv_.notify_all();
  return {x_[slot].data(), y_[slot].data(), count_[slot]};
}

}  // namespace strata
