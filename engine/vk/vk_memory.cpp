#include "vk/vk_memory.h"

#include <algorithm>
#include <atomic>

#include "core/error.h"
#include "core/fault_injection.h"

namespace strata::vk {

namespace {
// Device memory every pool of the process holds, for the memory cap a test
// can set (core/fault_injection.h).
std::atomic<uint64_t> g_device_bytes{0};
}  // namespace

std::shared_ptr<MemoryPool> MemoryPool::create(std::shared_ptr<Context> ctx, uint32_t memory_type, const char* name,
                                               Options opt) {
  return std::shared_ptr<MemoryPool>(new MemoryPool(std::move(ctx), memory_type, name, opt));
}

MemoryPool::MemoryPool(std::shared_ptr<Context> ctx_ptr, uint32_t memory_type, const char* name, Options opt)
    : ctx_keep_(std::move(ctx_ptr)), ctx_(*ctx_keep_), memory_type_(memory_type), name_(name) {
  Context& ctx = ctx_;
  VkPhysicalDeviceMemoryProperties mem{};
  ctx.fn().vkGetPhysicalDeviceMemoryProperties(ctx.physical(), &mem);
  host_visible_ = mem.memoryTypes[memory_type].propertyFlags & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT;

  const auto& caps = ctx.caps();
  uint64_t cap = opt.max_block_bytes ? opt.max_block_bytes : (1ull << 30);
  cap = std::min<uint64_t>(cap, caps.max_storage_buffer_range);
  if (caps.max_allocation_size) cap = std::min<uint64_t>(cap, caps.max_allocation_size / 2);
  const uint64_t heap = mem.memoryHeaps[mem.memoryTypes[memory_type].heapIndex].size;
  if (heap) cap = std::min<uint64_t>(cap, heap / 2);
  const uint64_t align = std::max<uint64_t>({256, caps.min_storage_offset_alignment, caps.min_texel_offset_alignment});
  pool_ = std::make_unique<BlockPool>(name_, opt.block_bytes, cap, align,
                                      BlockPool::Hooks{[this](uint32_t i, uint64_t b) { create_block(i, b); },
                                                       [this](uint32_t i) { destroy_block(i); }});
}

MemoryPool::~MemoryPool() { pool_.reset(); }

void MemoryPool::create_block(uint32_t index, uint64_t bytes) {
  const auto& fn = ctx_.fn();
  Block b;
  VkBufferCreateInfo bci{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
  bci.size = bytes;
  bci.usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_UNIFORM_TEXEL_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT;
  bci.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
  check(fn.vkCreateBuffer(ctx_.device(), &bci, nullptr, &b.buffer), "vkCreateBuffer");
  VkMemoryRequirements req{};
  fn.vkGetBufferMemoryRequirements(ctx_.device(), b.buffer, &req);
  if (!(req.memoryTypeBits & (1u << memory_type_))) {
    fn.vkDestroyBuffer(ctx_.device(), b.buffer, nullptr);
    throw Error(name_ + ": storage buffers cannot live in the chosen memory type");
  }
  VkMemoryAllocateInfo mai{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
  mai.allocationSize = req.size;
  mai.memoryTypeIndex = memory_type_;
  const auto cap = fault::device_memory_cap();
  VkResult r = cap && g_device_bytes + req.size > *cap ? VK_ERROR_OUT_OF_DEVICE_MEMORY
                                                       : fn.vkAllocateMemory(ctx_.device(), &mai, nullptr, &b.memory);
  if (r != VK_SUCCESS) {
    fn.vkDestroyBuffer(ctx_.device(), b.buffer, nullptr);
    check(r, (name_ + ": vkAllocateMemory of " + std::to_string(bytes >> 20) + " MiB").c_str());
  }
  try {
    check(fn.vkBindBufferMemory(ctx_.device(), b.buffer, b.memory, 0), "vkBindBufferMemory");
    if (host_visible_) check(fn.vkMapMemory(ctx_.device(), b.memory, 0, VK_WHOLE_SIZE, 0, &b.mapped), "vkMapMemory");
  } catch (...) {
    fn.vkDestroyBuffer(ctx_.device(), b.buffer, nullptr);
    fn.vkFreeMemory(ctx_.device(), b.memory, nullptr);
    throw;
  }
  b.bytes = req.size;
  g_device_bytes += b.bytes;
  if (blocks_.size() <= index) blocks_.resize(index + 1);
  blocks_[index] = b;
}

void MemoryPool::destroy_block(uint32_t index) {
  const auto& fn = ctx_.fn();
  Block& b = blocks_[index];
  if (b.mapped) fn.vkUnmapMemory(ctx_.device(), b.memory);
  fn.vkDestroyBuffer(ctx_.device(), b.buffer, nullptr);
  fn.vkFreeMemory(ctx_.device(), b.memory, nullptr);
  g_device_bytes -= b.bytes;
  b = Block{};
}

BufferRange MemoryPool::allocate(uint64_t bytes, BlockPool::Allocation* handle) {
  std::lock_guard lock(mutex_);
  auto a = pool_->allocate(bytes);
  *handle = a;
  const Block& b = blocks_[a.block];
  return BufferRange{b.buffer, a.offset, a.size, b.mapped ? static_cast<char*>(b.mapped) + a.offset : nullptr};
}

void MemoryPool::release(const BlockPool::Allocation& handle) {
  std::lock_guard lock(mutex_);
  pool_->free(handle);
}

void MemoryPool::trim() {
  std::lock_guard lock(mutex_);
  pool_->trim();
}

size_t MemoryPool::block_count() const {
  std::lock_guard lock(mutex_);
  return pool_->block_count();
}
uint64_t MemoryPool::block_capacity(uint32_t i) const {
  std::lock_guard lock(mutex_);
  return pool_->block_capacity(i);
}
uint64_t MemoryPool::used_bytes() const {
  std::lock_guard lock(mutex_);
  return pool_->used_bytes();
}
uint64_t MemoryPool::reserved_bytes() const {
  std::lock_guard lock(mutex_);
  return pool_->reserved_bytes();
}

}  // namespace strata::vk
