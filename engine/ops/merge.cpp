#include "ops/merge.h"

#include "core/error.h"
#include "runtime/backend.h"

namespace strata {

int64_t MergeShape::output_width(MergeKind k) const {
  if (k != MergeKind::Concatenate) return widths.empty() ? 0 : widths[0];
  int64_t w = 0;
  for (int64_t v : widths) w += v;
  return w;
}

void check_merge(MergeKind kind, const MergeShape& s, const std::string& what) {
  if (s.widths.size() < 2) throw Error(what + ": needs at least two inputs, has " + std::to_string(s.widths.size()));
  if (s.outer < 1 || s.inner < 1) throw Error(what + ": empty input");
  for (size_t i = 0; i < s.widths.size(); ++i) {
    if (s.widths[i] < 1) throw Error(what + ": input " + std::to_string(i + 1) + " is empty");
    if (kind != MergeKind::Concatenate && s.widths[i] != s.widths[0])
      throw Error(what + ": input " + std::to_string(i + 1) + " has " + std::to_string(s.widths[i] * s.inner) +
                  " values per sample, input 1 has " + std::to_string(s.widths[0] * s.inner) +
                  "; inputs of " + (kind == MergeKind::Add ? "Add" : "Multiply") + " must have the same shape");
  }
}

namespace {
void check_tensors(MergeKind kind, const MergeShape& s, std::span<const Tensor> inputs, const Tensor& out,
                   const char* what) {
  check_merge(kind, s);
  if (inputs.size() != s.widths.size()) throw Error(std::string(what) + ": wrong number of inputs");
  for (size_t i = 0; i < inputs.size(); ++i)
    if (!inputs[i].defined() || inputs[i].numel() != s.outer * s.widths[i] * s.inner)
      throw Error(std::string(what) + ": input " + std::to_string(i + 1) + " has the wrong size");
  if (!out.defined() || out.numel() != s.outer * s.output_width(kind) * s.inner)
    throw Error(std::string(what) + ": output has the wrong size");
}
}  // namespace

void merge_forward(Backend& be, MergeKind kind, const MergeShape& s, std::span<const Tensor> inputs,
                   const Tensor& out) {
  check_tensors(kind, s, inputs, out, "merge");
  switch (kind) {
    case MergeKind::Add:
      be.add(1.f, inputs[0], 1.f, inputs[1], out);
      for (size_t i = 2; i < inputs.size(); ++i) be.add(1.f, out, 1.f, inputs[i], out);
      break;
    case MergeKind::Multiply:
      be.multiply(inputs[0], inputs[1], out);
      for (size_t i = 2; i < inputs.size(); ++i) be.multiply(out, inputs[i], out);
      break;
    case MergeKind::Concatenate: {
      const int64_t total = s.output_width(kind) * s.inner;
      int64_t col = 0;
      for (size_t i = 0; i < inputs.size(); ++i) {
        const int64_t cols = s.widths[i] * s.inner;
        be.strided_copy(column_slice(s.outer, cols, total, col, false), inputs[i], out, false);
        col += cols;
      }
      break;
    }
  }
}

void merge_backward(Backend& be, MergeKind kind, const MergeShape& s, std::span<const Tensor> inputs,
                    const Tensor& dy, std::span<const Tensor> dinputs) {
  check_tensors(kind, s, inputs, dy, "merge backward");
  if (dinputs.size() != inputs.size()) throw Error("merge backward: wrong number of input gradients");
  const int64_t total = s.output_width(kind) * s.inner;
  int64_t col = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const Tensor& d = dinputs[i];
    if (!d.defined() || d.numel() != inputs[i].numel()) throw Error("merge backward: input gradient has the wrong size");
    switch (kind) {
      case MergeKind::Add: be.add(1.f, dy, 0.f, dy, d); break;
      case MergeKind::Multiply: {  // the product of dy and every other input
        bool first = true;
        for (size_t j = 0; j < inputs.size(); ++j) {
          if (j == i) continue;
          be.multiply(first ? dy : d, inputs[j], d);
          first = false;
        }
        break;
      }
      case MergeKind::Concatenate: {
        const int64_t cols = s.widths[i] * s.inner;
        be.strided_copy(column_slice(s.outer, cols, total, col, true), dy, d, false);
        col += cols;
        break;
      }
    }
  }
}

void merge_forward_reference(MergeKind kind, const MergeShape& s, const std::vector<std::vector<double>>& inputs,
                             std::vector<double>& out) {
  const int64_t W = s.output_width(kind);
  out.assign(size_t(s.outer * W * s.inner), kind == MergeKind::Multiply ? 1.0 : 0.0);
  int64_t off = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    for (int64_t o = 0; o < s.outer; ++o)
      for (int64_t w = 0; w < s.widths[i]; ++w)
        for (int64_t k = 0; k < s.inner; ++k) {
          const double v = inputs[i][size_t((o * s.widths[i] + w) * s.inner + k)];
          if (kind == MergeKind::Concatenate) out[size_t((o * W + off + w) * s.inner + k)] = v;
          else if (kind == MergeKind::Add) out[size_t((o * W + w) * s.inner + k)] += v;
          else out[size_t((o * W + w) * s.inner + k)] *= v;
        }
    if (kind == MergeKind::Concatenate) off += s.widths[i];
  }
}

void merge_backward_reference(MergeKind kind, const MergeShape& s, const std::vector<std::vector<double>>& inputs,
                              const std::vector<double>& dy, std::vector<std::vector<double>>& dinputs) {
  const int64_t W = s.output_width(kind);
  dinputs.assign(inputs.size(), {});
  int64_t off = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    dinputs[i].assign(inputs[i].size(), 0.0);
    for (int64_t o = 0; o < s.outer; ++o)
      for (int64_t w = 0; w < s.widths[i]; ++w)
        for (int64_t k = 0; k < s.inner; ++k) {
          const size_t at = size_t((o * s.widths[i] + w) * s.inner + k);
          if (kind == MergeKind::Concatenate) {
            dinputs[i][at] = dy[size_t((o * W + off + w) * s.inner + k)];
            continue;
          }
          double g = dy[at];
          if (kind == MergeKind::Multiply)
            for (size_t j = 0; j < inputs.size(); ++j)
              if (j != i) g *= inputs[j][at];
          dinputs[i][at] = g;
        }
    if (kind == MergeKind::Concatenate) off += s.widths[i];
  }
}

}  // namespace strata
