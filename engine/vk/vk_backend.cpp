#include "vk/vk_backend.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "core/error.h"

namespace strata::vk {
namespace {

class VkStorage final : public Storage {
 public:
  VkStorage(const void* owner, std::shared_ptr<MemoryPool> pool, uint64_t bytes)
      : Storage(owner, bytes), pool_(std::move(pool)) {
    range_ = pool_->allocate(bytes, &handle_);
  }
  ~VkStorage() override { pool_->release(handle_); }
  const BufferRange& range() const { return range_; }

 private:
  std::shared_ptr<MemoryPool> pool_;
  BlockPool::Allocation handle_;
  BufferRange range_;
};

const VkStorage& storage_of(const Tensor& t, const void* owner) {
  if (!t.defined()) throw Error("vulkan backend: tensor has no storage");
  if (t.storage()->owner() != owner) throw Error("vulkan backend: tensor belongs to another device");
  return *static_cast<const VkStorage*>(t.storage());
}

}  // namespace

VulkanBackend::VulkanBackend(int index, MemoryPool::Options memory, bool force_staging)
    : ctx_(std::make_shared<Context>(Instance::get(), index)) {
  memory_ = MemoryPool::create(ctx_, ctx_->device_memory_type(), "device memory pool", memory);
  direct_map_ = ctx_->unified_memory() && !force_staging;
  if (!direct_map_)
    staging_ = MemoryPool::create(ctx_, ctx_->staging_memory_type(), "staging memory pool", {16ull << 20, 0});
  pipelines_ = std::make_unique<Pipelines>(*ctx_);
  // A submit every 8 dispatches: the device starts on a step's first kernels
  // while the host still records the rest (each training step ends in a wait
  // for its loss). On lavapipe 256 per submit was ~4 % slower
  // (bench/README.md). STRATA_PER_SUBMIT overrides, for experiments.
  const char* per = std::getenv("STRATA_PER_SUBMIT");
  stream_ = std::make_unique<Stream>(*ctx_, 3, per && std::atoi(per) > 0 ? uint32_t(std::atoi(per)) : 8);
}

VulkanBackend::~VulkanBackend() {
  stream_.reset();  // waits for the device
  pipelines_.reset();
}

void VulkanBackend::release_unused_memory() {
  memory_->trim();
  if (staging_) staging_->trim();
}

Tensor VulkanBackend::empty(const Shape& shape) {
  const uint64_t bytes = std::max<uint64_t>(4, uint64_t(numel(shape)) * sizeof(float));
  return Tensor(shape, std::make_shared<VkStorage>(this, memory_, bytes));
}

Binding VulkanBackend::binding_shifted(const Tensor& t, bool write, uint32_t* shift) const {
  const auto& r = storage_of(t, this).range();
  const auto& caps = ctx_->caps();
  const VkDeviceSize align = std::max<VkDeviceSize>({4, caps.min_storage_offset_alignment, caps.min_texel_offset_alignment});
  const VkDeviceSize start = r.offset + VkDeviceSize(t.offset()) * 4;
  const VkDeviceSize base = start / align * align;
  *shift = uint32_t((start - base) / 4);
  return Binding{r.buffer, base, std::max<VkDeviceSize>(4, t.bytes()) + (start - base), write};
}

bool VulkanBackend::rgba_texels(uint64_t bytes) const {
  const auto& caps = ctx_->caps();
  return caps.texel_rgba32f && (bytes + 15) / 16 <= caps.max_texel_buffer_elements;
}

// R32F views cost lavapipe one gather per value, against a 16-byte load per
// lane and a component select for RGBA32F (col2im 9.4 -> 8.4 ms; im2col and
// the fused pool backward measured no different).
bool VulkanBackend::r32f_texels(uint64_t bytes) const {
  static const bool rgba_forced = std::getenv("STRATA_RGBA_TEXELS") != nullptr;
  const auto& caps = ctx_->caps();
  return !rgba_forced && caps.texel_r32f && (bytes + 3) / 4 <= caps.max_texel_buffer_elements;
}

Binding VulkanBackend::binding(const Tensor& t, bool write) const {
  uint32_t shift = 0;
  Binding b = binding_shifted(t, write, &shift);
  if (shift)
    throw Error("vulkan backend: a view starting at element " + std::to_string(t.offset()) +
                " is not aligned for this op (views at multiples of 64 elements always are)");
  return b;
}

void VulkanBackend::upload(const Tensor& dst, std::span<const float> src) {
  if (int64_t(src.size()) != dst.numel())
    throw Error("upload: " + std::to_string(src.size()) + " values for a tensor of shape " + to_string(dst.shape()));
  const auto& r = storage_of(dst, this).range();
  if (direct_map_) {
    // Earlier recorded work may still read or write this memory.
    if (!stream_->idle()) stream_->synchronize();
    std::memcpy(static_cast<char*>(r.mapped) + dst.offset() * 4, src.data(), src.size_bytes());
    return;
  }
  auto staging = std::make_shared<VkStorage>(this, staging_, src.size_bytes());
  std::memcpy(staging->range().mapped, src.data(), src.size_bytes());
  const auto& s = staging->range();
  stream_->copy(Binding{s.buffer, s.offset, src.size_bytes(), false},
                Binding{r.buffer, r.offset + VkDeviceSize(dst.offset()) * 4, src.size_bytes(), true});
  stream_->on_complete([staging] {});  // keeps the staging range alive until the copy ran
}

void VulkanBackend::download(const Tensor& src, std::span<float> dst) {
  if (int64_t(dst.size()) != src.numel())
    throw Error("download: room for " + std::to_string(dst.size()) + " values from a tensor of shape " +
                to_string(src.shape()));
  const auto& r = storage_of(src, this).range();
  if (direct_map_) {
    stream_->synchronize();
    std::memcpy(dst.data(), static_cast<const char*>(r.mapped) + src.offset() * 4, dst.size_bytes());
    return;
  }
  VkStorage staging(this, staging_, dst.size_bytes());
  const auto& s = staging.range();
  stream_->copy(Binding{r.buffer, r.offset + VkDeviceSize(src.offset()) * 4, dst.size_bytes(), false},
                Binding{s.buffer, s.offset, dst.size_bytes(), true});
  stream_->synchronize();
  std::memcpy(dst.data(), s.mapped, dst.size_bytes());
}

void VulkanBackend::dispatch_1d(const Kernel& k, std::span<const Binding> bindings, const void* push, uint64_t count) {
  if (stream_->profiling()) stream_->label_next(std::to_string(count) + " invocations");
  const uint64_t groups = (count + 63) / 64;
  const uint32_t gx = uint32_t(std::min<uint64_t>(groups, 65535)), gy = uint32_t((groups + gx - 1) / gx);
  stream_->dispatch(k, bindings, push, gx, gy);
}

void VulkanBackend::fill(const Tensor& dst, float value) {
  struct {
    uint32_t count;
    float value;
  } push{uint32_t(dst.numel()), value};
  const Kernel& k = pipelines_->get("fill", {}, 1, sizeof push);
  Binding b = binding(dst, true);
  dispatch_1d(k, {&b, 1}, &push, uint64_t(dst.numel()));
}

}  // namespace strata::vk
