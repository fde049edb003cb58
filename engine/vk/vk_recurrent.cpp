// Recurrent cell dispatch for the Vulkan backend. Tensors a cell kind does not
// use (LSTM's cell state for GRU, the lengths when none are given...) are bound
// to slots of a small scratch buffer, each its own aligned range, so every
// kernel keeps one fixed layout.
#include "vk/vk_backend.h"

namespace strata::vk {
namespace {
struct RnnPush {
  uint32_t B, H, t, flags, ping;
  uint32_t o_gates, o_rgates, o_h, o_c, o_len, o_y, o_dgates, o_drgates, o_dh, o_dc;
};
constexpr int64_t kSlot = 64;  // floats per scratch slot: always a bindable offset

RnnPush make_push(const RnnParams& p, int64_t t) {
  RnnPush push{};
  push.B = uint32_t(p.batch), push.H = uint32_t(p.hidden), push.t = uint32_t(t);
  push.flags = (p.has_lengths ? 1u : 0u) | (p.return_sequences ? 2u : 0u);
  return push;
}
}  // namespace

Binding VulkanBackend::optional_binding(const Tensor& t, bool used, bool write, uint32_t* shift, int slot) {
  if (used) return binding_shifted(t, write, shift);
  if (!unused_slots_.defined()) unused_slots_ = empty({kUnusedSlots * kSlot});
  *shift = 0;
  return binding(unused_slots_.view(slot * kSlot, {kSlot}), true);
}

void VulkanBackend::rnn_cell_forward(const RnnParams& p, int64_t t, const RnnState& s) {
  check_rnn_params(p);
  RnnPush push = make_push(p, t);
  const bool gru = p.cell == RnnCell::GRU, lstm = p.cell == RnnCell::LSTM;
  const Binding b[] = {binding_shifted(s.gates, true, &push.o_gates),
                       optional_binding(s.rgates, gru, false, &push.o_rgates, 0),
                       binding_shifted(s.h, true, &push.o_h),
                       optional_binding(s.c, lstm, true, &push.o_c, 1),
                       optional_binding(s.lengths, p.has_lengths, false, &push.o_len, 2),
                       optional_binding(s.y, p.return_sequences, true, &push.o_y, 3)};
  const SpecConstant spec[] = {{0, uint32_t(p.cell)}, {1, p.act == Activation::ReLU ? 1u : 0u}};
  const Kernel& k = pipelines_->get("rnn_cell_forward", spec, 6, sizeof push);
  dispatch_1d(k, b, &push, uint64_t(p.batch * p.hidden));
}

void VulkanBackend::rnn_cell_backward(const RnnParams& p, int64_t t, const RnnState& s, const RnnGrads& g, int ping) {
  check_rnn_params(p);
  RnnPush push = make_push(p, t);
  push.ping = uint32_t(ping);
  const bool gru = p.cell == RnnCell::GRU, lstm = p.cell == RnnCell::LSTM;
  // o_y carries dy's offset in the backward kernel.
  const Binding b[] = {binding_shifted(s.gates, false, &push.o_gates),
                       optional_binding(s.rgates, gru, false, &push.o_rgates, 0),
                       binding_shifted(s.h, false, &push.o_h),
                       optional_binding(s.c, lstm, false, &push.o_c, 1),
                       optional_binding(s.lengths, p.has_lengths, false, &push.o_len, 2),
                       optional_binding(g.dy, p.return_sequences, false, &push.o_y, 3),
                       binding_shifted(g.dgates, true, &push.o_dgates),
                       optional_binding(g.drgates, gru, true, &push.o_drgates, 4),
                       binding_shifted(g.dh, true, &push.o_dh),
                       optional_binding(g.dc, lstm, true, &push.o_dc, 5)};
  const SpecConstant spec[] = {{0, uint32_t(p.cell)}, {1, p.act == Activation::ReLU ? 1u : 0u}};
  const Kernel& k = pipelines_->get("rnn_cell_backward", spec, 10, sizeof push);
  dispatch_1d(k, b, &push, uint64_t(p.batch * p.hidden));
}

}  // namespace strata::vk
