#pragma once
// One logical Vulkan device with its compute queue, the memory types Strata
// uses, and the capabilities record of its physical device.
#include <memory>

#include "vk/vk_instance.h"

namespace strata::vk {

class Context {
 public:
  Context(std::shared_ptr<Instance> instance, int physical_index);
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  const Functions& fn() const { return fn_; }
  VkDevice device() const { return device_; }
  VkPhysicalDevice physical() const { return physical_.handle; }
  VkQueue queue() const { return queue_; }
  uint32_t queue_family() const { return queue_family_; }
  const Capabilities& caps() const { return physical_.caps; }
  const DeviceInfo& info() const { return physical_.info; }
  bool full_subgroups() const { return full_subgroups_; }

  // Memory type for tensors, and whether it can be mapped (integrated GPUs and
  // CPU devices): then uploads and downloads skip the staging copy.
  uint32_t device_memory_type() const { return device_type_; }
  bool unified_memory() const { return unified_; }
  // Host-visible, coherent memory type for staging copies (discrete GPUs).
  uint32_t staging_memory_type() const { return staging_type_; }

 private:
  std::shared_ptr<Instance> instance_;
  Functions fn_;
  PhysicalDevice physical_;
  VkDevice device_ = VK_NULL_HANDLE;
  VkQueue queue_ = VK_NULL_HANDLE;
  uint32_t queue_family_ = 0;
  uint32_t device_type_ = 0, staging_type_ = 0;
  bool unified_ = false;
  bool full_subgroups_ = false;
};

}  // namespace strata::vk
