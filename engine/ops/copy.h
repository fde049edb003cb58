#pragma once
// Strided copies: one primitive behind every layout change the layers need —
// batch-first <-> time-major for recurrent layers, Concatenate (each input
// written into its slice of the output) and its backward (the slices read
// back), and picking the last timestep. Index (i0, i1, i2) runs over dims and
// reads src[sum ik * src_stride[k]], writes dst[sum ik * dst_stride[k]].
#include <array>
#include <cstdint>
#include <string>

namespace strata {

class Tensor;

struct CopyLayout {
  std::array<int64_t, 3> dims{1, 1, 1};
  std::array<int64_t, 3> src_stride{0, 0, 1};
  std::array<int64_t, 3> dst_stride{0, 0, 1};
  int64_t src_offset = 0, dst_offset = 0;  // first element read / written
  int64_t count() const { return dims[0] * dims[1] * dims[2]; }
};

// [A, B, F] -> [B, A, F] (swaps the first two axes; batch-first <-> time-major).
CopyLayout swap_leading_axes(int64_t a, int64_t b, int64_t f);
// Concatenate's forward: a contiguous [rows, cols] part written into columns
// [col, col + cols) of a [rows, total_cols] whole. With `gather` the other way
// round (its backward: the part's columns read out of the whole).
CopyLayout column_slice(int64_t rows, int64_t cols, int64_t total_cols, int64_t col, bool gather);

// Throws unless every index the layout touches lies inside src and dst.
void check_copy(const std::string& what, const CopyLayout& l, const Tensor& src, const Tensor& dst);

}  // namespace strata
