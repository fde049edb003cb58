#pragma once
// Image augmentation on the CPU: random horizontal flip, shift, rotation,
// zoom and pad-and-crop of [channels, height, width] samples, applied while
// batches are gathered (data/batch_loader.h). Each sample's transform is drawn
// from (seed, epoch, position in the epoch), so results do not depend on
// threads and a resumed run repeats them.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "core/shape.h"

namespace strata {

struct AugmentConfig {
  bool flip = false;        // mirror left-right with probability 1/2
  double shift = 0;         // up to this fraction of the size, each axis
  double rotation = 0;      // up to this many degrees either way
  double zoom = 0;          // scale in [1 - zoom, 1 + zoom]
  int64_t crop_padding = 0;  // pad by this many zero pixels, crop back at a random offset
  bool enabled() const { return flip || shift > 0 || rotation > 0 || zoom > 0 || crop_padding > 0; }
};

AugmentConfig augment_from_json(const nlohmann::json& j, const std::string& where);
nlohmann::json augment_to_json(const AugmentConfig& a);

// Transforms one sample in place; `scratch` is reused between calls.
void augment_sample(const AugmentConfig& a, const Shape& shape, float* sample, std::mt19937_64& rng,
                    std::vector<float>& scratch);

}  // namespace strata
