#include "data/cifar.h"

#include <fstream>
#include <algorithm>

#include "core/error.h"

namespace strata {

Dataset load_cifar10(const std::vector<std::string>& files, int64_t limit) {
  constexpr size_t kPixels = 3 * 32 * 32, kRecord = kPixels + 1;
  Dataset d;
  d.name = files.empty() ? "cifar10" : files[0];
  d.sample_shape = {3, 32, 32};
  d.classes = 10;
  d.class_names = {"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"};
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) throw Error(f + ": cannot open the file");
    in.seekg(0, std::ios::end);
    std::vector<unsigned char> bytes(size_t(std::max<std::streamoff>(in.tellg(), 0)));
    in.seekg(0);
    if (!in.read(reinterpret_cast<char*>(bytes.data()), std::streamsize(bytes.size())))
      throw Error(f + ": cannot read the file");
    if (bytes.empty() || bytes.size() % kRecord != 0)
      throw Error(f + ": " + std::to_string(bytes.size()) + " bytes is not a whole number of " + std::to_string(kRecord) +
                  "-byte CIFAR-10 records (record " + std::to_string(bytes.size() / kRecord + 1) + " is truncated)");
    for (size_t r = 0; r < bytes.size() / kRecord; ++r) {
      if (limit > 0 && d.size() >= limit) return d;
      const unsigned char* rec = bytes.data() + r * kRecord;
      if (rec[0] > 9) throw Error(f + ": record " + std::to_string(r + 1) + " has label " + std::to_string(rec[0]) + " (0-9 expected)");
      d.y.push_back(float(rec[0]));
      for (size_t i = 0; i < kPixels; ++i) d.x.push_back(float(rec[1 + i]));  // raw: the preprocessing scales
    }
  }
  if (d.size() == 0) throw Error(d.name + ": no records");
  return d;
}

}  // namespace strata
