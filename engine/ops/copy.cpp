#include "ops/copy.h"

#include "core/error.h"
#include "core/tensor.h"

namespace strata {

CopyLayout swap_leading_axes(int64_t a, int64_t b, int64_t f) {
  CopyLayout l;
  l.dims = {a, b, f};
  l.src_stride = {b * f, f, 1};
  l.dst_stride = {f, a * f, 1};
  return l;
}

CopyLayout column_slice(int64_t rows, int64_t cols, int64_t total_cols, int64_t col, bool gather) {
  CopyLayout l;
  l.dims = {1, rows, cols};
  const std::array<int64_t, 3> part{0, cols, 1}, whole{0, total_cols, 1};
  l.src_stride = gather ? whole : part;
  l.dst_stride = gather ? part : whole;
  (gather ? l.src_offset : l.dst_offset) = col;
  return l;
}

void check_copy(const std::string& what, const CopyLayout& l, const Tensor& src, const Tensor& dst) {
  if (!src.defined() || !dst.defined()) throw Error(what + ": missing tensor");
  for (int k = 0; k < 3; ++k)
    if (l.dims[size_t(k)] < 0 || l.src_stride[size_t(k)] < 0 || l.dst_stride[size_t(k)] < 0)
      throw Error(what + ": negative size or stride");
  if (l.src_offset < 0 || l.dst_offset < 0) throw Error(what + ": negative offset");
  if (l.count() == 0) return;
  int64_t last_src = l.src_offset, last_dst = l.dst_offset;
  for (size_t k = 0; k < 3; ++k) {
    last_src += (l.dims[k] - 1) * l.src_stride[k];
    last_dst += (l.dims[k] - 1) * l.dst_stride[k];
  }
  if (last_src >= src.numel())
    throw Error(what + ": reads element " + std::to_string(last_src) + " of a source of " + std::to_string(src.numel()));
  if (last_dst >= dst.numel())
    throw Error(what + ": writes element " + std::to_string(last_dst) + " of a destination of " +
                std::to_string(dst.numel()));
  if (l.count() > int64_t(UINT32_MAX) || src.numel() > int64_t(UINT32_MAX) || dst.numel() > int64_t(UINT32_MAX))
    throw Error(what + ": more than 2^32 elements");
}

}  // namespace strata
