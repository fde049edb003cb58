// Pooling on the native CPU backend.
#include <algorithm>
#include <limits>

#include <immintrin.h>

#include "cpu/cpu_pool.h"
#include "cpu/cpu_isa.h"
#include "cpu/cpu_lane_mask.h"

#include "cpu/cpu_backend.h"

namespace strata {
namespace {

// One output row of a 2x2, stride-2 max pool: rows r0 and r1 of the input,
// OW outputs and their argmax (flat index in the plane, as a float). The
// first maximum in row-major order wins, as in the general loop; NaNs never
// win (the comparisons are false), as there.
void max_pool_2x2_row_scalar(const float* r0, const float* r1, int64_t ow0, int64_t OW, float base, float width,
                             float* o, float* a) {
  for (int64_t ow = ow0; ow < OW; ++ow) {
    const float v[4] = {r0[2 * ow], r0[2 * ow + 1], r1[2 * ow], r1[2 * ow + 1]};
    const float c = base + float(2 * ow), idx[4] = {c, c + 1.f, c + width, c + width + 1.f};
    float best = -std::numeric_limits<float>::infinity(), at = c;
    for (int k = 0; k < 4; ++k)
      if (v[k] > best) best = v[k], at = idx[k];
    o[ow] = best;
    a[ow] = at;
  }
}

// The same, eight outputs at a time with AVX2 (branch-free: the scalar loop's
// comparisons on real activations mispredict about half the time).
#define STRATA_AVX2 __attribute__((target("avx2")))

// Sixteen consecutive inputs split into even and odd columns.
STRATA_AVX2 inline void split_even_odd(const float* r, __m256& even, __m256& odd) {
  const __m256 lo = _mm256_loadu_ps(r), hi = _mm256_loadu_ps(r + 8);
  even = _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(_mm256_shuffle_ps(lo, hi, 0x88)), 0xD8));
  odd = _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(_mm256_shuffle_ps(lo, hi, 0xDD)), 0xD8));
}

// Where v > best (strictly: ties keep the earlier), take v and its index.
STRATA_AVX2 inline void take_greater(__m256 v, __m256 idx, __m256& best, __m256& at) {
  const __m256 gt = _mm256_cmp_ps(v, best, _CMP_GT_OQ);
  best = _mm256_blendv_ps(best, v, gt);
  at = _mm256_blendv_ps(at, idx, gt);
}

// Eight outputs from 16 inputs of each row; c holds their first indices.
STRATA_AVX2 inline void max_pool_2x2_block(const float* r0, const float* r1, __m256 c, __m256 width, __m256& best,
                                           __m256& at) {
  const __m256 one = _mm256_set1_ps(1.f);
  __m256 v0, v1, v2, v3;
  split_even_odd(r0, v0, v1);
  split_even_odd(r1, v2, v3);
  best = _mm256_set1_ps(-std::numeric_limits<float>::infinity()), at = c;
  take_greater(v0, c, best, at);
  take_greater(v1, _mm256_add_ps(c, one), best, at);
  take_greater(v2, _mm256_add_ps(c, width), best, at);
  take_greater(v3, _mm256_add_ps(_mm256_add_ps(c, width), one), best, at);
}

// Sixteen floats from r where the lane masks allow, `pad` elsewhere.
STRATA_AVX2 inline void load_padded(const float* r, __m256i lo, __m256i hi, __m256 pad, float* t) {
  _mm256_store_ps(t, _mm256_blendv_ps(pad, _mm256_maskload_ps(r, lo), _mm256_castsi256_ps(lo)));
  _mm256_store_ps(t + 8, _mm256_blendv_ps(pad, _mm256_maskload_ps(r + 8, hi), _mm256_castsi256_ps(hi)));
}

