#pragma once
// Records dispatches and copies into command buffers and submits them in
// batches (many dispatches per vkQueueSubmit, never a wait per op). Barriers
// are inserted only where a dispatch touches a buffer range that an earlier,
// not yet barriered command wrote (or writes a range one read), as ncnn does.
// A ring of frames lets the host record the next batch while the device runs
// the previous one. With profiling on, every dispatch is bracketed by
// timestamp queries.
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "vk/vk_context.h"
#include "vk/vk_pipelines.h"

namespace strata::vk {

struct Binding {
  VkBuffer buffer = VK_NULL_HANDLE;
  VkDeviceSize offset = 0;
  VkDeviceSize size = 0;
  bool write = false;
};

struct ProfileEntry {
  std::string label;
  double ms = 0;
};

struct StreamStats {
  uint64_t dispatches = 0, copies = 0, barriers = 0, submits = 0, waits = 0;
};

class Stream {
 public:
  explicit Stream(Context& ctx, uint32_t frames = 3, uint32_t dispatches_per_submit = 256);
  ~Stream();
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;

  void dispatch(const Kernel& k, std::span<const Binding> bindings, const void* push, uint32_t gx, uint32_t gy = 1,
                uint32_t gz = 1);
  void copy(const Binding& src, const Binding& dst);
  // Runs `fn` once the device has finished everything recorded so far.
  void on_complete(std::function<void()> fn);

  void submit();       // hands what is recorded to the queue, does not wait
  void synchronize();  // submit() and wait for all of it
  bool idle() const;   // nothing recorded and nothing in flight

  void set_profiling(bool on) { profiling_ = on && ctx_.caps().timestamps; }
  bool profiling() const { return profiling_; }
  // Per-dispatch device times collected since the last call (waits first).
  std::vector<ProfileEntry> take_profile();
  // When profiling: a detail (say, a GEMM's shape) added to the next
  // dispatch's label after the kernel name.
  void label_next(std::string detail) {
    if (profiling_) next_label_ = std::move(detail);
  }
  const StreamStats& stats() const { return stats_; }

 private:
  struct Range {
    VkBuffer buffer;
    VkDeviceSize begin, end;
  };
  struct Frame {
    VkCommandBuffer cmd = VK_NULL_HANDLE;
    VkFence fence = VK_NULL_HANDLE;
    VkDescriptorPool descriptors = VK_NULL_HANDLE;
    VkQueryPool queries = VK_NULL_HANDLE;
    std::vector<std::pair<std::string, uint32_t>> labels;  // kernel, first query
    std::vector<std::function<void()>> completions;
    std::vector<VkBufferView> views;  // destroyed when the batch completes
    std::vector<Range> written, read;  // since the last barrier
    uint32_t dispatches = 0;
    bool recording = false, in_flight = false;
  };
  Frame& begin_frame();
  void finish_frame(Frame& f);  // wait for it and run its completions
  void hazard_barrier(Frame& f, std::span<const Binding> bindings);
  static bool overlaps(const std::vector<Range>& set, const Binding& b);

  Context& ctx_;
  uint32_t per_submit_;
  VkCommandPool pool_ = VK_NULL_HANDLE;
  std::vector<Frame> frames_;
  uint32_t current_ = 0;
  bool profiling_ = false;
  std::string next_label_;
  std::vector<ProfileEntry> profile_;
  StreamStats stats_;
};

}  // namespace strata::vk
