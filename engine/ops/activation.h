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

// d activate(x) / dx in double precision (at 0, ReLU's derivative is taken as 0
// and LeakyReLU's as 1, as PyTorch does).
inline double activation_derivative(Activation a, double x, double param = 0.01) {
  switch (a) {
    case Activation::None: return 1;
    case Activation::ReLU: return x > 0 ? 1 : 0;
    case Activation::LeakyReLU: return x >= 0 ? 1 : param;
    case Activation::Sigmoid: {
      const double s = 1.0 / (1.0 + std::exp(-x));
      return s * (1 - s);
    }
    case Activation::Tanh: {
      const double t = std::tanh(x);
      return 1 - t * t;
    }
    case Activation::GELU: {
      const double cdf = 0.5 * (1.0 + std::erf(x / std::sqrt(2.0)));
      const double pdf = std::exp(-0.5 * x * x) / std::sqrt(2.0 * M_PI);
      return cdf + x * pdf;
    }
  }
  return 1;
}

inline float activation_derivative(Activation a, float x, float y, float param) {
  switch (a) {
    case Activation::None: return 1.f;
    case Activation::ReLU: return x > 0.f ? 1.f : 0.f;
    case Activation::LeakyReLU: return x >= 0.f ? 1.f : param;
    case Activation::Sigmoid: return y * (1.f - y);
    case Activation::Tanh: return 1.f - y * y;
    case Activation::GELU: {
      const float cdf = 0.5f * (1.f + std::erf(x * 0.70710678f));
      return cdf + x * 0.39894228f * std::exp(-0.5f * x * x);
    }
  }
  return 1.f;
}

// True when act'(x) can be computed from the output y alone, so a layer with
// this activation fused need not keep its pre-activation values (GELU cannot;
// LeakyReLU only with a positive slope, where the sign of y is that of x).
inline bool derivative_from_output(Activation a, float param) {
  return a != Activation::GELU && !(a == Activation::LeakyReLU && !(param > 0.f));
}

std::string_view activation_name(Activation a);
// Throws strata::Error for a value that is not an Activation.
Activation activation_from_name(std::string_view name);

}  // namespace strata
