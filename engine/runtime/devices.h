#pragma once
// Every device Strata can run on, and the choice of one by a spec string:
//   cpu          the native CPU backend (OpenBLAS)
//   vulkan       the best Vulkan device (discrete > integrated > virtual > cpu-type)
//   vulkan:N     Vulkan physical device N
//   <text>       the first device whose name contains <text>, case-insensitive ("llvmpipe")
//   "" or auto   the best real GPU, else the native CPU backend (faster than lavapipe)
#include <memory>
#include <string>
#include <vector>

#include "runtime/backend.h"

namespace strata {

struct DeviceList {
  std::vector<DeviceInfo> devices;  // the native CPU backend first, then every Vulkan device
  std::string vulkan_problem;       // why Vulkan devices are missing, if they are
};

DeviceList list_devices();

// Throws strata::Error naming the spec and the devices there are.
DeviceInfo select_device(const std::string& spec);
std::unique_ptr<Backend> open_backend(const DeviceInfo& device);
inline std::unique_ptr<Backend> open_backend(const std::string& spec) { return open_backend(select_device(spec)); }

}  // namespace strata
