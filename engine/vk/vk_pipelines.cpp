#include "vk/vk_pipelines.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "core/error.h"
#include "vk/embedded_shaders.h"

namespace strata::vk {
namespace {

uint64_t fnv1a(const void* data, size_t n, uint64_t h = 1469598103934665603ull) {
  auto p = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

std::string hex(const uint8_t* p, size_t n) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n; ++i) s += d[p[i] >> 4], s += d[p[i] & 15];
  return s;
}

// The header every VkPipelineCache blob starts with (Vulkan spec, "Pipeline
// Cache Header Version One"). A file written for another device or driver is
// ignored instead of handed to the driver.
bool header_matches(const std::vector<char>& data, const Capabilities& caps) {
  if (data.size() < 32) return false;
  uint32_t words[4];
  std::memcpy(words, data.data(), 16);
  return words[0] >= 32 && words[1] == VK_PIPELINE_CACHE_HEADER_VERSION_ONE && words[2] == caps.vendor_id &&
         words[3] == caps.device_id && std::memcmp(data.data() + 16, caps.pipeline_cache_uuid, VK_UUID_SIZE) == 0;
}

}  // namespace

Pipelines::Pipelines(Context& ctx) : ctx_(ctx) {
  const auto& caps = ctx.caps();
  char name[96];
  std::snprintf(name, sizeof name, "pipelines-%04x-%04x-%s.bin", caps.vendor_id, caps.device_id,
                hex(caps.pipeline_cache_uuid, VK_UUID_SIZE).c_str());
  cache_file_ = cache_directory() / name;

  std::vector<char> data;
  if (std::ifstream in(cache_file_, std::ios::binary); in) {
    data.assign(std::istreambuf_iterator<char>(in), {});
    if (!header_matches(data, caps)) data.clear();
  }
  VkPipelineCacheCreateInfo ci{VK_STRUCTURE_TYPE_PIPELINE_CACHE_CREATE_INFO};
  ci.initialDataSize = data.size();
  ci.pInitialData = data.empty() ? nullptr : data.data();
  if (ctx.fn().vkCreatePipelineCache(ctx.device(), &ci, nullptr, &cache_) != VK_SUCCESS) {
    // A cache the driver rejects is only lost time: start empty.
    ci.initialDataSize = 0;
    ci.pInitialData = nullptr;
    data.clear();
    check(ctx.fn().vkCreatePipelineCache(ctx.device(), &ci, nullptr, &cache_), "vkCreatePipelineCache");
  }
  bytes_loaded_ = data.size();
}

Pipelines::~Pipelines() {
  try {
    if (dirty_) save();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "strata: could not save the pipeline cache: %s\n", e.what());
  }
  const auto& fn = ctx_.fn();
  VkDevice dev = ctx_.device();
  for (auto& [key, k] : kernels_) {
    fn.vkDestroyPipeline(dev, k->pipeline, nullptr);
    fn.vkDestroyPipelineLayout(dev, k->layout, nullptr);
    fn.vkDestroyDescriptorSetLayout(dev, k->set_layout, nullptr);
  }
  for (auto& [key, m] : modules_) fn.vkDestroyShaderModule(dev, m, nullptr);
  fn.vkDestroyPipelineCache(dev, cache_, nullptr);
}

void Pipelines::save() {
  std::lock_guard lock(mutex_);
  size_t size = 0;
  check(ctx_.fn().vkGetPipelineCacheData(ctx_.device(), cache_, &size, nullptr), "vkGetPipelineCacheData");
  std::vector<char> data(size);
  check(ctx_.fn().vkGetPipelineCacheData(ctx_.device(), cache_, &size, data.data()), "vkGetPipelineCacheData");
  data.resize(size);
  std::error_code ec;
  std::filesystem::create_directories(cache_file_.parent_path(), ec);
  if (ec) throw Error("cannot create the cache directory " + cache_file_.parent_path().string() + ": " + ec.message());
  auto tmp = cache_file_;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(data.data(), std::streamsize(data.size()));
    if (!out) throw Error("cannot write " + tmp.string());
  }
  std::filesystem::rename(tmp, cache_file_, ec);
  if (ec) throw Error("cannot rename " + tmp.string() + " to " + cache_file_.string() + ": " + ec.message());
  dirty_ = false;
}

