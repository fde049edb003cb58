#include "ops/activation.h"

#include <string>

#include "core/error.h"

namespace strata {

std::string_view activation_name(Activation a) {
  switch (a) {
    case Activation::None: return "none";
    case Activation::ReLU: return "relu";
    case Activation::LeakyReLU: return "leaky_relu";
    case Activation::Sigmoid: return "sigmoid";
    case Activation::Tanh: return "tanh";
    case Activation::GELU: return "gelu";
  }
  return "?";
}

Activation activation_from_name(std::string_view name) {
  for (uint32_t i = 0; i <= uint32_t(Activation::GELU); ++i)
    if (activation_name(Activation(i)) == name) return Activation(i);
  throw Error("unknown activation '" + std::string(name) + "' (none, relu, leaky_relu, sigmoid, tanh, gelu)");
}

}  // namespace strata
