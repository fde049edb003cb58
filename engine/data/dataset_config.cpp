#include "data/dataset_config.h"

#include <set>

#include "core/error.h"
#include "data/cifar.h"
#include "data/idx.h"
#include "data/image_folder.h"
#include "data/preprocessing.h"
#include "data/table.h"
#include "data/text.h"

namespace strata {
namespace {

const char* kFashionNames[] = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                               "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};

// Typed access to the section's fields; every error names where.field, and
// fields nobody asked for are reported as unknown.
class Fields {
 public:
  Fields(const nlohmann::json& j, std::string where, std::string base) : j_(j), where_(std::move(where)), base_(std::move(base)) {}
  std::string text(const char* key, const std::string& fallback = {}, bool required = false) {
    seen_.insert(key);
    if (!j_.contains(key)) {
      if (required) throw Error(where_ + "." + key + ": missing");
      return fallback;
    }
    if (!j_[key].is_string()) throw Error(where_ + "." + key + ": must be text");
    return j_[key];
  }
  std::string path(const char* key, const std::string& fallback = {}, bool required = false) {
    const std::string p = text(key, fallback, required);
    return p.empty() || p[0] == '/' || base_.empty() ? p : base_ + "/" + p;
  }
  int64_t integer(const char* key, int64_t fallback, int64_t min, int64_t max) {
    seen_.insert(key);
    if (!j_.contains(key)) return fallback;
    if (!j_[key].is_number_integer() || j_[key].get<int64_t>() < min || j_[key].get<int64_t>() > max)
      throw Error(where_ + "." + key + ": must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
    return j_[key];
  }
  double number(const char* key, double fallback, double min, double max) {
    seen_.insert(key);
    if (!j_.contains(key)) return fallback;
    if (!j_[key].is_number() || j_[key].get<double>() < min || j_[key].get<double>() > max)
      throw Error(where_ + "." + key + ": must be a number from " + std::to_string(min) + " to " + std::to_string(max));
    return j_[key];
  }
  bool flag(const char* key, bool fallback) {
    seen_.insert(key);
    if (!j_.contains(key)) return fallback;
    if (!j_[key].is_boolean()) throw Error(where_ + "." + key + ": must be true or false");
    return j_[key];
  }
  std::vector<std::string> texts(const char* key, std::vector<std::string> fallback = {}) {
    seen_.insert(key);
    if (!j_.contains(key)) return fallback;
    if (!j_[key].is_array()) throw Error(where_ + "." + key + ": must be a list of texts");
    std::vector<std::string> out;
    for (const auto& v : j_[key]) {
      if (!v.is_string()) throw Error(where_ + "." + key + ": must be a list of texts");
      out.push_back(v);
    }
    return out;
  }
  const nlohmann::json* object(const char* key) {
    seen_.insert(key);
    return j_.contains(key) ? &j_[key] : nullptr;
  }
  std::string resolve(const std::string& p) const { return p.empty() || p[0] == '/' || base_.empty() ? p : base_ + "/" + p; }
  void reject_unknown(const std::string& kind) const {
    for (const auto& [k, v] : j_.items())
      if (!seen_.count(k)) throw Error(where_ + "." + k + ": unknown field for kind '" + kind + "'");
  }
  const std::string& where() const { return where_; }

 private:
  const nlohmann::json& j_;
  std::string where_, base_;
  std::set<std::string> seen_;
};

}  // namespace

namespace {

// Images are read as pixels from 0 to 255 and scaled to [0, 1] by the preprocessing.
void pixels_to_unit_range(Preprocessing& p, const Shape& sample_shape) {
  p.input = Preprocessing::Input::Image;
  p.mean.assign(size_t(sample_shape[0]), 0.0);
  p.stddev.assign(size_t(sample_shape[0]), 255.0);
}

std::vector<double> numbers(const nlohmann::json& j, const char* key, const std::string& at) {
  try {
    return j.at(key).get<std::vector<double>>();
  } catch (const std::exception&) {
    throw Error(at + ": mean and std must be lists of numbers");
  }
}

}  // namespace

LoadedData load_dataset(const nlohmann::json& c, const std::string& base, const DataLimits& limits,
                        const std::string& where) {
  if (!c.is_object() || !c.contains("kind"))
    throw Error(where + ": needs a \"kind\" (fashion_mnist, idx, cifar10, csv, image_folder, text_csv)");
  Fields f(c, where, base);
  const std::string kind = f.text("kind");
  LoadedData out;
  Preprocessing& pre = out.preprocessing;
  const double test_split = f.number("test_split", 0.0, 0.0, 0.9);
  if (const auto* a = f.object("augment")) out.augment = augment_from_json(*a, where + ".augment");
  const bool has_test = c.contains("test") || c.contains("test_images") || c.contains("test_files");

  // Each kind reads raw samples and sets what its preprocessing starts from;
  // the statistics are applied to every split below.
  if (kind == "fashion_mnist" || kind == "idx") {
    const bool fashion = kind == "fashion_mnist";
    const std::string dir = f.path("dir", "/usr/share/datasets/fashion-mnist");
    auto file = [&](const char* key, const char* name, bool required) {
      return fashion ? dir + "/" + name : f.path(key, {}, required);
    };
    const int64_t classes = f.integer("classes", 10, 2, 1 << 16);
    const auto names = f.texts("class_names", fashion ? std::vector<std::string>(std::begin(kFashionNames), std::end(kFashionNames))
                                                      : std::vector<std::string>{});
    out.train = load_idx(file("train_images", "train-images-idx3-ubyte.gz", true),
                         file("train_labels", "train-labels-idx1-ubyte.gz", true), limits.train, classes);
    const std::string ti = file("test_images", "t10k-images-idx3-ubyte.gz", false);
    if (!ti.empty()) out.test = load_idx(ti, file("test_labels", "t10k-labels-idx1-ubyte.gz", true), limits.test, classes);
    out.train.class_names = names;
    if (out.test) out.test->class_names = names;
    pixels_to_unit_range(pre, out.train.sample_shape);
  } else if (kind == "cifar10") {
    const std::string dir = f.path("dir", ".");
    std::vector<std::string> train_files, test_files;
    for (const auto& n : f.texts("train_files", {"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
                                                 "data_batch_4.bin", "data_batch_5.bin"}))
      train_files.push_back(dir + "/" + n);
    for (const auto& n : f.texts("test_files", {"test_batch.bin"})) test_files.push_back(dir + "/" + n);
    out.train = load_cifar10(train_files, limits.train);
    if (!test_files.empty()) out.test = load_cifar10(test_files, limits.test);
    pixels_to_unit_range(pre, out.train.sample_shape);
  } else if (kind == "csv") {
    TableOptions o;
    o.label = f.text("label", "");
    const std::string task = f.text("task", "classification");
    if (task != "classification" && task != "regression")
      throw Error(where + ".task: must be classification or regression, not '" + task + "'");
    o.classification = task == "classification";
    o.features = f.texts("features");
    const std::string format = f.text("format", "csv");
    if (format != "csv" && format != "sklearn") throw Error(where + ".format: must be csv or sklearn");
    o.sklearn_header = format == "sklearn";
    if (o.label.empty() && !o.sklearn_header) throw Error(where + ".label: missing (the label column's name)");
    out.train = load_table(f.path("train", {}, true), o);
    const std::string test = f.path("test");
    if (!test.empty()) out.test = load_table(test, o);
    if (test_split > 0 && !out.test) out.test = out.train.split_off(test_split, 12345);
    pre.input = Preprocessing::Input::Features;
    pre.features = o.features;
    if (f.flag("standardize", true)) {
      const ColumnStatistics s = column_statistics(out.train);  // the training rows only, applied to every split
      pre.mean = s.mean, pre.stddev = s.stddev;
    }
  } else if (kind == "image_folder") {
    ImageFolderOptions o;
    o.channels = f.integer("channels", 3, 1, 3);
    if (o.channels == 2) throw Error(where + ".channels: must be 1 or 3");
    if (const auto* sz = f.object("size")) {
      if (!sz->is_array() || sz->size() != 2 || !(*sz)[0].is_number_integer() || !(*sz)[1].is_number_integer() ||
          (*sz)[0].get<int64_t>() < 1 || (*sz)[1].get<int64_t>() < 1)
        throw Error(where + ".size: must be [height, width]");
      o.height = (*sz)[0], o.width = (*sz)[1];
    }
    out.train = load_image_folder(f.path("train", {}, true), o, limits.train, &out.notes);
    const std::string test = f.path("test");
    if (!test.empty()) out.test = load_image_folder(test, o, limits.test, &out.notes);
    pixels_to_unit_range(pre, out.train.sample_shape);
  } else if (kind == "text_csv") {
    TextOptions o;
    o.text = f.text("text", "text"), o.label = f.text("label", "label");
    const std::string tokens = f.text("tokens", "word");
    if (tokens != "word" && tokens != "char") throw Error(where + ".tokens: must be word or char");
    o.words = tokens == "word";
    o.vocab_size = f.integer("vocab_size", 10000, 3, 1 << 22);
    o.length = f.integer("length", 64, 1, 1 << 16);
    out.train = load_text(f.path("train", {}, true), o, pre.vocabulary, true);
    const std::string test = f.path("test");
    if (!test.empty()) out.test = load_text(test, o, pre.vocabulary, false);
    pre.input = Preprocessing::Input::Tokens;
    pre.text_column = o.text, pre.words = o.words;
  } else {
    throw Error(where + ".kind: unknown dataset kind '" + kind + "' (fashion_mnist, idx, cifar10, csv, image_folder, text_csv)");
  }
  pre.sample_shape = out.train.sample_shape;
  pre.class_names = out.train.class_names;
  if (out.train.labels == LabelKind::ClassIndex && pre.class_names.empty())
    for (int64_t k = 0; k < out.train.classes; ++k) pre.class_names.push_back(std::to_string(k));
  if (const auto* nm = f.object("normalize")) {
    // Per-channel (images) or per-feature mean and standard deviation of the
    // values as the model would otherwise see them (pixels in [0, 1]).
    const std::string at = where + ".normalize";
    if (!nm->is_object() || !nm->contains("mean") || !nm->contains("std"))
      throw Error(at + ": must be {\"mean\": [...], \"std\": [...]}");
    if (pre.input == Preprocessing::Input::Tokens) throw Error(at + ": token ids cannot be normalised");
    pre.then_normalize(numbers(*nm, "mean", at), numbers(*nm, "std", at), at);
  }
  f.reject_unknown(kind);
  pre.apply(out.train.x);
  if (out.test) pre.apply(out.test->x);
  if (test_split > 0 && !out.test) out.test = out.train.split_off(test_split, 12345);
  if (test_split > 0 && has_test) throw Error(where + ".test_split: the dataset already has a test set");
  out.train.truncate(limits.train);
  if (out.test) out.test->truncate(limits.test);
  if (out.augment.enabled() && out.train.sample_shape.size() != 3)
    throw Error(where + ".augment: augmentation needs image samples [channels, height, width]");
  return out;
}

nlohmann::json absolute_dataset_paths(const nlohmann::json& config, const std::string& base) {
  nlohmann::json out = config;
  if (!out.is_object() || base.empty()) return out;
  for (const char* key : {"dir", "train", "test", "train_images", "train_labels", "test_images", "test_labels"})
    if (out.contains(key) && out[key].is_string()) {
      const std::string p = out[key];
      if (!p.empty() && p[0] != '/') out[key] = base + "/" + p;
    }
  return out;
}

}  // namespace strata
