#include "runtime/backend.h"

#include "core/error.h"

namespace strata {

void check_same_size(const char* op, std::initializer_list<const Tensor*> tensors) {
  const Tensor* first = *tensors.begin();
  for (const Tensor* t : tensors) {
    if (!t->defined()) throw Error(std::string(op) + ": an operand is missing");
    if (t->numel() != first->numel())
      throw Error(std::string(op) + ": operands of shapes " + to_string(first->shape()) + " and " + to_string(t->shape()) +
                  " differ in size");
  }
}

Tensor Backend::from_host(const Shape& shape, std::span<const float> values) {
  Tensor t = empty(shape);
  upload(t, values);
  return t;
}

}  // namespace strata
