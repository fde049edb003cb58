#include "data/image_folder.h"

#include <jpeglib.h>
#include <png.h>

#include <algorithm>
#include <csetjmp>
#include <cstdio>
#include <filesystem>
#include <map>

#include "core/error.h"

namespace strata {
namespace fs = std::filesystem;

namespace {

std::string extension(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return ext;
}

// A header may claim any size (PNG up to 2^31 pixels a side, JPEG 65,500): a
// few hundred damaged bytes must not make Strata allocate gigabytes. 2^28
// pixels (16384 x 16384) is far above any training image.
constexpr int64_t kMaxImagePixels = int64_t(1) << 28;

void check_image_size(const std::string& path, int64_t width, int64_t height) {
  if (width <= 0 || height <= 0 || width * height > kMaxImagePixels)
    throw Error(path + ": the image claims to be " + std::to_string(width) + " x " + std::to_string(height) +
                " pixels; Strata reads images of at most " + std::to_string(kMaxImagePixels) + " pixels (16384 x 16384)");
}

// libjpeg's warnings (corrupt data it recovered from) would go to stderr:
// the reader accepts what it could decode, as image viewers do, silently.
void jpeg_quiet(j_common_ptr) {}

Image decode_png(const std::string& path, int64_t channels) {
  png_image img{};
  img.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&img, path.c_str()))
    throw Error(path + ": not a readable PNG (" + std::string(img.message) + ")");
  try {
    check_image_size(path, img.width, img.height);
  } catch (...) {
    png_image_free(&img);
    throw;
  }
  img.format = channels == 1 ? PNG_FORMAT_GRAY : PNG_FORMAT_RGB;
  Image out{img.width, img.height, channels, {}};
  out.pixels.resize(PNG_IMAGE_SIZE(img));
  if (!png_image_finish_read(&img, nullptr, out.pixels.data(), 0, nullptr)) {
    const std::string why = img.message;
    png_image_free(&img);
    throw Error(path + ": damaged PNG (" + why + ")");
  }
  return out;
}

struct JpegError {
  jpeg_error_mgr mgr;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

void jpeg_fail(j_common_ptr cinfo) {
  auto* e = reinterpret_cast<JpegError*>(cinfo->err);
  (*cinfo->err->format_message)(cinfo, e->message);
  std::longjmp(e->jump, 1);
}

std::pair<int64_t, int64_t> jpeg_size(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw Error(path + ": cannot open the file");
  jpeg_decompress_struct cinfo{};
  JpegError err{};
  cinfo.err = jpeg_std_error(&err.mgr);
  err.mgr.error_exit = jpeg_fail;
  err.mgr.output_message = jpeg_quiet;
  if (setjmp(err.jump)) {
    jpeg_destroy_decompress(&cinfo);
    std::fclose(f);
    throw Error(path + ": damaged JPEG (" + std::string(err.message) + ")");
  }
  jpeg_create_decompress(&cinfo);
  jpeg_stdio_src(&cinfo, f);
  jpeg_read_header(&cinfo, TRUE);
  const int64_t h = cinfo.image_height, w = cinfo.image_width;
  jpeg_destroy_decompress(&cinfo);
  std::fclose(f);
  return {h, w};
}

Image decode_jpeg(const std::string& path, int64_t channels) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw Error(path + ": cannot open the file");
  jpeg_decompress_struct cinfo{};
  JpegError err{};
  cinfo.err = jpeg_std_error(&err.mgr);
  err.mgr.error_exit = jpeg_fail;
  err.mgr.output_message = jpeg_quiet;
  Image out;
  std::vector<unsigned char>* pixels = &out.pixels;  // no C++ objects constructed after setjmp
  if (setjmp(err.jump)) {
    jpeg_destroy_decompress(&cinfo);
    std::fclose(f);
    throw Error(path + ": damaged JPEG (" + std::string(err.message) + ")");
  }
  jpeg_create_decompress(&cinfo);
  jpeg_stdio_src(&cinfo, f);
  jpeg_read_header(&cinfo, TRUE);
  if (int64_t(cinfo.image_width) * int64_t(cinfo.image_height) > kMaxImagePixels) {
    const int64_t w = cinfo.image_width, h = cinfo.image_height;
    jpeg_destroy_decompress(&cinfo);
    std::fclose(f);
    check_image_size(path, w, h);
  }
  cinfo.out_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_start_decompress(&cinfo);
  out.width = cinfo.output_width, out.height = cinfo.output_height, out.channels = channels;
  pixels->resize(size_t(out.width * out.height * channels));
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW row = pixels->data() + size_t(cinfo.output_scanline) * size_t(out.width * channels);
    jpeg_read_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  std::fclose(f);
  return out;
}

