#pragma once
// SPIR-V of every shaders/*.comp, compiled by glslang at build time and
// embedded by cmake/SpirvToCpp.cmake (the definition is generated).
#include <cstdint>
#include <span>
#include <string_view>

namespace strata::shaders {
// The words of shaders/<name>.comp, or an empty span if there is no such shader.
std::span<const uint32_t> find(std::string_view name);
}  // namespace strata::shaders
