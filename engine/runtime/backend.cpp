#include "runtime/backend.h"

namespace strata {

Tensor Backend::from_host(const Shape& shape, std::span<const float> values) {
  Tensor t = empty(shape);
  upload(t, values);
  return t;
}

}  // namespace strata
