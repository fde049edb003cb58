// im2col and col2im for any x86-64 (cpu_im2col.h), and the choice between builds.
#include "cpu/cpu_im2col.h"

#include "cpu/cpu_isa.h"

#define STRATA_IM2COL_TARGET
#include "cpu/cpu_im2col_impl.h"

namespace strata::cpu {

void im2col_sample_portable(const ConvParams& p, const float* in, float* col, int64_t ld) { im2col_body(p, in, col, ld); }
void col2im_sample_portable(const ConvParams& p, const float* col, float* dx, int64_t ld) { col2im_body(p, col, dx, ld); }

void im2col_sample(const ConvParams& p, const float* in, float* col, int64_t ld) {
  if (isa() >= Isa::Avx512) im2col_sample_avx512(p, in, col, ld);
  else im2col_sample_portable(p, in, col, ld);
}

void col2im_sample(const ConvParams& p, const float* col, float* dx, int64_t ld) {
  if (isa() >= Isa::Avx512) col2im_sample_avx512(p, col, dx, ld);
  else col2im_sample_portable(p, col, dx, ld);
}

}  // namespace strata::cpu
