#include "core/range_allocator.h"

#include "core/error.h"

namespace strata {

RangeAllocator::RangeAllocator(uint64_t capacity) : capacity_(capacity) {
  if (capacity) free_[0] = capacity;
}

std::optional<uint64_t> RangeAllocator::allocate(uint64_t size, uint64_t alignment) {
  if (size == 0) size = 1;
  if (alignment == 0) alignment = 1;
  for (auto it = free_.begin(); it != free_.end(); ++it) {
    const uint64_t start = it->first;
    const uint64_t aligned = (start + alignment - 1) & ~(alignment - 1);
    const uint64_t pad = aligned - start;
    if (it->second < pad + size) continue;
    const uint64_t rest = it->second - pad - size;
    free_.erase(it);
    if (rest) free_[aligned + size] = rest;
    // The alignment padding stays with the allocation so free() can give the
    // whole range back and neighbours coalesce.
    if (pad) padding_[aligned] = pad;
    used_ += pad + size;
    return aligned;
  }
  return std::nullopt;
}

void RangeAllocator::free(uint64_t offset, uint64_t size) {
  if (size == 0) size = 1;
  uint64_t start = offset;
  if (auto p = padding_.find(offset); p != padding_.end()) {
    start -= p->second;
    size += p->second;
    padding_.erase(p);
  }
  if (start + size > capacity_ || size > used_)
    throw Error("RangeAllocator: free of a range that was not allocated");
  used_ -= size;
  uint64_t end = start + size;
  auto next = free_.lower_bound(start);
  if (next != free_.end() && next->first < end)
    throw Error("RangeAllocator: double free");
  if (next != free_.end() && next->first == end) {
    end += next->second;
    next = free_.erase(next);
  }
  if (next != free_.begin()) {
    auto prev = std::prev(next);
    if (prev->first + prev->second > start) throw Error("RangeAllocator: double free");
    if (prev->first + prev->second == start) {
      prev->second = end - prev->first;
      return;
    }
  }
  free_[start] = end - start;
}

uint64_t RangeAllocator::largest_free() const {
  uint64_t best = 0;
  for (const auto& [off, size] : free_) best = size > best ? size : best;
  return best;
}

}  // namespace strata
