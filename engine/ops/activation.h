#pragma once
// Activations that kernels can fuse into their epilogue. The numbers are
// shared with shaders/common.glsl.
#include <cmath>
#include <cstdint>
#include <string_view>

namespace strata {

enum class Activation : uint32_t { None = 0, ReLU = 1, LeakyReLU = 2, Sigmoid = 3, Tanh = 4, GELU = 5 };

// Double-precision definition, the reference every kernel is checked against.
inline double activate(Activation a, double x, double param = 0.01) {
  switch (a) {
    case Activation::None: return x;
    case Activation::ReLU: return x > 0 ? x : 0;
    case Activation::LeakyReLU: return x >= 0 ? x : param * x;
    case Activation::Sigmoid: return 1.0 / (1.0 + std::exp(-x));
    case Activation::Tanh: return std::tanh(x);
    case Activation::GELU: return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0)));
  }
  return x;
}

inline float activate(Activation a, float x, float param) {
  switch (a) {
    case Activation::None: return x;
    case Activation::ReLU: return x > 0.f ? x : 0.f;
    case Activation::LeakyReLU: return x >= 0.f ? x : param * x;
    case Activation::Sigmoid: return 1.f / (1.f + std::exp(-x));
    case Activation::Tanh: return std::tanh(x);
    case Activation::GELU: return 0.5f * x * (1.f + std::erf(x * 0.70710678f));
  }
  return x;
}

std::string_view activation_name(Activation a);

}  // namespace strata
