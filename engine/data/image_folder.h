#pragma once
// Image folders: one subfolder per class (sorted names give the class
// indices), PNG and JPEG files inside (decoded with Debian's libpng and
// libjpeg). Every image is converted to `channels` (1: grey, 3: RGB) and
// resized bilinearly to height x width; samples are [channels, height, width]
// in [0, 1].
#include <string>
#include <vector>

#include "data/dataset.h"

namespace strata {

struct ImageFolderOptions {
  int64_t channels = 3, height = 32, width = 32;
  std::vector<std::string> classes;  // filled from the training folder when empty
};

// Throws naming the file for an unreadable or damaged image and the folder
// for a class the training data does not have.
Dataset load_image_folder(const std::string& dir, ImageFolderOptions& o, int64_t limit = 0);

// One decoded image, interleaved 8-bit pixels (exposed for tests).
struct Image {
  int64_t width = 0, height = 0, channels = 0;
  std::vector<unsigned char> pixels;
};
Image decode_image(const std::string& path, int64_t channels);

}  // namespace strata
