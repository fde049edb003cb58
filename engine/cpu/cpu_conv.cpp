// im2col and col2im on the native CPU backend.
#include <algorithm>

#include "cpu/cpu_backend.h"

namespace strata {

void CpuBackend::im2col(const ConvParams& p, const Tensor& x, const Tensor& col) {
  check_im2col(p, x, col);
  const int64_t OH = p.out_height(), OW = p.out_width();
  const float* in = data(x);
  float* c = data(col);
  for (int64_t ci = 0; ci < p.cin; ++ci)
    for (int64_t ky = 0; ky < p.kh; ++ky)
      for (int64_t kx = 0; kx < p.kw; ++kx) {
        float* row = c + ((ci * p.kh + ky) * p.kw + kx) * OH * OW;
        for (int64_t oh = 0; oh < OH; ++oh) {
          const int64_t h = oh * p.sh - p.ph + ky * p.dh;
          for (int64_t ow = 0; ow < OW; ++ow) {
            const int64_t w = ow * p.sw - p.pw + kx * p.dw;
            row[oh * OW + ow] = (h >= 0 && h < p.height && w >= 0 && w < p.width) ? in[(ci * p.height + h) * p.width + w] : 0.f;
          }
        }
      }
}

void CpuBackend::col2im(const ConvParams& p, const Tensor& col, const Tensor& dx) {
  check_im2col(p, dx, col);
  const int64_t OH = p.out_height(), OW = p.out_width();
  const float* c = data(col);
  float* d = data(dx);
  std::fill(d, d + p.cin * p.height * p.width, 0.f);
  for (int64_t ci = 0; ci < p.cin; ++ci)
    for (int64_t ky = 0; ky < p.kh; ++ky)
      for (int64_t kx = 0; kx < p.kw; ++kx) {
        const float* row = c + ((ci * p.kh + ky) * p.kw + kx) * OH * OW;
        for (int64_t oh = 0; oh < OH; ++oh) {
          const int64_t h = oh * p.sh - p.ph + ky * p.dh;
          if (h < 0 || h >= p.height) continue;
          for (int64_t ow = 0; ow < OW; ++ow) {
            const int64_t w = ow * p.sw - p.pw + kx * p.dw;
            if (w >= 0 && w < p.width) d[(ci * p.height + h) * p.width + w] += row[oh * OW + ow];
          }
        }
      }
}

}  // namespace strata
