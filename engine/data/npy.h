#pragma once
// NumPy .npy files of float32 arrays (format 1.0/2.0, C order): read for
// `strata predict`, written for its outputs and by the .npz exporter.
#include <string>
#include <vector>

#include "core/shape.h"

namespace strata {

struct NpyArray {
  Shape shape;
  std::vector<float> values;
};

// Accepts little-endian float32, float64, integers of 1 to 8 bytes (signed or
// not) and booleans, converted to float32 (raw pixels are often uint8); throws
// naming the file for anything else (another dtype, Fortran order, a
// truncated file).
NpyArray read_npy(const std::string& path);
// The same from bytes in memory; `name` is used in messages.
NpyArray parse_npy(const std::string& bytes, const std::string& name);
// The bytes of a .npy file holding `a` as float32.
std::string npy_bytes(const NpyArray& a);

}  // namespace strata
