#pragma once
// Sub-allocation from large blocks: the pool asks its owner for a new block
// only when no existing block has room, and never makes one allocation per
// tensor. Blocks are capped in size (for Vulkan: well under
// maxMemoryAllocationSize and within maxStorageBufferRange); a request larger
// than the usual block size gets a block of its own, up to the cap.
#include <cstdint>
#include <functional>
#include <string>
#include <optional>
#include <vector>

#include "core/range_allocator.h"

namespace strata {

class BlockPool {
 public:
  struct Allocation {
    uint32_t block = 0;
    uint64_t offset = 0;
    uint64_t size = 0;
  };
  struct Hooks {
    // Make block `index` of `bytes` bytes; throw if the memory is not there.
    std::function<void(uint32_t index, uint64_t bytes)> create;
    std::function<void(uint32_t index)> destroy;
  };

  BlockPool(std::string name, uint64_t block_size, uint64_t max_block, uint64_t alignment, Hooks hooks);
  ~BlockPool();
  BlockPool(const BlockPool&) = delete;
  BlockPool& operator=(const BlockPool&) = delete;

  Allocation allocate(uint64_t size);
  void free(const Allocation& a);
  // Gives the blocks that hold no allocation back to the owner.
  void trim();

  uint64_t alignment() const { return alignment_; }
  uint64_t max_block() const { return max_block_; }
  size_t block_count() const;
  uint64_t block_capacity(uint32_t index) const;
  uint64_t used_bytes() const;
  uint64_t reserved_bytes() const;

 private:
  std::string name_;
  uint64_t block_size_, max_block_, alignment_;
  Hooks hooks_;
  std::vector<std::optional<RangeAllocator>> blocks_;
};

}  // namespace strata
