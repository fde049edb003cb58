#include "data/raw_input.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "data/csv_reader.h"
#include "data/image_folder.h"
#include "data/npy.h"
#include "data/table.h"

namespace strata {
namespace fs = std::filesystem;

namespace {

bool ends_with(const std::string& s, const char* ext) {
  const std::string e(ext);
  if (s.size() < e.size()) return false;
  return std::equal(e.begin(), e.end(), s.end() - long(e.size()), [](char a, char b) { return std::tolower(a) == b; });
}

// An array with no samples is refused before its shape is judged.
NpyArray read_samples_npy(const std::string& path) {
  NpyArray a = read_npy(path);
  if (!a.shape.empty() && a.shape[0] == 0) throw Error(path + ": no samples (shape " + to_string(a.shape) + ")");
  return a;
}

RawSamples from_array(NpyArray a) {
  RawSamples r;
  r.count = a.shape.empty() ? 0 : a.shape[0];
  r.values = std::move(a.values);
  return r;
}

// Images in a .npy: channels first, channels last, or no channel axis for grey.
RawSamples image_array(const std::string& path, const Shape& s) {
  NpyArray a = read_samples_npy(path);
  const int64_t C = s[0], H = s[1], W = s[2];
  const Shape& x = a.shape;
  if (x.size() == 4 && x[1] == C && x[2] == H && x[3] == W) return from_array(std::move(a));
  if (x.size() == 3 && C == 1 && x[1] == H && x[2] == W) return from_array(std::move(a));
  if (x.size() == 4 && x[1] == H && x[2] == W && x[3] == C) {  // [n, h, w, c]: to [n, c, h, w]
    RawSamples r;
    r.count = x[0];
    r.values.resize(a.values.size());
    for (int64_t n = 0; n < x[0]; ++n)
      for (int64_t i = 0; i < H * W; ++i)
        for (int64_t c = 0; c < C; ++c) r.values[size_t((n * C + c) * H * W + i)] = a.values[size_t((n * H * W + i) * C + c)];
    return r;
  }
  throw Error(path + ": shape " + to_string(x) + " is not a batch of " + to_string(s) +
              " images ([n, channels, height, width], or [n, height, width, channels]), pixels from 0 to 255");
}

RawSamples images(const std::string& path, const Preprocessing& p) {
  const Shape& s = p.sample_shape;
  if (ends_with(path, ".npy")) return image_array(path, s);
  std::vector<std::string> files;
  if (fs::is_directory(path)) {
    for (const auto& e : fs::recursive_directory_iterator(path))
      if (e.is_regular_file() && is_image_file(e.path().string())) files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    if (files.empty()) throw Error(path + ": no PNG or JPEG images in this folder");
  } else if (is_image_file(path)) {
    files.push_back(path);
  } else {
    throw Error(path + ": not a PNG or JPEG image, a folder of them, or a .npy of pixels");
  }
  RawSamples r;
  for (const auto& f : files) read_image_sample(f, s[0], s[1], s[2], r.values);
  r.count = int64_t(files.size());
  r.names = files;
  return r;
}

RawSamples features(const std::string& path, const Preprocessing& p) {
  const int64_t F = numel(p.sample_shape);
  if (ends_with(path, ".npy")) {
    NpyArray a = read_samples_npy(path);
    if (a.shape.empty() || (a.shape.size() == 1 ? F != 1 : numel(a.shape) / a.shape[0] != F))
      throw Error(path + ": shape " + to_string(a.shape) + " is not rows of " + std::to_string(F) + " features");
    return from_array(std::move(a));
  }
  const CsvTable t = read_csv(path);
  // Every header field a number: no header, the rows are the features in order.
  bool numeric = true;
  float v;
  for (const auto& h : t.header) numeric = numeric && parse_number(h, v);
  std::vector<CsvRow> rows = t.rows;
  std::vector<size_t> cols;
  if (numeric) {
    if (int64_t(t.header.size()) != F)
      throw Error(path + ":1: " + std::to_string(t.header.size()) + " values, the run takes " + std::to_string(F) +
                  " features (or give a header row naming them)");
    rows.insert(rows.begin(), CsvRow{1, t.header});
    for (size_t k = 0; k < size_t(F); ++k) cols.push_back(k);
  } else {
    for (const auto& name : p.features) cols.push_back(t.column(name, path));
  }
  RawSamples r;
  for (const auto& row : rows) {
    for (size_t c : cols) {
      if (!parse_number(row.fields[c], v))
        throw Error(path + ":" + std::to_string(row.line) + ": column " +
                    (numeric ? std::to_string(c + 1) : "'" + t.header[c] + "'") + ": '" + row.fields[c] + "' is not a number");
      r.values.push_back(v);
    }
    ++r.count;
  }
  return r;
}

RawSamples texts(const std::string& path, const Preprocessing& p) {
  if (ends_with(path, ".npy")) return read_preprocessed_samples(path, p.sample_shape);  // token ids
  RawSamples r;
  auto add = [&](const std::string& text) {
    const auto ids = p.encode(text);
    r.values.insert(r.values.end(), ids.begin(), ids.end());
    ++r.count;
  };
  if (ends_with(path, ".csv")) {
    const CsvTable t = read_csv(path);
    const size_t col = t.column(p.text_column, path);
    for (const auto& row : t.rows) add(row.fields[col]);
    return r;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open the file");
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") != std::string::npos) add(line);
  }
  return r;
}

void require_samples(const std::string& path, const RawSamples& r) {
  if (r.count == 0) throw Error(path + ": no samples");
}

}  // namespace

RawSamples read_raw_samples(const std::string& path, const Preprocessing& p) {
  if (!fs::exists(path)) throw Error(path + ": no such file or folder");
  RawSamples r = p.input == Preprocessing::Input::Image    ? images(path, p)
                 : p.input == Preprocessing::Input::Tokens ? texts(path, p)
                                                           : features(path, p);
  require_samples(path, r);
  return r;
}

RawSamples read_preprocessed_samples(const std::string& path, const Shape& sample_shape) {
  NpyArray a = read_samples_npy(path);
  const int64_t per = numel(sample_shape);
  if (a.shape.empty() || numel(a.shape) / a.shape[0] != per)
    throw Error(path + ": shape " + to_string(a.shape) + " is not a batch of samples with " + std::to_string(per) +
                " values each (the model's input is " + to_string(sample_shape) + ")");
  RawSamples r = from_array(std::move(a));
  require_samples(path, r);
  return r;
}

}  // namespace strata
