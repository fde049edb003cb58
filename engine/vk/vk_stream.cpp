#include "vk/vk_stream.h"

#include <cstring>
#include <utility>

#include "core/error.h"
#include "core/fault_injection.h"

namespace strata::vk {
namespace {
constexpr uint32_t kMaxBindings = 12;  // the recurrent cell backward binds 10

constexpr VkPipelineStageFlags kStages = VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT;
constexpr VkAccessFlags kWrites = VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
constexpr VkAccessFlags kAll =
    VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_READ_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
}  // namespace

Stream::Stream(Context& ctx, uint32_t frames, uint32_t per_submit) : ctx_(ctx), per_submit_(per_submit) {
  const auto& fn = ctx.fn();
  VkDevice dev = ctx.device();
  VkCommandPoolCreateInfo pci{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
  pci.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
  pci.queueFamilyIndex = ctx.queue_family();
  check(fn.vkCreateCommandPool(dev, &pci, nullptr, &pool_), "vkCreateCommandPool");
  frames_.resize(frames);
  for (auto& f : frames_) {
    VkCommandBufferAllocateInfo ai{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
    ai.commandPool = pool_;
    ai.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    ai.commandBufferCount = 1;
    check(fn.vkAllocateCommandBuffers(dev, &ai, &f.cmd), "vkAllocateCommandBuffers");
    VkFenceCreateInfo fci{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
    check(fn.vkCreateFence(dev, &fci, nullptr, &f.fence), "vkCreateFence");
    // Room for every binding of every dispatch of a batch to be of either
    // kind (the optimizer binds five uniform texel buffers).
    VkDescriptorPoolSize sizes[2] = {{VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, per_submit * kMaxBindings},
                                     {VK_DESCRIPTOR_TYPE_UNIFORM_TEXEL_BUFFER, per_submit * kMaxBindings}};
    VkDescriptorPoolCreateInfo dci{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
    dci.maxSets = per_submit;
    dci.poolSizeCount = 2;
    dci.pPoolSizes = sizes;
    check(fn.vkCreateDescriptorPool(dev, &dci, nullptr, &f.descriptors), "vkCreateDescriptorPool");
    if (ctx.caps().timestamps) {
      VkQueryPoolCreateInfo qci{VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO};
      qci.queryType = VK_QUERY_TYPE_TIMESTAMP;
      qci.queryCount = per_submit * 2;
      check(fn.vkCreateQueryPool(dev, &qci, nullptr, &f.queries), "vkCreateQueryPool");
    }
  }
}

Stream::~Stream() {
  try {
    synchronize();
  } catch (...) {
    // The device is gone; destroy what we own anyway.
  }
  const auto& fn = ctx_.fn();
  VkDevice dev = ctx_.device();
  for (auto& f : frames_) {
    for (VkBufferView v : f.views) fn.vkDestroyBufferView(dev, v, nullptr);
    fn.vkDestroyFence(dev, f.fence, nullptr);
    fn.vkDestroyDescriptorPool(dev, f.descriptors, nullptr);
    if (f.queries) fn.vkDestroyQueryPool(dev, f.queries, nullptr);
  }
  fn.vkDestroyCommandPool(dev, pool_, nullptr);
}

Stream::Frame& Stream::begin_frame() {
  Frame& f = frames_[current_];
  if (f.recording) return f;
  if (f.in_flight) finish_frame(f);
  const auto& fn = ctx_.fn();
  check(fn.vkResetDescriptorPool(ctx_.device(), f.descriptors, 0), "vkResetDescriptorPool");
  check(fn.vkResetCommandBuffer(f.cmd, 0), "vkResetCommandBuffer");
  VkCommandBufferBeginInfo bi{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
  bi.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
  check(fn.vkBeginCommandBuffer(f.cmd, &bi), "vkBeginCommandBuffer");
  if (f.queries) fn.vkCmdResetQueryPool(f.cmd, f.queries, 0, per_submit_ * 2);
  // Work of earlier submissions may still touch any buffer: one barrier at the
  // start orders this batch after it (barriers cover earlier submissions too).
  VkMemoryBarrier mb{VK_STRUCTURE_TYPE_MEMORY_BARRIER, nullptr, kWrites, kAll};
  fn.vkCmdPipelineBarrier(f.cmd, kStages, kStages, 0, 1, &mb, 0, nullptr, 0, nullptr);
  f.recording = true;
  f.dispatches = 0;
  f.labels.clear();
  f.written.clear();
  f.read.clear();
  return f;
}

bool Stream::overlaps(const std::vector<Range>& set, const Binding& b) {
  for (const auto& r : set)
    if (r.buffer == b.buffer && r.begin < b.offset + b.size && b.offset < r.end) return true;
  return false;
}

void Stream::hazard_barrier(Frame& f, std::span<const Binding> bindings) {
  bool need = false;
  for (const auto& b : bindings) {
    if (overlaps(f.written, b) || (b.write && overlaps(f.read, b))) {
      need = true;
      break;
    }
  }
  if (need) {
    VkMemoryBarrier mb{VK_STRUCTURE_TYPE_MEMORY_BARRIER, nullptr, kWrites, kAll};
    ctx_.fn().vkCmdPipelineBarrier(f.cmd, kStages, kStages, 0, 1, &mb, 0, nullptr, 0, nullptr);
    f.written.clear();
    f.read.clear();
    ++stats_.barriers;
  }
  for (const auto& b : bindings) (b.write ? f.written : f.read).push_back({b.buffer, b.offset, b.offset + b.size});
}

void Stream::dispatch(const Kernel& k, std::span<const Binding> bindings, const void* push, uint32_t gx, uint32_t gy,
                      uint32_t gz) {
  if (bindings.size() != k.buffers || bindings.size() > kMaxBindings)
    throw Error("dispatch of '" + k.name + "' with " + std::to_string(bindings.size()) + " buffers, it takes " +
                std::to_string(k.buffers));
  if (gx == 0 || gy == 0 || gz == 0) return;
  const auto& caps = ctx_.caps();
  if (gx > caps.max_workgroup_count[0] || gy > caps.max_workgroup_count[1] || gz > caps.max_workgroup_count[2])
    throw Error("dispatch of '" + k.name + "' exceeds the device's workgroup count limits");
  Frame& f = begin_frame();
  const auto& fn = ctx_.fn();

  VkDescriptorSet set;
  VkDescriptorSetAllocateInfo ai{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
  ai.descriptorPool = f.descriptors;
  ai.descriptorSetCount = 1;
  ai.pSetLayouts = &k.set_layout;
  check(fn.vkAllocateDescriptorSets(ctx_.device(), &ai, &set), "vkAllocateDescriptorSets");
  VkDescriptorBufferInfo infos[kMaxBindings];
  VkWriteDescriptorSet writes[kMaxBindings];
  VkBufferView views[kMaxBindings];
  for (uint32_t i = 0; i < bindings.size(); ++i) {
    infos[i] = {bindings[i].buffer, bindings[i].offset, bindings[i].size};
    writes[i] = {VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
    writes[i].dstSet = set;
    writes[i].dstBinding = i;
    writes[i].descriptorCount = 1;
    if ((k.texel_mask >> i) & 1) {
      // A view over the range, as RGBA32F (or, where the kernel asks, R32F)
      // texels; it lives until the batch completes.
      VkBufferViewCreateInfo vci{VK_STRUCTURE_TYPE_BUFFER_VIEW_CREATE_INFO};
      vci.buffer = bindings[i].buffer;
      const bool scalar = k.scalar_texels;
      vci.format = scalar ? VK_FORMAT_R32_SFLOAT : VK_FORMAT_R32G32B32A32_SFLOAT;
      vci.offset = bindings[i].offset;
      vci.range = scalar ? (bindings[i].size + 3) / 4 * 4 : (bindings[i].size + 15) / 16 * 16;
      check(fn.vkCreateBufferView(ctx_.device(), &vci, nullptr, &views[i]), "vkCreateBufferView");
      f.views.push_back(views[i]);
      writes[i].descriptorType = VK_DESCRIPTOR_TYPE_UNIFORM_TEXEL_BUFFER;
      writes[i].pTexelBufferView = &views[i];
    } else {
      writes[i].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
      writes[i].pBufferInfo = &infos[i];
    }
  }
  fn.vkUpdateDescriptorSets(ctx_.device(), uint32_t(bindings.size()), writes, 0, nullptr);

  hazard_barrier(f, bindings);
  fn.vkCmdBindPipeline(f.cmd, VK_PIPELINE_BIND_POINT_COMPUTE, k.pipeline);
  fn.vkCmdBindDescriptorSets(f.cmd, VK_PIPELINE_BIND_POINT_COMPUTE, k.layout, 0, 1, &set, 0, nullptr);
  if (k.push_size) fn.vkCmdPushConstants(f.cmd, k.layout, VK_SHADER_STAGE_COMPUTE_BIT, 0, k.push_size, push);
  const uint32_t q = f.dispatches * 2;
  if (profiling_) fn.vkCmdWriteTimestamp(f.cmd, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, f.queries, q);
  fn.vkCmdDispatch(f.cmd, gx, gy, gz);
  if (profiling_) {
    fn.vkCmdWriteTimestamp(f.cmd, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, f.queries, q + 1);
    f.labels.emplace_back(next_label_.empty() ? k.name : k.name + " " + next_label_, q);
  }
  next_label_.clear();
  ++stats_.dispatches;
  if (++f.dispatches >= per_submit_) submit();
}

void Stream::copy(const Binding& src, const Binding& dst) {
  Frame& f = begin_frame();
  Binding access[2] = {src, dst};
  access[0].write = false;
  access[1].write = true;
  hazard_barrier(f, access);
  VkBufferCopy region{src.offset, dst.offset, std::min(src.size, dst.size)};
  ctx_.fn().vkCmdCopyBuffer(f.cmd, src.buffer, dst.buffer, 1, &region);
  ++stats_.copies;
}

void Stream::on_complete(std::function<void()> fn) {
  Frame& cur = frames_[current_];
  if (cur.recording) {
    cur.completions.push_back(std::move(fn));
    return;
  }
  // Nothing is being recorded: attach it to the newest batch still in flight.
  for (uint32_t i = 0; i < frames_.size(); ++i) {
    Frame& f = frames_[(current_ + frames_.size() - 1 - i) % frames_.size()];
    if (f.in_flight) {
      f.completions.push_back(std::move(fn));
      return;
    }
  }
  fn();  // the device is idle
}

void Stream::submit() {
  Frame& f = frames_[current_];
  if (!f.recording) return;
  const auto& fn = ctx_.fn();
  // Make device writes visible to the host once the fence signals.
  VkMemoryBarrier mb{VK_STRUCTURE_TYPE_MEMORY_BARRIER, nullptr, kWrites, VK_ACCESS_HOST_READ_BIT};
  fn.vkCmdPipelineBarrier(f.cmd, kStages, VK_PIPELINE_STAGE_HOST_BIT, 0, 1, &mb, 0, nullptr, 0, nullptr);
  check(fn.vkEndCommandBuffer(f.cmd), "vkEndCommandBuffer");
  VkSubmitInfo si{VK_STRUCTURE_TYPE_SUBMIT_INFO};
  si.commandBufferCount = 1;
  si.pCommandBuffers = &f.cmd;
  check(fn.vkResetFences(ctx_.device(), 1, &f.fence), "vkResetFences");
  f.recording = false;
  if (fault::device_lost_on_submit()) check(VK_ERROR_DEVICE_LOST, "vkQueueSubmit");  // a test's lost GPU
  check(fn.vkQueueSubmit(ctx_.queue(), 1, &si, f.fence), "vkQueueSubmit");
  f.in_flight = true;
  ++stats_.submits;
  current_ = (current_ + 1) % frames_.size();
}

void Stream::finish_frame(Frame& f) {
  if (!f.in_flight) return;
  const auto& fn = ctx_.fn();
  VkResult r = fn.vkWaitForFences(ctx_.device(), 1, &f.fence, VK_TRUE, UINT64_MAX);
  f.in_flight = false;
  ++stats_.waits;
  check(r, "vkWaitForFences");
  if (!f.labels.empty()) {
    const double period = ctx_.caps().timestamp_period_ns;
    for (const auto& [label, q] : f.labels) {
      uint64_t ts[2];
      check(fn.vkGetQueryPoolResults(ctx_.device(), f.queries, q, 2, sizeof ts, ts, sizeof(uint64_t),
                                     VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WAIT_BIT),
            "vkGetQueryPoolResults");
      profile_.push_back({label, double(ts[1] - ts[0]) * period * 1e-6});
    }
    f.labels.clear();
  }
  for (VkBufferView v : f.views) fn.vkDestroyBufferView(ctx_.device(), v, nullptr);
  f.views.clear();
  auto done = std::move(f.completions);
  f.completions.clear();
  for (auto& c : done) c();
}

void Stream::synchronize() {
  submit();
  // Oldest first, so completions run in submission order.
  for (uint32_t i = 0; i < frames_.size(); ++i) finish_frame(frames_[(current_ + i) % frames_.size()]);
}

bool Stream::idle() const {
  for (const auto& f : frames_)
    if (f.recording || f.in_flight) return false;
  return true;
}

std::vector<ProfileEntry> Stream::take_profile() {
  synchronize();
  return std::exchange(profile_, {});
}

}  // namespace strata::vk
