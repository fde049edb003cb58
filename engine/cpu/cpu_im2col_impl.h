#pragma once
// The body of im2col and col2im (cpu_im2col.h), included by
// cpu_im2col_avx512.cpp and cpu_im2col_portable.cpp after they define
// STRATA_IM2COL_TARGET (and STRATA_IM2COL_AVX512 for the masked moves).
// Internal linkage, so the two builds are never merged by the linker.
#ifndef STRATA_IM2COL_TARGET
#error "define STRATA_IM2COL_TARGET before including cpu_im2col_impl.h"
#endif

#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "cpu/cpu_lane_mask.h"
#include "ops/conv2d.h"

namespace strata::cpu {
namespace {


// One image row into a column row. A convolution's rows are short (tens of
// floats) and im2col copies thousands per sample: memcpy's call and size
// dispatch cost more than such a copy, which two masked moves do inline.
STRATA_IM2COL_TARGET inline void copy_row(float* dst, const float* src, int64_t n) {
#ifdef STRATA_IM2COL_AVX512
  if (n <= 32) {
    const __mmask16 m0 = first_lanes(n);
    _mm512_mask_storeu_ps(dst, m0, _mm512_maskz_loadu_ps(m0, src));
    if (n > 16) {
      const __mmask16 m1 = first_lanes(n - 16);
      _mm512_mask_storeu_ps(dst + 16, m1, _mm512_maskz_loadu_ps(m1, src + 16));
    }
    return;
  }
#endif
  std::memcpy(dst, src, size_t(n) * sizeof(float));
}

// dst[0:n] += src[0:n] (col2im's unit-stride rows).
STRATA_IM2COL_TARGET inline void add_row(float* dst, const float* src, int64_t n) {
  int64_t i = 0;
#ifdef STRATA_IM2COL_AVX512
  for (; i + 16 <= n; i += 16) _mm512_storeu_ps(dst + i, _mm512_add_ps(_mm512_loadu_ps(dst + i), _mm512_loadu_ps(src + i)));
  if (i < n) {
    const __mmask16 m = first_lanes(n - i);
    _mm512_mask_storeu_ps(dst + i, m, _mm512_add_ps(_mm512_maskz_loadu_ps(m, dst + i), _mm512_maskz_loadu_ps(m, src + i)));
    return;
  }
#endif
  for (; i < n; ++i) dst[i] += src[i];
}

// Output columns whose input column lies inside the image: [ow0, ow1).
inline void inside_columns(const ConvParams& p, int64_t off, int64_t OW, int64_t& ow0, int64_t& ow1) {
  ow0 = 0, ow1 = OW;
  while (ow0 < OW && ow0 * p.sw + off < 0) ++ow0;
  while (ow1 > ow0 && (ow1 - 1) * p.sw + off >= p.width) --ow1;
}

STRATA_IM2COL_TARGET void im2col_body(const ConvParams& p, const float* in, float* c, int64_t ld) {
  // The parameters in locals: the masked stores below may alias anything as
  // far as the compiler knows, and would make it reload each from p.
  const int64_t OH = p.out_height(), OW = p.out_width(), H = p.height, W = p.width;
  const int64_t sh = p.sh, sw = p.sw, ph = p.ph, dh = p.dh, kh = p.kh, kw = p.kw;
  for (int64_t ci = 0; ci < p.cin; ++ci)
    for (int64_t ky = 0; ky < kh; ++ky)
      for (int64_t kx = 0; kx < kw; ++kx) {
        float* row = c + ((ci * kh + ky) * kw + kx) * ld;
        const float* plane = in + ci * H * W;
        const int64_t off = kx * p.dw - p.pw;
        int64_t ow0, ow1;
        inside_columns(p, off, OW, ow0, ow1);
        const int64_t inside = ow1 - ow0;
#ifdef STRATA_IM2COL_AVX512
        if (sw == 1 && inside == OW && OW <= 32) {
          // Every output column reads inside the image (no horizontal
          // padding), a row fits two vectors: a tight loop of masked moves
          // with the masks made once, not once per row.
          const __mmask16 m0 = first_lanes(OW), m1 = first_lanes(OW - 16);
          for (int64_t oh = 0; oh < OH; ++oh) {
            const int64_t h = oh * sh - ph + ky * dh;
            float* out = row + oh * OW;
            if (h < 0 || h >= H) {
              std::memset(out, 0, size_t(OW) * sizeof(float));
              continue;
            }
            const float* src = plane + h * W + off;
            _mm512_mask_storeu_ps(out, m0, _mm512_maskz_loadu_ps(m0, src));
            if (OW > 16) _mm512_mask_storeu_ps(out + 16, m1, _mm512_maskz_loadu_ps(m1, src + 16));
          }
          continue;
        }
#endif
        for (int64_t oh = 0; oh < OH; ++oh) {
          float* out = row + oh * OW;
          const int64_t h = oh * sh - ph + ky * dh;
          if (h < 0 || h >= H) {
            std::memset(out, 0, size_t(OW) * sizeof(float));
            continue;
          }
          const float* src = plane + h * W + off;
          for (int64_t ow = 0; ow < ow0; ++ow) out[ow] = 0.f;
          if (sw == 1) copy_row(out + ow0, src + ow0, inside);
          else
            for (int64_t ow = ow0; ow < ow1; ++ow) out[ow] = src[ow * sw];
          for (int64_t ow = ow1; ow < OW; ++ow) out[ow] = 0.f;
        }
      }
}

#ifdef STRATA_IM2COL_AVX512
// col2im for unit stride along the width, as a gather: each 16-wide piece of
// an input row sums, in a register, the column values of every (ky, kx) that
// reads it, and is stored once. The scatter form (add each column row into
// the image) reloads values it stored a few instructions before, and masked
// stores cannot forward to loads: the loads waited for the stores to retire.
STRATA_IM2COL_TARGET void col2im_gather_avx512(const ConvParams& p, const float* c, float* d, int64_t ld) {
  const int64_t OH = p.out_height(), OW = p.out_width(), H = p.height, W = p.width;
  const int64_t sh = p.sh, ph = p.ph, dh = p.dh, dw = p.dw, pw = p.pw, kh = p.kh, kw = p.kw;
  constexpr int kMaxKw = 32;
  __mmask16 masks[kMaxKw];
  int64_t shifts[kMaxKw];
  for (int64_t w0 = 0; w0 < W; w0 += 16) {
    // Lanes w in [w0, w0 + 16) that column kx reaches: input column
    // w = ow + shift with ow in [0, OW) and w < W. The same for every row.
    for (int64_t kx = 0; kx < kw; ++kx) {
      const int64_t shift = kx * dw - pw;
      const int64_t lo = std::max<int64_t>(w0, shift), hi = std::min<int64_t>({w0 + 16, shift + OW, W});
      masks[kx] = lo >= hi ? __mmask16(0) : __mmask16(first_lanes(hi - w0) & ~first_lanes(lo - w0));
      shifts[kx] = shift;
    }
    const __mmask16 store = first_lanes(W - w0);
    for (int64_t ci = 0; ci < p.cin; ++ci)
      for (int64_t h = 0; h < H; ++h) {
        // Four partial sums: one chain of dependent adds would wait on
        // each add's latency.
        __m512 acc[4] = {_mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps()};
        int n = 0;
        for (int64_t ky = 0; ky < kh; ++ky) {
          const int64_t t = h + ph - ky * dh;  // = oh * sh
          if (t < 0) continue;
          int64_t oh = t;
          if (sh != 1) {  // a division only where the stride needs one
            if (t % sh != 0) continue;
            oh = t / sh;
          }
          if (oh >= OH) continue;
          const float* base = c + (ci * kh + ky) * kw * ld + oh * OW + w0;
          for (int64_t kx = 0; kx < kw; ++kx, ++n) {
            // Lane j reads ow = w0 + j - shift; masked-off lanes are never touched.
            acc[n & 3] = _mm512_add_ps(acc[n & 3], _mm512_maskz_loadu_ps(masks[kx], base + kx * ld - shifts[kx]));
          }
        }
        const __m512 sum = _mm512_add_ps(_mm512_add_ps(acc[0], acc[1]), _mm512_add_ps(acc[2], acc[3]));
        _mm512_mask_storeu_ps(d + (ci * H + h) * W + w0, store, sum);
      }
  }
}
#endif

STRATA_IM2COL_TARGET void col2im_body(const ConvParams& p, const float* c, float* d, int64_t ld) {
#ifdef STRATA_IM2COL_AVX512
  if (p.sw == 1 && p.kw <= 32) return col2im_gather_avx512(p, c, d, ld);
#endif
  const int64_t OH = p.out_height(), OW = p.out_width();
  std::memset(d, 0, size_t(p.cin * p.height * p.width) * sizeof(float));
  for (int64_t ci = 0; ci < p.cin; ++ci)
    for (int64_t ky = 0; ky < p.kh; ++ky)
      for (int64_t kx = 0; kx < p.kw; ++kx) {
        const float* row = c + ((ci * p.kh + ky) * p.kw + kx) * ld;
        const int64_t off = kx * p.dw - p.pw;
        int64_t ow0, ow1;
        inside_columns(p, off, OW, ow0, ow1);
        for (int64_t oh = 0; oh < OH; ++oh) {
          const int64_t h = oh * p.sh - p.ph + ky * p.dh;
          if (h < 0 || h >= p.height) continue;
          float* dst = d + (ci * p.height + h) * p.width + off;
          const float* src = row + oh * OW;
          // Unit stride (most convolutions): whole vectors; a strided scatter otherwise.
          if (p.sw == 1) add_row(dst + ow0, src + ow0, ow1 - ow0);
          else
            for (int64_t ow = ow0; ow < ow1; ++ow) dst[ow * p.sw] += src[ow];
        }
      }
}

}  // namespace
}  // namespace strata::cpu
