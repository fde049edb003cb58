#include "vk/vk_instance.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "core/error.h"
#include "core/fault_injection.h"

namespace strata::vk {
namespace {

std::atomic<uint64_t> g_validation_messages{0};

VKAPI_ATTR VkBool32 VKAPI_CALL on_validation_message(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                                                     VkDebugUtilsMessageTypeFlagsEXT,
                                                     const VkDebugUtilsMessengerCallbackDataEXT* data, void*) {
  const char* level = (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT) ? "error" : "warning";
  std::fprintf(stderr, "[vulkan validation %s] %s\n", level, data && data->pMessage ? data->pMessage : "");
  g_validation_messages.fetch_add(1);
  return VK_FALSE;
}

std::string version_string(uint32_t v) {
  return std::to_string(VK_API_VERSION_MAJOR(v)) + "." + std::to_string(VK_API_VERSION_MINOR(v)) + "." +
         std::to_string(VK_API_VERSION_PATCH(v));
}

const char* type_name(VkPhysicalDeviceType t) {
  switch (t) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: return "discrete";
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: return "integrated";
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: return "virtual";
    case VK_PHYSICAL_DEVICE_TYPE_CPU: return "cpu";
    default: return "other";
  }
}

bool has_layer(const Functions& fn, const char* name) {
  uint32_t n = 0;
  fn.vkEnumerateInstanceLayerProperties(&n, nullptr);
  std::vector<VkLayerProperties> layers(n);
  fn.vkEnumerateInstanceLayerProperties(&n, layers.data());
  for (auto& l : layers)
    if (std::strcmp(l.layerName, name) == 0) return true;
  return false;
}

PhysicalDevice describe(const Functions& fn, VkPhysicalDevice pd, int index) {
  PhysicalDevice out;
  out.handle = pd;
  Capabilities& c = out.caps;

  VkPhysicalDeviceProperties props{};
  fn.vkGetPhysicalDeviceProperties(pd, &props);
  c.api_version = props.apiVersion;
  c.vendor_id = props.vendorID;
  c.device_id = props.deviceID;
  c.driver_version = props.driverVersion;
  c.type = props.deviceType;
  std::memcpy(c.pipeline_cache_uuid, props.pipelineCacheUUID, VK_UUID_SIZE);
  c.max_shared_memory = props.limits.maxComputeSharedMemorySize;
  c.max_workgroup_invocations = props.limits.maxComputeWorkGroupInvocations;
  for (int i = 0; i < 3; ++i) c.max_workgroup_count[i] = props.limits.maxComputeWorkGroupCount[i];
  c.max_storage_buffer_range = props.limits.maxStorageBufferRange;
  c.min_storage_offset_alignment = props.limits.minStorageBufferOffsetAlignment;
  c.max_texel_buffer_elements = props.limits.maxTexelBufferElements;
  c.min_texel_offset_alignment = props.limits.minTexelBufferOffsetAlignment;
  VkFormatProperties fp{};
  fn.vkGetPhysicalDeviceFormatProperties(pd, VK_FORMAT_R32G32B32A32_SFLOAT, &fp);
  c.texel_rgba32f = fp.bufferFeatures & VK_FORMAT_FEATURE_UNIFORM_TEXEL_BUFFER_BIT;
  fn.vkGetPhysicalDeviceFormatProperties(pd, VK_FORMAT_R32_SFLOAT, &fp);
  c.texel_r32f = fp.bufferFeatures & VK_FORMAT_FEATURE_UNIFORM_TEXEL_BUFFER_BIT;
  c.max_push_constants = props.limits.maxPushConstantsSize;
  c.max_bound_descriptor_sets = props.limits.maxBoundDescriptorSets;
  c.timestamp_period_ns = props.limits.timestampPeriod;

  std::string driver_name = "driver " + std::to_string(props.driverVersion);
  if (props.apiVersion >= VK_API_VERSION_1_1) {
    VkPhysicalDeviceSubgroupProperties sub{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_PROPERTIES};
    VkPhysicalDeviceMaintenance3Properties m3{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MAINTENANCE_3_PROPERTIES, &sub};
    VkPhysicalDeviceVulkan12Properties v12{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_PROPERTIES, &m3};
    VkPhysicalDeviceProperties2 p2{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2};
    p2.pNext = props.apiVersion >= VK_API_VERSION_1_2 ? static_cast<void*>(&v12) : static_cast<void*>(&m3);
    fn.vkGetPhysicalDeviceProperties2(pd, &p2);
    c.subgroup_size = sub.subgroupSize;
    const bool compute = sub.supportedStages & VK_SHADER_STAGE_COMPUTE_BIT;
    c.subgroup_basic = compute && (sub.supportedOperations & VK_SUBGROUP_FEATURE_BASIC_BIT);
    c.subgroup_ballot = compute && (sub.supportedOperations & VK_SUBGROUP_FEATURE_BALLOT_BIT);
    c.subgroup_shuffle = compute && (sub.supportedOperations & VK_SUBGROUP_FEATURE_SHUFFLE_BIT);
    c.subgroup_arithmetic = compute && (sub.supportedOperations & VK_SUBGROUP_FEATURE_ARITHMETIC_BIT);
    c.max_allocation_size = m3.maxMemoryAllocationSize;
    if (props.apiVersion >= VK_API_VERSION_1_2) {
      c.driver_id = v12.driverID;
      driver_name = std::string(v12.driverName) + " " + v12.driverInfo;
    }
  }

  VkPhysicalDeviceMemoryProperties mem{};
  fn.vkGetPhysicalDeviceMemoryProperties(pd, &mem);
  for (uint32_t h = 0; h < mem.memoryHeapCount; ++h)
    if (mem.memoryHeaps[h].flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT) c.device_local_bytes += mem.memoryHeaps[h].size;

  uint32_t nq = 0;
  fn.vkGetPhysicalDeviceQueueFamilyProperties(pd, &nq, nullptr);
  std::vector<VkQueueFamilyProperties> queues(nq);
  fn.vkGetPhysicalDeviceQueueFamilyProperties(pd, &nq, queues.data());
  bool compute_queue = false;
  for (auto& q : queues)
    if (q.queueFlags & VK_QUEUE_COMPUTE_BIT) {
      compute_queue = true;
      c.timestamps = c.timestamps || q.timestampValidBits > 0;
    }

  // Per-device tuning: ncnn and our own lavapipe measurements agree that shared
  // memory and barriers cost more than they save off discrete GPUs.
  c.slow_shared_memory = c.type != VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU;

  if (props.apiVersion < VK_API_VERSION_1_1) c.unusable_reason = "Vulkan 1.1 or newer is required";
  else if (!compute_queue) c.unusable_reason = "no compute queue";
  else if (!c.subgroup_basic || !c.subgroup_ballot) c.unusable_reason = "no subgroup basic/ballot operations in compute shaders";
  else if (c.subgroup_size < 8) c.unusable_reason = "subgroup size below 8";

  DeviceInfo& d = out.info;
  d.name = props.deviceName;
  d.type = type_name(props.deviceType);
  d.backend = BackendKind::Vulkan;
  d.driver = driver_name;
  d.api_version = version_string(props.apiVersion);
  d.memory_bytes = c.device_local_bytes;
  if (const auto cap = fault::device_memory_cap()) d.memory_bytes = std::min<uint64_t>(d.memory_bytes, *cap);  // a test's small device
  d.subgroup_size = c.subgroup_size;
  d.max_shared_memory = c.max_shared_memory;
  d.vulkan_index = index;
  return out;
}

}  // namespace

