#include "core/tensor.h"

#include "core/error.h"

namespace strata {

Tensor Tensor::reshaped(Shape shape) const {
  if (strata::numel(shape) != numel())
    throw Error("cannot reshape a tensor of shape " + to_string(shape_) + " to " + to_string(shape));
  Tensor t(std::move(shape), storage_);
  t.offset_ = offset_;
  return t;
}

Tensor Tensor::view(int64_t offset, Shape shape) const {
  const int64_t n = strata::numel(shape);
  if (offset < 0 || n < 0 || offset + n > numel())
    throw Error("a view of " + std::to_string(n) + " elements at " + std::to_string(offset) +
                " does not fit in a tensor of shape " + to_string(shape_));
  Tensor t(std::move(shape), storage_);
  t.offset_ = offset_ + offset;
  return t;
}

}  // namespace strata
