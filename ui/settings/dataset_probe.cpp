#include "settings/dataset_probe.h"

#include <QCoreApplication>
#include <algorithm>
#include <random>

#include "data/dataset_config.h"

namespace strata::ui {

QString DatasetProbe::class_name(int64_t c) const {
  if (c >= 0 && size_t(c) < class_names.size() && !class_names[size_t(c)].empty())
    return QString::fromStdString(class_names[size_t(c)]);
  return QString::number(c);
}

DatasetProbe probe_dataset(const nlohmann::json& config, const std::string& base_dir, int preview) {
  DatasetProbe p;
  try {
    const LoadedData data = load_dataset(config, base_dir, {}, "dataset");
    const Dataset& train = data.train;
    p.sample_shape = train.sample_shape;
    p.labels = train.labels;
    p.label_shape = train.label_shape;
    p.train_size = train.size();
    p.test_size = data.test ? data.test->size() : 0;
    p.classes = train.classes;
    p.class_names = train.class_names;
    p.notes = data.notes;
    if (train.labels == LabelKind::ClassIndex && train.classes > 0) {
      auto count = [&](const Dataset& d, std::vector<int64_t>& out) {
        out.assign(size_t(d.classes), 0);
        for (float y : d.y)
          if (y >= 0 && int64_t(y) < d.classes) ++out[size_t(y)];
      };
      count(train, p.train_counts);
      if (data.test) count(*data.test, p.test_counts);
    }
    const int64_t n = std::min<int64_t>(preview, train.size()), per = train.sample_size();
    for (int64_t i = 0; i < n; ++i) {
      p.samples.emplace_back(train.x.begin() + i * per, train.x.begin() + (i + 1) * per);
      p.sample_labels.push_back(train.y[size_t(i * train.label_size())]);
    }
  } catch (const std::exception& e) {
    p.error = QString::fromStdString(e.what());
  }
  return p;
}

QImage sample_image(const std::vector<float>& v, const Shape& s) {
  if (s.size() != 3 || (s[0] != 1 && s[0] != 3) || int64_t(v.size()) != numel(s)) return {};
  const int c = int(s[0]), h = int(s[1]), w = int(s[2]);
  const auto [lo_it, hi_it] = std::minmax_element(v.begin(), v.end());
  const float lo = *lo_it, range = std::max(*hi_it - lo, 1e-12f);
  QImage img(w, h, QImage::Format_RGB32);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      auto at = [&](int ch) { return int(std::clamp((v[size_t((ch * h + y) * w + x)] - lo) / range, 0.f, 1.f) * 255.f + 0.5f); };
      const int r = at(0), g = c == 3 ? at(1) : r, b = c == 3 ? at(2) : r;
      img.setPixel(x, y, qRgb(r, g, b));
    }
  return img;
}

std::vector<QImage> augmented_images(const std::vector<float>& sample, const Shape& shape, const AugmentConfig& augment,
                                     int count) {
  std::vector<QImage> out;
  std::vector<float> scratch;
  for (int i = 0; i < count; ++i) {
    std::mt19937_64 rng(uint64_t(i) * 7919 + 17);
    std::vector<float> x = sample;
    augment_sample(augment, shape, x.data(), rng, scratch);
    out.push_back(sample_image(x, shape));
  }
  return out;
}

}  // namespace strata::ui
