#pragma once
// Sub-allocating Vulkan memory pool. Each block is one VkDeviceMemory with one
// storage VkBuffer bound over all of it; tensors are (buffer, offset, size)
// ranges inside a block, handed out first-fit. Blocks are capped below
// maxMemoryAllocationSize and maxStorageBufferRange (lavapipe: 128 MiB) so
// every range can be bound as a storage buffer.
#include <memory>
#include <mutex>
#include <vector>

#include "core/block_pool.h"
#include "vk/vk_context.h"

namespace strata::vk {

struct BufferRange {
  VkBuffer buffer = VK_NULL_HANDLE;
  VkDeviceSize offset = 0;
  VkDeviceSize size = 0;
  void* mapped = nullptr;  // host pointer to offset, when the memory is mappable
};

class MemoryPool {
 public:
  struct Options {
    uint64_t block_bytes = 64ull << 20;
    uint64_t max_block_bytes = 0;  // 0: derived from the device limits
  };
  static std::shared_ptr<MemoryPool> create(std::shared_ptr<Context> ctx, uint32_t memory_type, const char* name, Options opt);
  ~MemoryPool();

  // A range that stays valid until release(); throws on exhaustion.
  BufferRange allocate(uint64_t bytes, BlockPool::Allocation* handle);
  void release(const BlockPool::Allocation& handle);
  void trim();

  uint64_t max_block_bytes() const { return pool_->max_block(); }
  size_t block_count() const;
  uint64_t block_capacity(uint32_t i) const;
  uint64_t used_bytes() const;
  uint64_t reserved_bytes() const;

 private:
  MemoryPool(std::shared_ptr<Context> ctx, uint32_t memory_type, const char* name, Options opt);
  struct Block {
    VkDeviceMemory memory = VK_NULL_HANDLE;
    VkBuffer buffer = VK_NULL_HANDLE;
    void* mapped = nullptr;
    uint64_t bytes = 0;
  };
  void create_block(uint32_t index, uint64_t bytes);
  void destroy_block(uint32_t index);

  std::shared_ptr<Context> ctx_keep_;  // tensors may outlive their backend
  Context& ctx_;
  uint32_t memory_type_;
  bool host_visible_;
  std::string name_;
  mutable std::mutex mutex_;
  std::vector<Block> blocks_;
  std::unique_ptr<BlockPool> pool_;
};

}  // namespace strata::vk