// Bilinear resize into planar floats, raw pixel values from 0 to 255.
void resize_into(const Image& img, int64_t H, int64_t W, float* out) {
  const int64_t C = img.channels;
  for (int64_t y = 0; y < H; ++y) {
    const double sy = std::clamp((double(y) + 0.5) * double(img.height) / double(H) - 0.5, 0.0, double(img.height - 1));
    const int64_t y0 = int64_t(sy), y1 = std::min(y0 + 1, img.height - 1);
    const double fy = sy - double(y0);
    for (int64_t x = 0; x < W; ++x) {
      const double sx = std::clamp((double(x) + 0.5) * double(img.width) / double(W) - 0.5, 0.0, double(img.width - 1));
      const int64_t x0 = int64_t(sx), x1 = std::min(x0 + 1, img.width - 1);
      const double fx = sx - double(x0);
      for (int64_t c = 0; c < C; ++c) {
        auto px = [&](int64_t yy, int64_t xx) { return double(img.pixels[size_t((yy * img.width + xx) * C + c)]); };
        const double v = (px(y0, x0) * (1 - fx) + px(y0, x1) * fx) * (1 - fy) + (px(y1, x0) * (1 - fx) + px(y1, x1) * fx) * fy;
        out[(c * H + y) * W + x] = float(v);
      }
    }
  }
}

}  // namespace

Image decode_image(const std::string& path, int64_t channels) {
  if (channels != 1 && channels != 3) throw Error(path + ": channels must be 1 or 3");
  if (extension(path) == ".png") return decode_png(path, channels);
  if (is_image_file(path)) return decode_jpeg(path, channels);
  throw Error(path + ": not a PNG or JPEG file");
}

std::pair<int64_t, int64_t> image_size(const std::string& path) {
  if (extension(path) == ".png") {
    png_image img{};
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&img, path.c_str()))
      throw Error(path + ": not a readable PNG (" + std::string(img.message) + ")");
    const std::pair<int64_t, int64_t> size{img.height, img.width};
    png_image_free(&img);
    return size;
  }
  if (is_image_file(path)) return jpeg_size(path);
  throw Error(path + ": not a PNG or JPEG file");
}

bool is_image_file(const std::string& path) {
  const std::string ext = extension(path);
  return ext == ".png" || ext == ".jpg" || ext == ".jpeg";
}

void read_image_sample(const std::string& path, int64_t channels, int64_t height, int64_t width, std::vector<float>& out) {
  const Image img = decode_image(path, channels);
  const size_t per = size_t(channels * height * width);
  out.resize(out.size() + per);
  resize_into(img, height, width, out.data() + out.size() - per);
}

namespace {

// The size to resize to when the project names none: the images' own, or the
// most common one when they differ (first seen wins a tie), said in a note.
void choose_size(const std::string& dir, const std::vector<std::pair<std::string, int64_t>>& files, ImageFolderOptions& o,
                 std::vector<std::string>* notes) {
  std::map<std::pair<int64_t, int64_t>, int64_t> counts;
  std::vector<std::pair<int64_t, int64_t>> order;
  for (const auto& [file, cls] : files) {
    const auto size = image_size(file);
    if (counts[size]++ == 0) order.push_back(size);
  }
  auto best = order.front();
  for (const auto& s : order)
    if (counts[s] > counts[best]) best = s;
  o.height = best.first, o.width = best.second;
  const std::string hw = std::to_string(o.height) + "x" + std::to_string(o.width);
  if (!notes) return;
  if (order.size() == 1)
    notes->push_back(dir + ": images are " + hw + " (height x width); samples keep that size (set dataset.size to resize)");
  else
    notes->push_back(dir + ": images come in " + std::to_string(order.size()) + " sizes; all are resized to " + hw +
                     " (height x width), the most common (set dataset.size to choose another)");
}

}  // namespace

Dataset load_image_folder(const std::string& dir, ImageFolderOptions& o, int64_t limit, std::vector<std::string>* notes) {
  if (!fs::is_directory(dir)) throw Error(dir + ": not a folder");
  std::vector<std::string> found;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_directory()) found.push_back(e.path().filename().string());
  std::sort(found.begin(), found.end());
  if (found.empty()) throw Error(dir + ": no class subfolders (one folder per class is expected)");
  if (o.classes.empty()) o.classes = found;
  std::vector<std::pair<std::string, int64_t>> files;  // path, class index
  for (const auto& cls : found) {
    const auto it = std::find(o.classes.begin(), o.classes.end(), cls);
    if (it == o.classes.end()) throw Error(dir + "/" + cls + ": a class the training data does not have");
    std::vector<std::string> images;
    for (const auto& e : fs::directory_iterator(fs::path(dir) / cls))
      if (e.is_regular_file() && is_image_file(e.path().string())) images.push_back(e.path().string());  // not READMEs
    std::sort(images.begin(), images.end());
    if (images.empty() && notes)
      notes->push_back(dir + "/" + cls + ": no PNG or JPEG images, so class '" + cls + "' has no samples here");
    for (auto& f : images) files.emplace_back(std::move(f), it - o.classes.begin());
  }
  if (files.empty()) throw Error(dir + ": no PNG or JPEG images");
  if (o.height == 0 || o.width == 0) choose_size(dir, files, o, notes);
  Dataset d;
  d.name = dir;
  d.sample_shape = {o.channels, o.height, o.width};
  d.classes = int64_t(o.classes.size());
  d.class_names = o.classes;
  d.x.reserve(files.size() * size_t(o.channels * o.height * o.width));
  for (const auto& [file, cls] : files) {
    read_image_sample(file, o.channels, o.height, o.width, d.x);
    d.y.push_back(float(cls));
  }
  if (limit > 0 && limit < d.size()) {  // classes are stored one after another: mix them first
    d.shuffle(0);
    d.truncate(limit);
  }
  return d;
}

}  // namespace strata
