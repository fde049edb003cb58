#pragma once
// One sample's im2col and col2im for the CPU backend's convolutions, in an
// AVX-512 build (short rows moved and added with masked 512-bit operations,
// inlined) and a portable one, chosen by the instruction set in use
// (cpu_isa.h). Column rows are `ld` floats apart (several samples may sit
// side by side).
#include <cstdint>

#include "ops/conv2d.h"

namespace strata::cpu {

void im2col_sample(const ConvParams& p, const float* in, float* col, int64_t ld);
// dx = col2im(col): dx is overwritten.
void col2im_sample(const ConvParams& p, const float* col, float* dx, int64_t ld);

// Each build directly (tests force one or the other with set_isa()).
void im2col_sample_avx512(const ConvParams& p, const float* in, float* col, int64_t ld);
void col2im_sample_avx512(const ConvParams& p, const float* col, float* dx, int64_t ld);
void im2col_sample_portable(const ConvParams& p, const float* in, float* col, int64_t ld);
void col2im_sample_portable(const ConvParams& p, const float* col, float* dx, int64_t ld);

}  // namespace strata::cpu