STRATA_AVX2 void max_pool_2x2_row_avx2(const float* r0, const float* r1, int64_t OW, float base, float width, float* o,
                                       float* a) {
  const __m256 step = _mm256_setr_ps(0, 2, 4, 6, 8, 10, 12, 14), w = _mm256_set1_ps(width);
  __m256 best, at;
  int64_t ow = 0;
  for (; ow + 8 <= OW; ow += 8) {
    max_pool_2x2_block(r0 + 2 * ow, r1 + 2 * ow, _mm256_add_ps(_mm256_set1_ps(base + float(2 * ow)), step), w, best, at);
    _mm256_storeu_ps(o + ow, best);
    _mm256_storeu_ps(a + ow, at);
  }
  if (ow == OW) return;
  // The last 1-7 outputs: masked loads (lanes past the row read as -inf, which
  // never wins) and a masked store, so the tail is branch-free too.
  const int rem = int(OW - ow), n_in = 2 * rem;
  const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  const __m256i in_lo = _mm256_cmpgt_epi32(_mm256_set1_epi32(n_in), lane);
  const __m256i in_hi = _mm256_cmpgt_epi32(_mm256_set1_epi32(n_in - 8), lane);
  const __m256i out_mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(rem), lane);
  const __m256 neg_inf = _mm256_set1_ps(-std::numeric_limits<float>::infinity());
  alignas(32) float t0[16], t1[16];
  load_padded(r0 + 2 * ow, in_lo, in_hi, neg_inf, t0);
  load_padded(r1 + 2 * ow, in_lo, in_hi, neg_inf, t1);
  max_pool_2x2_block(t0, t1, _mm256_add_ps(_mm256_set1_ps(base + float(2 * ow)), step), w, best, at);
  _mm256_maskstore_ps(o + ow, out_mask, best);
  _mm256_maskstore_ps(a + ow, out_mask, at);
}

// The same, sixteen outputs at a time with AVX-512: a whole row of up to 16
// outputs (a 26- or 11-wide feature map) in one step, its tail by masked
// loads that read -inf past the row instead of the AVX2 version's padded copy.
#define STRATA_AVX512 __attribute__((target("avx512f")))

STRATA_AVX512 void max_pool_2x2_row_avx512(const float* r0, const float* r1, int64_t OW, float base, float width,
                                           float* o, float* a) {
  const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
  const __m512i odd = _mm512_add_epi32(even, _mm512_set1_epi32(1));
  const __m512 step = _mm512_setr_ps(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
  const __m512 w = _mm512_set1_ps(width), one = _mm512_set1_ps(1.f);
  const __m512 neg_inf = _mm512_set1_ps(-std::numeric_limits<float>::infinity());
  for (int64_t ow = 0; ow < OW; ow += 16) {
    const int64_t n_in = 2 * std::min<int64_t>(16, OW - ow);
    const __mmask16 lo = cpu::first_lanes(n_in), hi = cpu::first_lanes(n_in - 16), out = cpu::first_lanes(OW - ow);
    const float *p0 = r0 + 2 * ow, *p1 = r1 + 2 * ow;
    const __m512 a0 = _mm512_mask_loadu_ps(neg_inf, lo, p0), a1 = _mm512_mask_loadu_ps(neg_inf, hi, p0 + 16);
    const __m512 b0 = _mm512_mask_loadu_ps(neg_inf, lo, p1), b1 = _mm512_mask_loadu_ps(neg_inf, hi, p1 + 16);
    const __m512 c = _mm512_add_ps(_mm512_set1_ps(base + float(2 * ow)), step);
    __m512 best = neg_inf, at = c;
    // Candidates in row-major order; strictly greater wins, so ties keep the earlier.
    const __m512 v[4] = {_mm512_permutex2var_ps(a0, even, a1), _mm512_permutex2var_ps(a0, odd, a1),
                         _mm512_permutex2var_ps(b0, even, b1), _mm512_permutex2var_ps(b0, odd, b1)};
    const __m512 idx[4] = {c, _mm512_add_ps(c, one), _mm512_add_ps(c, w), _mm512_add_ps(_mm512_add_ps(c, w), one)};
    for (int k = 0; k < 4; ++k) {
      const __mmask16 gt = _mm512_cmp_ps_mask(v[k], best, _CMP_GT_OQ);
      best = _mm512_mask_blend_ps(gt, best, v[k]);
      at = _mm512_mask_blend_ps(gt, at, idx[k]);
    }
    _mm512_mask_storeu_ps(o + ow, out, best);
    _mm512_mask_storeu_ps(a + ow, out, at);
  }
}

}  // namespace

