#pragma once
// Layers that join branches: Add, Multiply (elementwise, equal shapes) and
// Concatenate (along one axis). Every input is viewed as [outer, width_i,
// inner]; Concatenate joins along the middle axis (channels of NCHW images:
// outer = N, inner = H*W; features of [N, F] rows: inner = 1).
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace strata {

class Backend;
class Tensor;

enum class MergeKind { Add, Multiply, Concatenate };

struct MergeShape {
  int64_t outer = 1, inner = 1;
  std::vector<int64_t> widths;  // one per input
  int64_t output_width(MergeKind k) const;
};

// Throws naming `what` (the layer) when there are fewer than two inputs or,
// for Add and Multiply, their shapes differ.
void check_merge(MergeKind kind, const MergeShape& s, const std::string& what = "merge");

void merge_forward(Backend& be, MergeKind kind, const MergeShape& s, std::span<const Tensor> inputs,
                   const Tensor& out);
// dinputs[i] is overwritten with the gradient of input i.
void merge_backward(Backend& be, MergeKind kind, const MergeShape& s, std::span<const Tensor> inputs,
                    const Tensor& dy, std::span<const Tensor> dinputs);

void merge_forward_reference(MergeKind kind, const MergeShape& s, const std::vector<std::vector<double>>& inputs,
                             std::vector<double>& out);
void merge_backward_reference(MergeKind kind, const MergeShape& s, const std::vector<std::vector<double>>& inputs,
                              const std::vector<double>& dy, std::vector<std::vector<double>>& dinputs);

}  // namespace strata
