#pragma once
// Recurrent layers: SimpleRNN, LSTM and GRU with PyTorch's equations, weight
// layout and gate order, so weights export to torch.nn.LSTM/GRU/RNN as they are:
//   w_ih [G*H, I], w_hh [G*H, H]; LSTM gates i, f, g, o; GRU gates r, z, n.
//   LSTM: c' = f*c + i*g, h' = o*tanh(c'); one bias b_ih (PyTorch's b_ih + b_hh).
//   GRU:  n = tanh(x W_in + b_in + r * (h W_hn + b_hn)), h' = (1-z)*n + z*h;
//         two biases, b_ih and b_hh, because r multiplies only the recurrent part.
//   SimpleRNN: h' = act(x W_ih + b_ih + h W_hh), act tanh or ReLU.
// Execution: the input projection for all timesteps is one GEMM over [T*B, I];
// each timestep then runs one recurrent GEMM ([B, H] x [H, G*H]) and one fused
// cell kernel. Backward runs the cell backward and one GEMM per step, then the
// weight gradients for all timesteps as three GEMMs and a column sum.
// Inside, everything is time-major ([T, B, ...]) so a timestep is a contiguous
// block; the layer's input and output are batch-first ([B, T, ...]).
// Variable lengths: step t of sample b is valid when t < lengths[b]. Past its
// length a sample carries its state unchanged and outputs zeros (as PyTorch's
// packed sequences pad), so the final state is the state at its last valid step.
// The initial state is zero.
#include <cstdint>
#include <span>
#include <string>

#include "core/tensor.h"
#include "ops/activation.h"

namespace strata {

class Backend;

enum class RnnCell : uint32_t { Simple = 0, LSTM = 1, GRU = 2 };

struct RnnParams {
  RnnCell cell = RnnCell::LSTM;
  int64_t batch = 1, seq = 1, input = 1, hidden = 1;
  bool return_sequences = false;
  bool has_lengths = false;
  Activation act = Activation::Tanh;  // SimpleRNN only: Tanh or ReLU
  int64_t gates() const { return cell == RnnCell::LSTM ? 4 : cell == RnnCell::GRU ? 3 : 1; }
  int64_t gate_width() const { return gates() * hidden; }
};

// b_hh is used by GRU only.
struct RnnWeights {
  Tensor w_ih, w_hh, b_ih, b_hh;
};

// What a forward pass keeps for backward, time-major, allocated once per layer.
struct RnnState {
  Tensor x;        // [T, B, I] the input
  Tensor gates;    // [T, B, G*H] input preactivations; the cell stores activations in place
  Tensor rgates;   // GRU: [T, B, 3H] recurrent preactivations (with b_hh)
  Tensor h;        // [T+1, B, H]; h[0] is the zero initial state
  Tensor c;        // LSTM: [T+1, B, H]
  Tensor y;        // return_sequences: [T, B, H], zero past a sample's length
  Tensor lengths;  // has_lengths: [B] valid steps per sample (floats)
};

// Gradient workspace, time-major, allocated once per layer.
struct RnnGrads {
  Tensor dy;       // return_sequences: [T, B, H]
  Tensor dgates;   // [T, B, G*H] gradient of the preactivations
  Tensor drgates;  // GRU: [T, B, 3H]
  Tensor dh;       // [2, B, H] state gradient, ping-pong between steps
  Tensor dc;       // LSTM: [B, H]
  Tensor dx;       // [T, B, I]
};

// Throws strata::Error naming `what` (the layer) and the parameter at fault.
void check_rnn_params(const RnnParams& p, const std::string& what = "recurrent layer");
RnnState make_rnn_state(Backend& be, const RnnParams& p);
RnnGrads make_rnn_grads(Backend& be, const RnnParams& p);

// x [B, T, I]; lengths [B] when p.has_lengths (else null);
// y [B, T, H] when p.return_sequences, else [B, H] (the final state).
void rnn_forward(Backend& be, const RnnParams& p, const RnnWeights& w, const Tensor& x, const Tensor* lengths,
                 RnnState& s, const Tensor& y);
// dy shaped like y; dx [B, T, I] or null; dw's tensors are overwritten.
void rnn_backward(Backend& be, const RnnParams& p, const RnnWeights& w, const RnnState& s, const Tensor& dy,
                  RnnGrads& g, const Tensor* dx, const RnnWeights& dw);

// The per-timestep loops, as Backend::rnn_steps_forward/backward run them by
// default: one recurrent GEMM and one cell kernel per step.
void rnn_steps_forward_generic(Backend& be, const RnnParams& p, const RnnWeights& w, const RnnState& s);
void rnn_steps_backward_generic(Backend& be, const RnnParams& p, const RnnWeights& w, const RnnState& s,
                                const RnnGrads& g);

// Double-precision references, batch-first, direct loops over the equations.
struct RnnReferenceWeights {
  std::span<const double> w_ih, w_hh, b_ih, b_hh;
};
struct RnnReferenceGrads {
  std::span<double> dx, dw_ih, dw_hh, db_ih, db_hh;
};
void rnn_forward_reference(const RnnParams& p, const RnnReferenceWeights& w, std::span<const double> x,
                           std::span<const float> lengths, std::span<double> y);
void rnn_backward_reference(const RnnParams& p, const RnnReferenceWeights& w, std::span<const double> x,
                            std::span<const float> lengths, std::span<const double> dy, const RnnReferenceGrads& g);

}  // namespace strata
