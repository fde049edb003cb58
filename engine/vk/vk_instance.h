#pragma once
// The process-wide Vulkan instance: opens the loader, turns on the Khronos
// validation layer when STRATA_VK_VALIDATION=1 (every message is printed and
// counted, so tests can fail on any), and describes every physical device.
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "runtime/device_info.h"
#include "vk/vk_functions.h"

namespace strata::vk {

// What the kernels may rely on for one physical device, plus per-driver
// workarounds (ncnn keeps bug flags keyed on vendor and driver: this is ours).
struct Capabilities {
  uint32_t api_version = 0;
  uint32_t vendor_id = 0, device_id = 0, driver_version = 0;
  VkDriverId driver_id = VkDriverId(0);
  VkPhysicalDeviceType type = VK_PHYSICAL_DEVICE_TYPE_OTHER;
  uint8_t pipeline_cache_uuid[VK_UUID_SIZE] = {};
  uint32_t subgroup_size = 0;
  bool subgroup_basic = false, subgroup_ballot = false, subgroup_shuffle = false, subgroup_arithmetic = false;
  uint32_t max_shared_memory = 0;
  uint32_t max_workgroup_invocations = 0;
  uint32_t max_workgroup_count[3] = {};
  uint64_t max_storage_buffer_range = 0;
  uint64_t max_allocation_size = 0;
  uint64_t min_storage_offset_alignment = 0;
  uint64_t max_texel_buffer_elements = 0;
  uint64_t min_texel_offset_alignment = 0;
  bool texel_rgba32f = false;  // RGBA32F uniform texel buffers
  bool texel_r32f = false;     // R32F uniform texel buffers
  uint32_t max_push_constants = 0;
  uint32_t max_bound_descriptor_sets = 0;
  float timestamp_period_ns = 0.f;
  bool timestamps = false;
  uint64_t device_local_bytes = 0;

  // Workarounds and tuning choices.
  bool slow_shared_memory = false;  // CPU devices and integrated GPUs: use the register-blocked GEMM

  std::string unusable_reason;  // empty when Strata can run on it
  bool usable() const { return unusable_reason.empty(); }
};

struct PhysicalDevice {
  VkPhysicalDevice handle = VK_NULL_HANDLE;
  DeviceInfo info;
  Capabilities caps;
};

class Instance {
 public:
  // Created on first use; throws strata::Error if there is no loader or no
  // instance can be made (the caller falls back to the CPU backend).
  static std::shared_ptr<Instance> get();
  ~Instance();

  const Functions& fn() const { return fn_; }
  VkInstance handle() const { return instance_; }
  const std::vector<PhysicalDevice>& devices() const { return devices_; }
  bool validation() const { return validation_; }

 private:
  Instance();
  Functions fn_;
  VkInstance instance_ = VK_NULL_HANDLE;
  VkDebugUtilsMessengerEXT messenger_ = VK_NULL_HANDLE;
  bool validation_ = false;
  std::vector<PhysicalDevice> devices_;
};

// Number of validation-layer messages (warnings and errors) seen so far.
uint64_t validation_message_count();
// True if STRATA_VK_VALIDATION asks for the validation layer.
bool validation_requested();

}  // namespace strata::vk
