#pragma once
// The interface both compute backends implement. Work is stream-ordered: calls
// are issued in program order and may run later (the Vulkan backend records
// them into command buffers); download() and synchronize() wait for it.
#include <memory>
#include <span>

#include "core/tensor.h"
#include "ops/gemm.h"
#include "runtime/device_info.h"

namespace strata {

class Backend {
 public:
  virtual ~Backend() = default;

  virtual const DeviceInfo& info() const = 0;

  // A tensor from the backend's pool; its contents are undefined.
  virtual Tensor empty(const Shape& shape) = 0;
  virtual void upload(const Tensor& dst, std::span<const float> src) = 0;
  virtual void download(const Tensor& src, std::span<float> dst) = 0;
  virtual void fill(const Tensor& dst, float value) = 0;

  // See ops/gemm.h. `bias` may be null when args.bias == BiasMode::None.
  virtual void gemm(const GemmArgs& args, const Tensor& a, const Tensor& b, const Tensor& c, const Tensor* bias) = 0;

  // Waits until everything issued so far has finished.
  virtual void synchronize() = 0;

  // Convenience: a tensor filled with `values`.
  Tensor from_host(const Shape& shape, std::span<const float> values);
};

}  // namespace strata
