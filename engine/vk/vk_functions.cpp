#include "vk/vk_functions.h"

#include <dlfcn.h>

#include <cstdlib>
#include <mutex>

#include "core/error.h"

namespace strata::vk {
namespace {

struct LoaderState {
  Functions functions;
  std::string error;
  bool ok = false;
};

LoaderState& state() {
  static LoaderState s;
  static std::once_flag once;
  std::call_once(once, [] {
    // STRATA_VULKAN_LOADER names another loader library (tests use a missing one).
    const char* override_name = std::getenv("STRATA_VULKAN_LOADER");
    const char* name = override_name && *override_name ? override_name : "libvulkan.so.1";
    void* lib = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (!lib && !override_name) lib = dlopen("libvulkan.so", RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
      s.error = std::string("the Vulkan loader (") + name + ") could not be opened: " + dlerror() +
                ". Install libvulkan1 and a Vulkan driver (mesa-vulkan-drivers), or use --device cpu.";
      return;
    }
    auto gipa = reinterpret_cast<PFN_vkGetInstanceProcAddr>(dlsym(lib, "vkGetInstanceProcAddr"));
    if (!gipa) {
      s.error = "libvulkan.so.1 has no vkGetInstanceProcAddr: the Vulkan loader is broken";
      return;
    }
    s.functions.vkGetInstanceProcAddr = gipa;
#define STRATA_LOAD(name) s.functions.name = reinterpret_cast<PFN_##name>(gipa(nullptr, #name));
    STRATA_VK_GLOBAL_FUNCTIONS(STRATA_LOAD)
#undef STRATA_LOAD
    if (!s.functions.vkCreateInstance) {
      s.error = "the Vulkan loader does not export vkCreateInstance";
      return;
    }
    s.ok = true;
  });
  return s;
}

}  // namespace

const Functions& loader() {
  auto& s = state();
  if (!s.ok) throw Error(s.error);
  return s.functions;
}

bool loader_available(std::string* why) {
  auto& s = state();
  if (!s.ok && why) *why = s.error;
  return s.ok;
}

void load_instance_functions(Functions& f, VkInstance instance) {
#define STRATA_LOAD(name) f.name = reinterpret_cast<PFN_##name>(f.vkGetInstanceProcAddr(instance, #name));
  STRATA_VK_INSTANCE_FUNCTIONS(STRATA_LOAD)
  STRATA_VK_DEVICE_FUNCTIONS(STRATA_LOAD)
#undef STRATA_LOAD
}

void load_device_functions(Functions& f, VkDevice device) {
#define STRATA_LOAD(name)                                                         \
  if (auto p = reinterpret_cast<PFN_##name>(f.vkGetDeviceProcAddr(device, #name))) \
    f.name = p;
  STRATA_VK_DEVICE_FUNCTIONS(STRATA_LOAD)
#undef STRATA_LOAD
}

const char* result_name(VkResult r) {
  switch (r) {
#define STRATA_CASE(x) \
  case x:              \
    return #x;
    STRATA_CASE(VK_SUCCESS)
    STRATA_CASE(VK_NOT_READY)
    STRATA_CASE(VK_TIMEOUT)
    STRATA_CASE(VK_INCOMPLETE)
    STRATA_CASE(VK_ERROR_OUT_OF_HOST_MEMORY)
    STRATA_CASE(VK_ERROR_OUT_OF_DEVICE_MEMORY)
    STRATA_CASE(VK_ERROR_INITIALIZATION_FAILED)
    STRATA_CASE(VK_ERROR_DEVICE_LOST)
    STRATA_CASE(VK_ERROR_MEMORY_MAP_FAILED)
    STRATA_CASE(VK_ERROR_LAYER_NOT_PRESENT)
    STRATA_CASE(VK_ERROR_EXTENSION_NOT_PRESENT)
    STRATA_CASE(VK_ERROR_FEATURE_NOT_PRESENT)
    STRATA_CASE(VK_ERROR_INCOMPATIBLE_DRIVER)
    STRATA_CASE(VK_ERROR_TOO_MANY_OBJECTS)
    STRATA_CASE(VK_ERROR_FORMAT_NOT_SUPPORTED)
    STRATA_CASE(VK_ERROR_FRAGMENTED_POOL)
    STRATA_CASE(VK_ERROR_OUT_OF_POOL_MEMORY)
    STRATA_CASE(VK_ERROR_INVALID_SHADER_NV)
#undef STRATA_CASE
    default:
      return "VK_ERROR_UNKNOWN";
  }
}

void check(VkResult r, const char* what) {
  if (r == VK_SUCCESS) return;
  std::string msg = std::string(what) + " failed: " + result_name(r);
  switch (r) {
    case VK_ERROR_DEVICE_LOST:
      throw DeviceError(msg + " (the GPU stopped responding or was reset; the run cannot continue on it)");
    case VK_ERROR_OUT_OF_DEVICE_MEMORY:
      throw DeviceOutOfMemory(msg + " (the device has no memory left: lower the batch size or use another device)");
    case VK_ERROR_OUT_OF_HOST_MEMORY:
      throw DeviceOutOfMemory(msg + " (the host has no memory left)");
    default:
      throw Error(msg);
  }
}

}  // namespace strata::vk
