#pragma once
// Inverted dropout with a counter-based random stream: the keep/drop decision
// for element i is a hash of (seed, step, i), so both backends drop the same
// elements and a run is reproducible from its seed. Forward writes
// y = x * mask / (1 - rate) and the mask (0 or 1/(1 - rate)) for backward,
// dx = dy * mask. In evaluation the layer is the identity (the caller skips it).
#include <cstdint>

namespace strata {

// Uniform in [0, 1) from (seed, step, index): PCG-style integer hash, the
// same in C++ and in shaders/dropout.comp.
inline float dropout_uniform(uint32_t seed, uint32_t step, uint32_t index) {
  uint32_t v = index * 747796405u + 2891336453u;
  v ^= seed * 0x9E3779B9u;
  v ^= step * 0x85EBCA6Bu;
  v = ((v >> ((v >> 28u) + 4u)) ^ v) * 277803737u;
  v = (v >> 22u) ^ v;
  v = v * 0x2C1B3C6Du;
  v ^= v >> 15u;
  return float(v >> 8) * (1.0f / 16777216.0f);
}

}  // namespace strata
