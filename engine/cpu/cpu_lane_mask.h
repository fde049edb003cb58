#pragma once
// The mask of a 16-lane AVX-512 operation's first n lanes (none for n <= 0,
// all for n >= 16): the tails of rows that are not a multiple of 16 wide.
// Plain integer work, so callable from code built for any instruction set.
#include <immintrin.h>

#include <cstdint>

namespace strata::cpu {

inline __mmask16 first_lanes(int64_t n) {
  return n >= 16 ? __mmask16(0xFFFF) : n <= 0 ? __mmask16(0) : __mmask16((1u << n) - 1);
}

}  // namespace strata::cpu
