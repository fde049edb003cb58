#pragma once
// What a user (and the device chooser) needs to know about one compute device.
#include <cstdint>
#include <string>
#include <vector>

namespace strata {

enum class BackendKind { Cpu, Vulkan };

struct DeviceInfo {
  std::string name;
  std::string type;        // discrete, integrated, virtual, cpu (a Vulkan CPU device), other; "host" for the native backend
  BackendKind backend = BackendKind::Cpu;
  std::string driver;      // driver name and version
  std::string api_version; // Vulkan API version, empty for the native backend
  uint64_t memory_bytes = 0;       // device-local heap (or host RAM)
  uint32_t subgroup_size = 0;
  uint32_t max_shared_memory = 0;  // bytes per workgroup
  int vulkan_index = -1;           // index among Vulkan physical devices
  uint32_t threads = 0;            // native backend: worker threads

  std::string backend_name() const { return backend == BackendKind::Vulkan ? "vulkan" : "cpu"; }
  // The spec that selects exactly this device: "cpu" or "vulkan:N".
  std::string spec() const { return backend == BackendKind::Vulkan ? "vulkan:" + std::to_string(vulkan_index) : "cpu"; }
};

}  // namespace strata
