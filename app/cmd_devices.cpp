// `strata devices [--json]`: every device Strata can run on.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "runtime/devices.h"

namespace strata::cli {
namespace {

std::string mib(uint64_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

void print_table(const DeviceList& list) {
  std::printf("%-10s %-40s %-10s %-7s %-30s %-6s %-11s %-9s %s\n", "spec", "name", "type", "backend", "driver", "api",
              "memory", "subgroup", "shared mem");
  for (const auto& d : list.devices) {
    std::printf("%-10s %-40.40s %-10s %-7s %-30.30s %-6s %-11s %-9s %s\n", d.spec().c_str(), d.name.c_str(),
                d.type.c_str(), d.backend_name().c_str(), d.driver.c_str(), d.api_version.empty() ? "-" : d.api_version.c_str(),
                mib(d.memory_bytes).c_str(), d.subgroup_size ? std::to_string(d.subgroup_size).c_str() : "-",
                d.max_shared_memory ? (std::to_string(d.max_shared_memory / 1024) + " KiB").c_str() : "-");
  }
  if (!list.vulkan_problem.empty()) std::printf("\nVulkan: %s\n", list.vulkan_problem.c_str());
  std::printf("\ndefault: %s\n", select_device("").spec().c_str());
}

}  // namespace

void add_devices_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("devices", "List the devices Strata can train on");
  static bool json = false;
  cmd->add_flag("--json", json, "End with one JSON array of the devices on the last line");
  cmd->callback([] {
    const DeviceList list = list_devices();
    print_table(list);
    if (!json) return;
    nlohmann::json out = nlohmann::json::array();
    for (const auto& d : list.devices) {
      out.push_back({{"spec", d.spec()},
                     {"name", d.name},
                     {"type", d.type},
                     {"backend", d.backend_name()},
                     {"driver", d.driver},
                     {"api_version", d.api_version},
                     {"memory_bytes", d.memory_bytes},
                     {"subgroup_size", d.subgroup_size},
                     {"max_shared_memory", d.max_shared_memory}});
    }
    std::printf("%s\n", out.dump().c_str());
  });
}

}  // namespace strata::cli
