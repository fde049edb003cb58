#pragma once
// Compute pipelines, built lazily and kept for the life of the device. Each is
// keyed by a hash of its SPIR-V, specialization constants, buffer count and
// push-constant size. One VkPipelineCache per device is loaded from and saved
// to the XDG cache directory, so a second run skips the driver's compile work
// wherever the driver supports it.
#include "core/cache_directory.h"
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "vk/vk_context.h"

namespace strata::vk {

struct SpecConstant {
  uint32_t id;
  uint32_t value;  // bools as 0/1, floats by their bits
};

struct Kernel {
  std::string name;
  VkPipeline pipeline = VK_NULL_HANDLE;
  VkPipelineLayout layout = VK_NULL_HANDLE;
  VkDescriptorSetLayout set_layout = VK_NULL_HANDLE;
  uint32_t buffers = 0;
  uint32_t push_size = 0;
  uint32_t texel_mask = 0;  // bit i: binding i is a uniform texel buffer (RGBA32F), else a storage buffer
  bool scalar_texels = false;  // uniform texel buffers are R32F views (a float per texel), not RGBA32F
};

class Pipelines {
 public:
  explicit Pipelines(Context& ctx);
  ~Pipelines();  // saves the cache if it grew
  Pipelines(const Pipelines&) = delete;
  Pipelines& operator=(const Pipelines&) = delete;

  // The pipeline for shaders/<shader>.comp with these constants; `buffers`
  // storage buffers at bindings 0..buffers-1 and `push_size` bytes of push
  // constants. Throws if the shader is not embedded.
  // With `full_subgroups` every subgroup is complete (the local size in x must
  // then be a multiple of the subgroup size); honoured where the device can.
  const Kernel& get(const std::string& shader, std::span<const SpecConstant> spec, uint32_t buffers,
                    uint32_t push_size, bool full_subgroups = false, uint32_t texel_mask = 0,
                    bool scalar_texels = false);

  // Writes the VkPipelineCache to disk (temporary file, then rename).
  void save();

  const std::filesystem::path& cache_file() const { return cache_file_; }
  uint64_t bytes_loaded() const { return bytes_loaded_; }  // from disk at start-up
  size_t pipelines_created() const { return created_; }
  double creation_ms() const { return creation_ms_; }     // spent in vkCreateComputePipelines

 private:
  Context& ctx_;
  std::mutex mutex_;
  VkPipelineCache cache_ = VK_NULL_HANDLE;
  std::filesystem::path cache_file_;
  uint64_t bytes_loaded_ = 0;
  size_t created_ = 0;
  double creation_ms_ = 0;
  bool dirty_ = false;
  std::map<uint64_t, std::unique_ptr<Kernel>> kernels_;
  std::map<uint64_t, VkShaderModule> modules_;
  std::map<std::string, uint64_t> module_keys_;  // shader name -> hash of its SPIR-V
};

using strata::cache_directory;  // core/cache_directory.h

}  // namespace strata::vk
