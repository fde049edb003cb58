#pragma once
// Trained weights in the formats other tools read, named "<layer>.<role>"
// (conv2d_1.weight, lstm_1.weight_ih, batch_normalization_1.running_mean):
//  - safetensors: little-endian u64 header length, a JSON header mapping each
//    name to {dtype F32, shape, data_offsets}, then the raw data;
//  - NumPy .npz: a zip archive of one float32 <name>.npy per tensor.
// Both are built in memory and written atomically by the caller.
#include <map>
#include <string>

#include "train/checkpoint.h"

namespace strata {

using WeightMap = std::map<std::string, NamedArray>;

std::string safetensors_bytes(const WeightMap& weights, const std::map<std::string, std::string>& metadata = {});
std::string npz_bytes(const WeightMap& weights);

// Reads weights back (for import into a graph whose layers match): throws
// naming the file for a damaged or truncated file or an unsupported dtype.
WeightMap read_safetensors(const std::string& path);
WeightMap read_npz(const std::string& path);

}  // namespace strata
