#include "data/idx.h"

#include <zlib.h>

#include <memory>
#include <vector>

#include "core/error.h"

namespace strata {
namespace {

// The whole (decompressed) file; gzread reads plain files as they are.
std::vector<unsigned char> read_all(const std::string& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) throw Error(path + ": cannot open the file");
  std::unique_ptr<gzFile_s, int (*)(gzFile)> guard(f, gzclose);
  std::vector<unsigned char> out;
  unsigned char buf[1 << 16];
  for (;;) {
    const int n = gzread(f, buf, sizeof buf);
    if (n < 0) throw Error(path + ": the compressed data is damaged");
    if (n == 0) break;
    out.insert(out.end(), buf, buf + n);
  }
  return out;
}

uint32_t be32(const std::vector<unsigned char>& d, size_t at) {
  return uint32_t(d[at]) << 24 | uint32_t(d[at + 1]) << 16 | uint32_t(d[at + 2]) << 8 | d[at + 3];
}

// Magic 0x00000800 | rank: unsigned bytes. Returns the dimensions.
std::vector<uint32_t> header(const std::vector<unsigned char>& d, const std::string& path, uint32_t rank) {
  if (d.size() < 4) throw Error(path + ": truncated header (" + std::to_string(d.size()) + " bytes)");
  const uint32_t magic = be32(d, 0);
  if (magic != (0x800u | rank))
    throw Error(path + ": not an IDX file of unsigned bytes with " + std::to_string(rank) + " dimensions (magic 0x" +
                [&] {
                  char b[16];
                  std::snprintf(b, sizeof b, "%08x", magic);
                  return std::string(b);
                }() + ")");
  if (d.size() < 4 + 4 * rank) throw Error(path + ": truncated header (" + std::to_string(d.size()) + " bytes)");
  std::vector<uint32_t> dims;
  size_t total = 1;
  for (uint32_t i = 0; i < rank; ++i) {
    dims.push_back(be32(d, 4 + 4 * i));
    total *= dims.back();
  }
  const size_t need = 4 + 4 * rank + total;
  if (d.size() < need)
    throw Error(path + ": truncated: the header promises " + std::to_string(total) + " values, the file holds " +
                std::to_string(d.size() - (4 + 4 * rank)));
  return dims;
}

}  // namespace

Dataset load_idx(const std::string& images, const std::string& labels, int64_t limit, int64_t classes) {
  const auto img = read_all(images);
  const auto lab = read_all(labels);
  const auto id = header(img, images, 3);
  const auto ld = header(lab, labels, 1);
  if (id[0] != ld[0])
    throw Error(images + ": " + std::to_string(id[0]) + " images but " + labels + " has " + std::to_string(ld[0]) +
                " labels");
  int64_t n = id[0];
  if (limit > 0 && limit < n) n = limit;
  Dataset d;
  d.name = images;
  d.sample_shape = {1, int64_t(id[1]), int64_t(id[2])};
  d.labels = LabelKind::ClassIndex;
  d.classes = classes;
  const size_t per = size_t(id[1]) * id[2];
  d.x.resize(size_t(n) * per);
  d.y.resize(size_t(n));
  const unsigned char* px = img.data() + 16;
  for (size_t i = 0; i < d.x.size(); ++i) d.x[i] = float(px[i]);  // raw: the preprocessing scales
  for (int64_t i = 0; i < n; ++i) {
    const int v = lab[8 + size_t(i)];
    if (v >= classes)
      throw Error(labels + ": label " + std::to_string(v) + " of sample " + std::to_string(i) + " is not below " +
                  std::to_string(classes) + " classes");
    d.y[size_t(i)] = float(v);
  }
  return d;
}

}  // namespace strata
