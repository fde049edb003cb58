#pragma once
// Vulkan entry points, loaded at run time from libvulkan.so.1 so that a
// machine without a Vulkan loader still runs Strata on the CPU backend and
// gets a clear message instead of a failure to start.
#ifndef VK_NO_PROTOTYPES
#define VK_NO_PROTOTYPES
#endif
#include <vulkan/vulkan.h>

#include <string>

namespace strata::vk {

#define STRATA_VK_GLOBAL_FUNCTIONS(X) \
  X(vkCreateInstance)                 \
  X(vkEnumerateInstanceVersion)       \
  X(vkEnumerateInstanceLayerProperties) \
  X(vkEnumerateInstanceExtensionProperties)

#define STRATA_VK_INSTANCE_FUNCTIONS(X)          \
  X(vkDestroyInstance)                           \
  X(vkEnumeratePhysicalDevices)                  \
  X(vkGetPhysicalDeviceProperties)               \
  X(vkGetPhysicalDeviceProperties2)              \
  X(vkGetPhysicalDeviceFeatures2)                \
  X(vkGetPhysicalDeviceMemoryProperties)         \
  X(vkGetPhysicalDeviceFormatProperties)         \
  X(vkGetPhysicalDeviceQueueFamilyProperties)    \
  X(vkEnumerateDeviceExtensionProperties)        \
  X(vkCreateDevice)                              \
  X(vkGetDeviceProcAddr)                         \
  X(vkCreateDebugUtilsMessengerEXT)              \
  X(vkDestroyDebugUtilsMessengerEXT)

#define STRATA_VK_DEVICE_FUNCTIONS(X)   \
  X(vkDestroyDevice)                    \
  X(vkGetDeviceQueue)                   \
  X(vkDeviceWaitIdle)                   \
  X(vkAllocateMemory)                   \
  X(vkFreeMemory)                       \
  X(vkMapMemory)                        \
  X(vkUnmapMemory)                      \
  X(vkFlushMappedMemoryRanges)          \
  X(vkInvalidateMappedMemoryRanges)     \
  X(vkCreateBuffer)                     \
  X(vkDestroyBuffer)                    \
  X(vkCreateBufferView)                 \
  X(vkDestroyBufferView)                \
  X(vkGetBufferMemoryRequirements)      \
  X(vkBindBufferMemory)                 \
  X(vkCreateShaderModule)               \
  X(vkDestroyShaderModule)              \
  X(vkCreatePipelineCache)              \
  X(vkDestroyPipelineCache)             \
  X(vkGetPipelineCacheData)             \
  X(vkCreateComputePipelines)           \
  X(vkDestroyPipeline)                  \
  X(vkCreatePipelineLayout)             \
  X(vkDestroyPipelineLayout)            \
  X(vkCreateDescriptorSetLayout)        \
  X(vkDestroyDescriptorSetLayout)       \
  X(vkCreateDescriptorPool)             \
  X(vkDestroyDescriptorPool)            \
  X(vkResetDescriptorPool)              \
  X(vkAllocateDescriptorSets)           \
  X(vkUpdateDescriptorSets)             \
  X(vkCreateCommandPool)                \
  X(vkDestroyCommandPool)               \
  X(vkAllocateCommandBuffers)           \
  X(vkResetCommandBuffer)               \
  X(vkBeginCommandBuffer)               \
  X(vkEndCommandBuffer)                 \
  X(vkCmdBindPipeline)                  \
  X(vkCmdBindDescriptorSets)            \
  X(vkCmdPushConstants)                 \
  X(vkCmdDispatch)                      \
  X(vkCmdPipelineBarrier)               \
  X(vkCmdCopyBuffer)                    \
  X(vkCmdFillBuffer)                    \
  X(vkCmdWriteTimestamp)                \
  X(vkCmdResetQueryPool)                \
  X(vkCreateQueryPool)                  \
  X(vkDestroyQueryPool)                 \
  X(vkGetQueryPoolResults)              \
  X(vkCreateFence)                      \
  X(vkDestroyFence)                     \
  X(vkResetFences)                      \
  X(vkWaitForFences)                    \
  X(vkGetFenceStatus)                   \
  X(vkQueueSubmit)

struct Functions {
  PFN_vkGetInstanceProcAddr vkGetInstanceProcAddr = nullptr;
#define STRATA_DECLARE(name) PFN_##name name = nullptr;
  STRATA_VK_GLOBAL_FUNCTIONS(STRATA_DECLARE)
  STRATA_VK_INSTANCE_FUNCTIONS(STRATA_DECLARE)
  STRATA_VK_DEVICE_FUNCTIONS(STRATA_DECLARE)
#undef STRATA_DECLARE
};

// Opens the Vulkan loader once per process and returns the global entry
// points. Throws strata::Error with an explanation if there is no loader.
const Functions& loader();
// True when a Vulkan loader could be opened (never throws).
bool loader_available(std::string* why = nullptr);

// Entry points of one instance and one device (device functions resolved
// through vkGetDeviceProcAddr skip the loader's trampoline).
void load_instance_functions(Functions& f, VkInstance instance);
void load_device_functions(Functions& f, VkDevice device);

// "VK_ERROR_DEVICE_LOST" etc.
const char* result_name(VkResult r);
// Throws DeviceError for lost devices and exhausted memory, Error otherwise.
void check(VkResult r, const char* what);

}  // namespace strata::vk