const Kernel& Pipelines::get(const std::string& shader, std::span<const SpecConstant> spec, uint32_t buffers,
                             uint32_t push_size, bool full_subgroups, uint32_t texel_mask, bool scalar_texels) {
  std::lock_guard lock(mutex_);
  auto words = shaders::find(shader);
  if (words.empty()) throw Error("no embedded shader named '" + shader + "'");
  // The SPIR-V's hash once per shader: hashing tens of KiB on every dispatch
  // cost the host more than recording it.
  auto [known, fresh] = module_keys_.try_emplace(shader, 0);
  if (fresh) known->second = fnv1a(words.data(), words.size_bytes());
  const uint64_t module_key = known->second;
  uint64_t key = fnv1a(spec.data(), spec.size_bytes(), module_key);
  key = fnv1a(&buffers, sizeof buffers, key);
  key = fnv1a(&push_size, sizeof push_size, key);
  key = fnv1a(&texel_mask, sizeof texel_mask, key);
  key = fnv1a(&scalar_texels, sizeof scalar_texels, key);
  full_subgroups = full_subgroups && ctx_.full_subgroups();
  key = fnv1a(&full_subgroups, sizeof full_subgroups, key);
  if (auto it = kernels_.find(key); it != kernels_.end()) return *it->second;

  const auto& fn = ctx_.fn();
  VkDevice dev = ctx_.device();
  VkShaderModule module;
  if (auto it = modules_.find(module_key); it != modules_.end()) {
    module = it->second;
  } else {
    VkShaderModuleCreateInfo mci{VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO};
    mci.codeSize = words.size_bytes();
    mci.pCode = words.data();
    check(fn.vkCreateShaderModule(dev, &mci, nullptr, &module), ("vkCreateShaderModule(" + shader + ")").c_str());
    modules_[module_key] = module;
  }

  auto k = std::make_unique<Kernel>();
  k->name = shader;
  k->buffers = buffers;
  k->push_size = push_size;
  k->texel_mask = texel_mask;
  k->scalar_texels = scalar_texels;
  std::vector<VkDescriptorSetLayoutBinding> bindings(buffers);
  for (uint32_t i = 0; i < buffers; ++i)
    bindings[i] = {i, (texel_mask >> i) & 1 ? VK_DESCRIPTOR_TYPE_UNIFORM_TEXEL_BUFFER : VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
                   1, VK_SHADER_STAGE_COMPUTE_BIT, nullptr};
  VkDescriptorSetLayoutCreateInfo dl{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
  dl.bindingCount = buffers;
  dl.pBindings = bindings.data();
  check(fn.vkCreateDescriptorSetLayout(dev, &dl, nullptr, &k->set_layout), "vkCreateDescriptorSetLayout");
  VkPushConstantRange range{VK_SHADER_STAGE_COMPUTE_BIT, 0, push_size};
  VkPipelineLayoutCreateInfo pl{VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
  pl.setLayoutCount = 1;
  pl.pSetLayouts = &k->set_layout;
  pl.pushConstantRangeCount = push_size ? 1 : 0;
  pl.pPushConstantRanges = &range;
  check(fn.vkCreatePipelineLayout(dev, &pl, nullptr, &k->layout), "vkCreatePipelineLayout");

  std::vector<VkSpecializationMapEntry> entries(spec.size());
  for (size_t i = 0; i < spec.size(); ++i)
    entries[i] = {spec[i].id, uint32_t(i * sizeof(SpecConstant) + offsetof(SpecConstant, value)), sizeof(uint32_t)};
  VkSpecializationInfo si{uint32_t(entries.size()), entries.data(), spec.size_bytes(), spec.data()};

  VkComputePipelineCreateInfo ci{VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO};
  ci.stage = {VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO};
  ci.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
  ci.stage.module = module;
  ci.stage.pName = "main";
  if (full_subgroups) ci.stage.flags = VK_PIPELINE_SHADER_STAGE_CREATE_REQUIRE_FULL_SUBGROUPS_BIT;
  ci.stage.pSpecializationInfo = spec.empty() ? nullptr : &si;
  ci.layout = k->layout;
  auto t0 = std::chrono::steady_clock::now();
  const VkResult r = fn.vkCreateComputePipelines(dev, cache_, 1, &ci, nullptr, &k->pipeline);
  if (r != VK_SUCCESS) {  // nothing of the failed kernel outlives this call
    fn.vkDestroyPipelineLayout(dev, k->layout, nullptr);
    fn.vkDestroyDescriptorSetLayout(dev, k->set_layout, nullptr);
    check(r, ("vkCreateComputePipelines(" + shader + ")").c_str());
  }
  creation_ms_ += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  ++created_;
  dirty_ = true;
  auto& ref = *k;
  kernels_[key] = std::move(k);
  return ref;
}

}  // namespace strata::vk
