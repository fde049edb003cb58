#include "runtime/devices.h"

#include <algorithm>
#include <cctype>

#include "core/error.h"
#include "cpu/cpu_backend.h"
#include "vk/vk_backend.h"
#include "vk/vk_instance.h"

namespace strata {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

int type_rank(const std::string& type) {
  if (type == "discrete") return 4;
  if (type == "integrated") return 3;
  if (type == "virtual") return 2;
  if (type == "cpu") return 1;
  return 0;
}

std::string names(const DeviceList& list) {
  std::string out;
  for (const auto& d : list.devices) out += "\n  " + d.spec() + "  " + d.name;
  if (!list.vulkan_problem.empty()) out += "\n  (no Vulkan devices: " + list.vulkan_problem + ")";
  return out;
}

}  // namespace

DeviceList list_devices() {
  DeviceList list;
  list.devices.push_back(CpuBackend::describe());
  try {
    auto instance = vk::Instance::get();
    for (const auto& pd : instance->devices())
      if (pd.caps.usable()) list.devices.push_back(pd.info);
    if (instance->devices().empty()) list.vulkan_problem = "the Vulkan loader found no devices";
  } catch (const Error& e) {
    list.vulkan_problem = e.what();
  }
  return list;
}

DeviceInfo select_device(const std::string& spec_in) {
  const DeviceList list = list_devices();
  const std::string spec = lower(spec_in);
  auto best_vulkan = [&](int min_rank) -> const DeviceInfo* {
    const DeviceInfo* best = nullptr;
    for (const auto& d : list.devices)
      if (d.backend == BackendKind::Vulkan && type_rank(d.type) >= min_rank &&
          (!best || type_rank(d.type) > type_rank(best->type)))
        best = &d;
    return best;
  };
  if (spec.empty() || spec == "auto") {
    if (auto d = best_vulkan(2)) return *d;
    return list.devices.front();
  }
  if (spec == "cpu") return list.devices.front();
  if (spec == "vulkan") {
    if (auto d = best_vulkan(0)) return *d;
    throw Error("device 'vulkan': no usable Vulkan device." + names(list));
  }
  if (spec.rfind("vulkan:", 0) == 0) {
    const std::string n = spec.substr(7);
    const bool digits = !n.empty() && std::all_of(n.begin(), n.end(), [](unsigned char c) { return std::isdigit(c); });
    if (digits)
      for (const auto& d : list.devices)
        if (d.backend == BackendKind::Vulkan && d.vulkan_index == std::stoi(n)) return d;
    throw Error("device '" + spec_in + "' does not exist. Devices:" + names(list));
  }
  for (const auto& d : list.devices)
    if (lower(d.name).find(spec) != std::string::npos) return d;
  throw Error("no device matches '" + spec_in + "'. Devices:" + names(list));
}

std::unique_ptr<Backend> open_backend(const DeviceInfo& device) {
  if (device.backend == BackendKind::Cpu) return std::make_unique<CpuBackend>();
  return std::make_unique<vk::VulkanBackend>(device.vulkan_index);
}

}  // namespace strata
