// im2col and col2im built for AVX-512 (cpu_im2col.h).
#include "cpu/cpu_im2col.h"

#define STRATA_IM2COL_TARGET __attribute__((target("avx512f")))
#define STRATA_IM2COL_AVX512
#include "cpu/cpu_im2col_impl.h"

namespace strata::cpu {

void im2col_sample_avx512(const ConvParams& p, const float* in, float* col, int64_t ld) { im2col_body(p, in, col, ld); }
void col2im_sample_avx512(const ConvParams& p, const float* col, float* dx, int64_t ld) { col2im_body(p, col, dx, ld); }

}  // namespace strata::cpu
