#include "data/dataset_config.h"

#include "core/error.h"
#include "data/idx.h"

namespace strata {
namespace {

const char* kFashionNames[] = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                               "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};

std::string text_field(const nlohmann::json& c, const char* key, const std::string& where, const std::string& fallback = {}) {
  if (!c.contains(key)) {
    if (!fallback.empty()) return fallback;
    throw Error(where + "." + key + ": missing");
  }
  if (!c[key].is_string()) throw Error(where + "." + key + ": must be text");
  return c[key].get<std::string>();
}

std::string resolve(const std::string& path, const std::string& base) {
  if (path.empty() || path[0] == '/' || base.empty()) return path;
  return base + "/" + path;
}

}  // namespace

LoadedData load_dataset(const nlohmann::json& c, const std::string& base, const DataLimits& limits,
                        const std::string& where) {
  if (!c.is_object() || !c.contains("kind")) throw Error(where + ": needs a \"kind\" (fashion_mnist, idx)");
  const std::string kind = text_field(c, "kind", where);
  LoadedData out;
  if (kind == "fashion_mnist" || kind == "idx") {
    const bool fashion = kind == "fashion_mnist";
    const std::string dir = resolve(text_field(c, "dir", where, "/usr/share/datasets/fashion-mnist"), base);
    auto file = [&](const char* key, const char* name) {
      return fashion ? dir + "/" + name : resolve(text_field(c, key, where), base);
    };
    for (const auto& [key, v] : c.items())
      if (key != "kind" && key != "dir" && key != "train_images" && key != "train_labels" && key != "test_images" &&
          key != "test_labels" && key != "classes" && key != "class_names")
        throw Error(where + "." + key + ": unknown field for kind '" + kind + "'");
    const int64_t classes = c.value("classes", 10);
    out.train = load_idx(file("train_images", "train-images-idx3-ubyte.gz"), file("train_labels", "train-labels-idx1-ubyte.gz"),
                         limits.train, classes);
    if (fashion || c.contains("test_images"))
      out.test = load_idx(file("test_images", "t10k-images-idx3-ubyte.gz"), file("test_labels", "t10k-labels-idx1-ubyte.gz"),
                          limits.test, classes);
    std::vector<std::string> names;
    if (fashion) names.assign(std::begin(kFashionNames), std::end(kFashionNames));
    if (c.contains("class_names")) names = c["class_names"].get<std::vector<std::string>>();
    out.train.class_names = names;
    if (out.test) out.test->class_names = names;
    return out;
  }
  throw Error(where + ".kind: unknown dataset kind '" + kind + "' (fashion_mnist, idx)");
}

}  // namespace strata
