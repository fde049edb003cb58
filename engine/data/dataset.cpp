#include "data/dataset.h"

#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <random>

namespace strata {

std::string dataset_fingerprint(const Dataset& d) {
  const uLong cx = crc32(0L, reinterpret_cast<const Bytef*>(d.x.data()), uInt(d.x.size() * sizeof(float)));
  const uLong cy = crc32(0L, reinterpret_cast<const Bytef*>(d.y.data()), uInt(d.y.size() * sizeof(float)));
  char buf[64];
  std::snprintf(buf, sizeof buf, "%lld-%08lx%08lx", (long long)d.size(), cx, cy);
  return buf;
}

void Dataset::truncate(int64_t n) {
  if (n <= 0 || n >= size()) return;
  x.resize(size_t(n * sample_size()));
  y.resize(size_t(n * label_size()));
}

void Dataset::shuffle(uint64_t seed) {
  Dataset copy = *this;
  const int64_t n = size(), xs = sample_size(), ys = label_size();
  std::vector<int64_t> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(seed);
  std::shuffle(order.begin(), order.end(), rng);
  for (int64_t i = 0; i < n; ++i) {
    std::copy_n(copy.x.begin() + order[size_t(i)] * xs, xs, x.begin() + i * xs);
    std::copy_n(copy.y.begin() + order[size_t(i)] * ys, ys, y.begin() + i * ys);
  }
}

Dataset Dataset::split_off(double fraction, uint64_t seed) {
  const int64_t n = size(), held = int64_t(double(n) * fraction);
  std::vector<int64_t> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(seed);
  std::shuffle(order.begin(), order.end(), rng);
  Dataset keep = *this, out = *this;
  keep.x.clear(), keep.y.clear(), out.x.clear(), out.y.clear();
  out.name = name + " (validation split)";
  const int64_t xs = sample_size(), ys = label_size();
  for (int64_t i = 0; i < n; ++i) {
    Dataset& d = i < n - held ? keep : out;
    const int64_t s = order[size_t(i)];
    d.x.insert(d.x.end(), x.begin() + s * xs, x.begin() + (s + 1) * xs);
    d.y.insert(d.y.end(), y.begin() + s * ys, y.begin() + (s + 1) * ys);
  }
  *this = std::move(keep);
  return out;
}

}  // namespace strata