// Planes [nc0, nc1) of a pooling forward (cpu_pool.h).
void pool_planes_forward(const PoolParams& p, const float* in, float* out, float* am, int64_t nc0, int64_t nc1) {
  const int64_t OH = p.out_height(), OW = p.out_width();
  // The common 2x2 window at stride 2 without padding: two input rows per
  // output row, sixteen (AVX-512) or eight (AVX2) outputs at a time. Same
  // result as the general loop (the first maximum in row-major order wins).
  const bool avx2 = cpu::isa() >= cpu::Isa::Avx2, avx512 = cpu::isa() >= cpu::Isa::Avx512;
  const bool two_by_two = p.max && p.kh == 2 && p.kw == 2 && p.sh == 2 && p.sw == 2 && p.ph == 0 && p.pw == 0;
  for (int64_t nc = nc0; nc < nc1; ++nc) {
    const float* plane = in + nc * p.height * p.width;
    if (two_by_two) {
      for (int64_t oh = 0; oh < OH; ++oh) {
        const float* r0 = plane + 2 * oh * p.width;
        const float* r1 = r0 + p.width;
        float* o = out + (nc * OH + oh) * OW;
        float* a = am + (nc * OH + oh) * OW;
        const float base = float(2 * oh * p.width);
        // Reading 16 inputs for 8 outputs stays inside the row pair (2 * OW <= width).
        if (avx512) max_pool_2x2_row_avx512(r0, r1, OW, base, float(p.width), o, a);
        else if (avx2) max_pool_2x2_row_avx2(r0, r1, OW, base, float(p.width), o, a);
        else max_pool_2x2_row_scalar(r0, r1, 0, OW, base, float(p.width), o, a);
      }
      continue;
    }
    for (int64_t oh = 0; oh < OH; ++oh)
      for (int64_t ow = 0; ow < OW; ++ow) {
        const int64_t h0 = std::max<int64_t>(0, oh * p.sh - p.ph), h1 = std::min(p.height, oh * p.sh - p.ph + p.kh);
        const int64_t w0 = std::max<int64_t>(0, ow * p.sw - p.pw), w1 = std::min(p.width, ow * p.sw - p.pw + p.kw);
        const int64_t o = (nc * OH + oh) * OW + ow;
        if (p.max) {
          float best = -std::numeric_limits<float>::infinity();
          int64_t at = h0 * p.width + w0;
          for (int64_t h = h0; h < h1; ++h)
            for (int64_t w = w0; w < w1; ++w)
              if (plane[h * p.width + w] > best) best = plane[h * p.width + w], at = h * p.width + w;
          out[o] = best;
          am[o] = float(at);
        } else {
          float sum = 0;
          for (int64_t h = h0; h < h1; ++h)
            for (int64_t w = w0; w < w1; ++w) sum += plane[h * p.width + w];
          out[o] = sum / float((h1 - h0) * (w1 - w0));
        }
      }
  }
}

void CpuBackend::pool_forward(const PoolParams& p, const Tensor& x, const Tensor& y, const Tensor& argmax) {
  check_pool_operands(p, x, y, argmax);
  const float* in = data(x);
  float* out = data(y);
  float* am = p.max ? data(argmax) : nullptr;
  const int64_t planes = p.batch * p.channels;
  // Planes are independent: split them across the workers when there is enough work.
  const int parts = p.in_count() >= (1 << 16) ? workers_->size() : 1;
  workers_->run(parts, [&](int part) {
    pool_planes_forward(p, in, out, am, planes * part / parts, planes * (part + 1) / parts);
  });
}

void CpuBackend::pool_backward(const PoolParams& p, const Tensor& dy, const Tensor& argmax, const Tensor& dx) {
  check_pool_operands(p, dx, dy, argmax);
  const int64_t OH = p.out_height(), OW = p.out_width();
  const float* g = data(dy);
  const float* am = p.max ? data(argmax) : nullptr;
  float* d = data(dx);
  const int64_t planes = p.batch * p.channels;
  const int parts = p.in_count() >= (1 << 16) ? workers_->size() : 1;
  workers_->run(parts, [&](int part) {  // planes are disjoint in dx: no race
  for (int64_t nc = planes * part / parts; nc < planes * (part + 1) / parts; ++nc) {
    float* plane = d + nc * p.height * p.width;
    std::fill(plane, plane + p.height * p.width, 0.f);
    for (int64_t oh = 0; oh < OH; ++oh)
      for (int64_t ow = 0; ow < OW; ++ow) {
        const int64_t o = (nc * OH + oh) * OW + ow;
        if (p.max) {
          plane[int64_t(am[o])] += g[o];
          continue;
        }
        const int64_t h0 = std::max<int64_t>(0, oh * p.sh - p.ph), h1 = std::min(p.height, oh * p.sh - p.ph + p.kh);
        const int64_t w0 = std::max<int64_t>(0, ow * p.sw - p.pw), w1 = std::min(p.width, ow * p.sw - p.pw + p.kw);
        const float share = g[o] / float((h1 - h0) * (w1 - w0));
        for (int64_t h = h0; h < h1; ++h)
          for (int64_t w = w0; w < w1; ++w) plane[h * p.width + w] += share;
      }
  }
  });
}

}  // namespace strata
