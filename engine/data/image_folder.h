#pragma once
// Image folders: one subfolder per class (sorted names give the class
// indices), PNG and JPEG files inside (decoded with Debian's libpng and
// libjpeg). Every image is converted to `channels` (1: grey, 3: RGB) and
// resized bilinearly to height x width; samples are [channels, height, width],
// raw pixels from 0 to 255 (the dataset's preprocessing scales them). Without
// a size, the training images' own size is used (the most common one when
// they differ).
#include <string>
#include <vector>

#include "data/dataset.h"

namespace strata {

struct ImageFolderOptions {
  int64_t channels = 3, height = 0, width = 0;  // 0: the images' own size (filled in by the training folder)
  std::vector<std::string> classes;             // filled from the training folder when empty
};

// Throws naming the file for an unreadable or damaged image and the folder
// for a class the training data does not have. `notes` (if given) receives
// what the user should know: the size chosen for them, class folders with no
// images.
Dataset load_image_folder(const std::string& dir, ImageFolderOptions& o, int64_t limit = 0,
                          std::vector<std::string>* notes = nullptr);

// Whether a file name ends in .png, .jpg or .jpeg (any case).
bool is_image_file(const std::string& path);
// One image file as a sample: decoded to `channels`, resized to height x
// width, [channels, height, width] raw pixels from 0 to 255 appended to `out`.
void read_image_sample(const std::string& path, int64_t channels, int64_t height, int64_t width, std::vector<float>& out);

// One decoded image, interleaved 8-bit pixels (exposed for tests).
struct Image {
  int64_t width = 0, height = 0, channels = 0;
  std::vector<unsigned char> pixels;
};
Image decode_image(const std::string& path, int64_t channels);
// An image file's width and height from its header, without decoding it.
std::pair<int64_t, int64_t> image_size(const std::string& path);

}  // namespace strata
