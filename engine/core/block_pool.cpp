#include "core/block_pool.h"

#include <algorithm>

#include "core/error.h"

namespace strata {

BlockPool::BlockPool(std::string name, uint64_t block_size, uint64_t max_block, uint64_t alignment, Hooks hooks)
    : name_(std::move(name)),
      block_size_(std::min(block_size, max_block)),
      max_block_(max_block),
      alignment_(alignment),
      hooks_(std::move(hooks)) {}

BlockPool::~BlockPool() {
  for (uint32_t i = 0; i < blocks_.size(); ++i)
    if (blocks_[i]) hooks_.destroy(i);
}

BlockPool::Allocation BlockPool::allocate(uint64_t size) {
  if (size > max_block_)
    throw DeviceOutOfMemory(name_ + ": a buffer of " + std::to_string(size) + " bytes is larger than the largest block this device allows (" +
                std::to_string(max_block_) + " bytes)");
  for (uint32_t i = 0; i < blocks_.size(); ++i) {
    if (!blocks_[i]) continue;
    if (auto off = blocks_[i]->allocate(size, alignment_)) return {i, *off, size};
  }
  uint64_t bytes = std::max(block_size_, (size + alignment_ - 1) / alignment_ * alignment_);
  bytes = std::min(bytes, max_block_);
  uint32_t index = 0;
  while (index < blocks_.size() && blocks_[index]) ++index;
  if (index == blocks_.size()) blocks_.emplace_back();
  hooks_.create(index, bytes);  // throws on failure, leaving the slot empty
  blocks_[index].emplace(bytes);
  auto off = blocks_[index]->allocate(size, alignment_);
  return {index, *off, size};
}

void BlockPool::free(const Allocation& a) {
  if (a.block >= blocks_.size() || !blocks_[a.block]) throw Error(name_ + ": free of an unknown block");
  blocks_[a.block]->free(a.offset, a.size);
}

void BlockPool::trim() {
  for (uint32_t i = 0; i < blocks_.size(); ++i) {
    if (blocks_[i] && blocks_[i]->empty()) {
      hooks_.destroy(i);
      blocks_[i].reset();
    }
  }
}

size_t BlockPool::block_count() const {
  return std::count_if(blocks_.begin(), blocks_.end(), [](const auto& b) { return b.has_value(); });
}

uint64_t BlockPool::block_capacity(uint32_t index) const {
  return index < blocks_.size() && blocks_[index] ? blocks_[index]->capacity() : 0;
}

uint64_t BlockPool::used_bytes() const {
  uint64_t n = 0;
  for (const auto& b : blocks_)
    if (b) n += b->used();
  return n;
}

uint64_t BlockPool::reserved_bytes() const {
  uint64_t n = 0;
  for (const auto& b : blocks_)
    if (b) n += b->capacity();
  return n;
}

}  // namespace strata
