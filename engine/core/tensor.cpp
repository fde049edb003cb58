#include "core/tensor.h"

#include "core/error.h"

namespace strata {

Tensor Tensor::reshaped(Shape shape) const {
  if (strata::numel(shape) != numel())
    throw Error("cannot reshape a tensor of shape " + to_string(shape_) + " to " + to_string(shape));
  return Tensor(std::move(shape), storage_);
}

}  // namespace strata
