#include "vk/vk_context.h"

#include <vector>

#include "core/error.h"

namespace strata::vk {
namespace {

int find_memory_type(const VkPhysicalDeviceMemoryProperties& mem, VkMemoryPropertyFlags want) {
  for (uint32_t i = 0; i < mem.memoryTypeCount; ++i)
    if ((mem.memoryTypes[i].propertyFlags & want) == want) return int(i);
  return -1;
}

}  // namespace

Context::Context(std::shared_ptr<Instance> instance, int index) : instance_(std::move(instance)), fn_(instance_->fn()) {
  const auto& devices = instance_->devices();
  if (index < 0 || index >= int(devices.size()))
    throw Error("no Vulkan device with index " + std::to_string(index) + " (there are " + std::to_string(devices.size()) + ")");
  physical_ = devices[index];
  if (!physical_.caps.usable())
    throw Error("Vulkan device '" + physical_.info.name + "' cannot run Strata: " + physical_.caps.unusable_reason);

  // A compute-only family (async compute on discrete GPUs) if there is one.
  uint32_t nq = 0;
  fn_.vkGetPhysicalDeviceQueueFamilyProperties(physical_.handle, &nq, nullptr);
  std::vector<VkQueueFamilyProperties> families(nq);
  fn_.vkGetPhysicalDeviceQueueFamilyProperties(physical_.handle, &nq, families.data());
  int family = -1;
  for (uint32_t i = 0; i < nq; ++i)
    if ((families[i].queueFlags & VK_QUEUE_COMPUTE_BIT) && !(families[i].queueFlags & VK_QUEUE_GRAPHICS_BIT)) {
      family = int(i);
      break;
    }
  if (family < 0)
    for (uint32_t i = 0; i < nq; ++i)
      if (families[i].queueFlags & VK_QUEUE_COMPUTE_BIT) {
        family = int(i);
        break;
      }
  queue_family_ = uint32_t(family);

  float priority = 1.f;
  VkDeviceQueueCreateInfo qci{VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
  qci.queueFamilyIndex = queue_family_;
  qci.queueCount = 1;
  qci.pQueuePriorities = &priority;

  // Vulkan 1.3 devices can promise full subgroups, which the register-blocked
  // GEMM relies on (every lane of a subgroup shares its rows).
  VkPhysicalDeviceVulkan13Features f13{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_3_FEATURES};
  VkPhysicalDeviceFeatures2 f2{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2};
  const bool v13 = physical_.caps.api_version >= VK_API_VERSION_1_3;
  if (v13) {
    f2.pNext = &f13;
    fn_.vkGetPhysicalDeviceFeatures2(physical_.handle, &f2);
  }
  VkPhysicalDeviceVulkan13Features enable13{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_3_FEATURES};
  full_subgroups_ = v13 && f13.subgroupSizeControl && f13.computeFullSubgroups;
  enable13.subgroupSizeControl = full_subgroups_;
  enable13.computeFullSubgroups = full_subgroups_;

  VkDeviceCreateInfo dci{VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO};
  dci.queueCreateInfoCount = 1;
  dci.pQueueCreateInfos = &qci;
  if (v13) dci.pNext = &enable13;
  check(fn_.vkCreateDevice(physical_.handle, &dci, nullptr, &device_), "vkCreateDevice");
  load_device_functions(fn_, device_);
  fn_.vkGetDeviceQueue(device_, queue_family_, 0, &queue_);

  VkPhysicalDeviceMemoryProperties mem{};
  fn_.vkGetPhysicalDeviceMemoryProperties(physical_.handle, &mem);
  const VkMemoryPropertyFlags local = VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT;
  const VkMemoryPropertyFlags host = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
  int dev = -1;
  // Discrete GPUs: plain device-local memory (mappable VRAM is often a small
  // window). Elsewhere memory is shared with the host: map it directly.
  if (physical_.caps.type != VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU) dev = find_memory_type(mem, local | host);
  unified_ = dev >= 0;
  if (dev < 0) dev = find_memory_type(mem, local);
  if (dev < 0) dev = find_memory_type(mem, host), unified_ = dev >= 0;
  if (dev < 0) throw Error("Vulkan device '" + physical_.info.name + "' has no usable memory type");
  int staging = find_memory_type(mem, host | VK_MEMORY_PROPERTY_HOST_CACHED_BIT);
  if (staging < 0) staging = find_memory_type(mem, host);
  if (staging < 0) throw Error("Vulkan device '" + physical_.info.name + "' has no host-visible memory for staging");
  device_type_ = uint32_t(dev);
  staging_type_ = uint32_t(staging);
}

Context::~Context() {
  if (device_) {
    fn_.vkDeviceWaitIdle(device_);
    fn_.vkDestroyDevice(device_, nullptr);
  }
}

}  // namespace strata::vk
