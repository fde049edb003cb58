#pragma once
// First-fit allocation of byte ranges inside one fixed-size block, with
// coalescing of neighbouring free ranges. Both backends carve their memory
// blocks with it: the Vulkan pool inside VkDeviceMemory, the CPU pool inside
// host arenas. It only does arithmetic on offsets; it never touches memory.
#include <cstdint>
#include <map>
#include <optional>

namespace strata {

class RangeAllocator {
 public:
  explicit RangeAllocator(uint64_t capacity);

  // Offset of a free range of `size` bytes aligned to `alignment` (a power of
  // two), or nullopt when no free range is large enough.
  std::optional<uint64_t> allocate(uint64_t size, uint64_t alignment);
  // Returns a range given out by allocate(); `size` must be the size asked for.
  void free(uint64_t offset, uint64_t size);

  uint64_t capacity() const { return capacity_; }
  uint64_t used() const { return used_; }
  bool empty() const { return used_ == 0; }
  uint64_t largest_free() const;

 private:
  uint64_t capacity_;
  uint64_t used_ = 0;
  std::map<uint64_t, uint64_t> free_;  // offset -> size, never adjacent
  std::map<uint64_t, uint64_t> padding_;  // allocation offset -> bytes skipped before it
};

}  // namespace strata
