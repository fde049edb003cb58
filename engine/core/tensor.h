#pragma once
// A tensor is a shape plus a piece of pooled device or host memory. Both
// backends hand out tensors of this one type; the storage behind it is the
// backend's own (a sub-range of a VkBuffer, or of a host arena) and goes back
// to its pool when the last Tensor referring to it is destroyed.
#include <cstdint>
#include <memory>

#include "core/shape.h"

namespace strata {

enum class DType { Float32 };

class Storage {
 public:
  Storage(const void* owner, uint64_t bytes) : owner_(owner), bytes_(bytes) {}
  virtual ~Storage() = default;
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;

  const void* owner() const { return owner_; }  // the backend that made it
  uint64_t bytes() const { return bytes_; }

 private:
  const void* owner_;
  uint64_t bytes_;
};

class Tensor {
 public:
  Tensor() = default;
  Tensor(Shape shape, std::shared_ptr<Storage> storage)
      : shape_(std::move(shape)), storage_(std::move(storage)) {}

  const Shape& shape() const { return shape_; }
  DType dtype() const { return DType::Float32; }
  int64_t numel() const { return strata::numel(shape_); }
  uint64_t bytes() const { return static_cast<uint64_t>(numel()) * sizeof(float); }
  bool defined() const { return storage_ != nullptr; }
  Storage* storage() const { return storage_.get(); }
  // First element of this tensor inside its storage (views start past 0).
  int64_t offset() const { return offset_; }

  // Same storage seen with another shape of the same element count.
  Tensor reshaped(Shape shape) const;
  // A view of `shape` starting `offset` elements into this tensor; shares the
  // storage. Throws if it would reach past this tensor's elements.
  Tensor view(int64_t offset, Shape shape) const;

 private:
  Shape shape_;
  std::shared_ptr<Storage> storage_;
  int64_t offset_ = 0;
};

}  // namespace strata
