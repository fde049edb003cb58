// Push constants and buffers of the recurrent cell kernels (engine/ops/recurrent.h).
// CELL: 0 SimpleRNN, 1 LSTM, 2 GRU. flags: bit 0 lengths given, bit 1 return
// sequences. Offsets are each tensor's first element inside its binding.
layout(constant_id = 0) const uint CELL = 1;
layout(constant_id = 1) const uint RELU = 0;
layout(push_constant) uniform Params {
  uint B, H, t, flags, ping;
  uint o_gates, o_rgates, o_h, o_c, o_len, o_y, o_dgates, o_drgates, o_dh, o_dc;
} p;

float sigmoid(float v) { return 1.0 / (1.0 + exp(-v)); }
float tanh_safe(float v) {
  // tanh() of large |v| overflows exp() on some drivers; clamp first.
  float e = exp(2.0 * clamp(v, -15.0, 15.0));
  return (e - 1.0) / (e + 1.0);
}