bool validation_requested() {
  const char* v = std::getenv("STRATA_VK_VALIDATION");
  return v && *v && std::strcmp(v, "0") != 0;
}

uint64_t validation_message_count() { return g_validation_messages.load(); }

std::shared_ptr<Instance> Instance::get() {
  // One instance for the whole process, made on first use. A failed attempt
  // (no loader) is retried on the next call rather than cached. Never
  // destroyed: at exit NVIDIA's driver (580, H200) crashed every run after its
  // last line when the instance was destroyed from a static destructor; the
  // process's end frees it anyway.
  static std::mutex mutex;
  static auto& instance = *new std::shared_ptr<Instance>();
  std::lock_guard lock(mutex);
  if (!instance) instance = std::shared_ptr<Instance>(new Instance());
  return instance;
}

Instance::Instance() {
  fn_ = loader();
  uint32_t version = VK_API_VERSION_1_0;
  if (fn_.vkEnumerateInstanceVersion) fn_.vkEnumerateInstanceVersion(&version);
  if (version < VK_API_VERSION_1_1)
    throw Error("the Vulkan loader supports only Vulkan " + version_string(version) + "; Strata needs 1.1 or newer");

  std::vector<const char*> layers, extensions;
  validation_ = validation_requested();
  const char* kValidation = "VK_LAYER_KHRONOS_validation";
  if (validation_) {
    if (!has_layer(fn_, kValidation))
      throw Error("STRATA_VK_VALIDATION is set but the Khronos validation layer is not installed (Debian: vulkan-validationlayers)");
    layers.push_back(kValidation);
    extensions.push_back(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
  }

  VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
  app.pApplicationName = "Strata";
  app.applicationVersion = VK_MAKE_API_VERSION(0, 0, 1, 0);
  app.pEngineName = "Strata";
  app.apiVersion = version >= VK_API_VERSION_1_3 ? VK_API_VERSION_1_3 : version;

  VkDebugUtilsMessengerCreateInfoEXT dbg{VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT};
  dbg.messageSeverity = VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT;
  dbg.messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                    VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT;
  dbg.pfnUserCallback = on_validation_message;
  // Synchronization validation catches a missing barrier between dispatches.
  VkValidationFeatureEnableEXT enables[] = {VK_VALIDATION_FEATURE_ENABLE_SYNCHRONIZATION_VALIDATION_EXT};
  VkValidationFeaturesEXT features{VK_STRUCTURE_TYPE_VALIDATION_FEATURES_EXT};
  features.enabledValidationFeatureCount = 1;
  features.pEnabledValidationFeatures = enables;
  features.pNext = &dbg;

  VkInstanceCreateInfo ci{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
  ci.pApplicationInfo = &app;
  ci.enabledLayerCount = uint32_t(layers.size());
  ci.ppEnabledLayerNames = layers.data();
  ci.enabledExtensionCount = uint32_t(extensions.size());
  ci.ppEnabledExtensionNames = extensions.data();
  if (validation_) ci.pNext = &features;
  check(fn_.vkCreateInstance(&ci, nullptr, &instance_), "vkCreateInstance");
  load_instance_functions(fn_, instance_);

  if (validation_) {
    check(fn_.vkCreateDebugUtilsMessengerEXT(instance_, &dbg, nullptr, &messenger_), "vkCreateDebugUtilsMessengerEXT");
  }

  uint32_t n = 0;
  fn_.vkEnumeratePhysicalDevices(instance_, &n, nullptr);
  std::vector<VkPhysicalDevice> pds(n);
  fn_.vkEnumeratePhysicalDevices(instance_, &n, pds.data());
  for (uint32_t i = 0; i < n; ++i) devices_.push_back(describe(fn_, pds[i], int(i)));
}

Instance::~Instance() {
  if (messenger_) fn_.vkDestroyDebugUtilsMessengerEXT(instance_, messenger_, nullptr);
  if (instance_) fn_.vkDestroyInstance(instance_, nullptr);
}

}  // namespace strata::vk
