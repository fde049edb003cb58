#include "data/preprocessing.h"

#include "core/error.h"

namespace strata {

const char* input_kind_name(Preprocessing::Input k) {
  switch (k) {
    case Preprocessing::Input::Image: return "image";
    case Preprocessing::Input::Tokens: return "tokens";
    case Preprocessing::Input::Features: break;
  }
  return "features";
}

int64_t Preprocessing::groups() const {
  if (input == Input::Image) return sample_shape.empty() ? 0 : sample_shape[0];
  return numel(sample_shape);
}

void Preprocessing::apply(std::span<float> samples) const {
  if (mean.empty()) return;
  const size_t per = size_t(numel(sample_shape)), inner = per / mean.size();
  if (samples.size() % per != 0)
    throw Error("preprocessing: " + std::to_string(samples.size()) + " values are not whole samples of " + to_string(sample_shape));
  for (size_t i = 0; i < samples.size(); ++i) {
    const size_t g = (i % per) / inner;
    samples[i] = float((double(samples[i]) - mean[g]) / stddev[g]);
  }
}

void Preprocessing::then_normalize(const std::vector<double>& m, const std::vector<double>& s, const std::string& where) {
  const int64_t n = groups();
  if (int64_t(m.size()) != n || int64_t(s.size()) != n)
    throw Error(where + ": needs " + std::to_string(n) + " values in mean and std (one per " +
                (input == Input::Image ? "channel" : "feature") + ")");
  for (double v : s)
    if (!(v > 0)) throw Error(where + ".std: values must be positive");
  if (mean.empty()) mean.assign(size_t(n), 0.0), stddev.assign(size_t(n), 1.0);
  // ((x - mean) / std - m) / s = (x - (mean + m std)) / (std s)
  for (size_t g = 0; g < size_t(n); ++g) {
    mean[g] += m[g] * stddev[g];
    stddev[g] *= s[g];
  }
}

std::vector<float> Preprocessing::encode(const std::string& text) const {
  return vocabulary.encode(text, words, sample_shape.empty() ? 0 : sample_shape[0]);
}

namespace {
// Texts from users' files (class names, columns, tokens) as valid UTF-8, so
// every JSON dump of the record works: invalid bytes become U+FFFD.
std::vector<std::string> utf8(const std::vector<std::string>& texts) {
  std::vector<std::string> out;
  for (const auto& t : texts)
    out.push_back(nlohmann::json::parse(nlohmann::json(t).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
  return out;
}
}  // namespace

nlohmann::json Preprocessing::to_json() const {
  nlohmann::json j{{"input", input_kind_name(input)}, {"sample_shape", sample_shape}, {"class_names", utf8(class_names)}};
  if (input != Input::Tokens) j["mean"] = mean, j["std"] = stddev;
  if (input == Input::Image) j["resize"] = "bilinear", j["pixel_range"] = {0, 255};
  if (input == Input::Features) j["features"] = utf8(features);
  if (input == Input::Tokens) {
    j["text_column"] = utf8({text_column})[0];
    j["tokens"] = words ? "word" : "char";
    j["length"] = sample_shape.empty() ? 0 : sample_shape[0];
    j["vocabulary"] = utf8(vocabulary.tokens());
    j["padding_id"] = 0, j["unknown_id"] = 1, j["first_token_id"] = 2;
  }
  return j;
}

Preprocessing Preprocessing::from_json(const nlohmann::json& j, const std::string& where) {
  Preprocessing p;
  try {
    const std::string kind = j.at("input");
    if (kind == "image") p.input = Input::Image;
    else if (kind == "tokens") p.input = Input::Tokens;
    else if (kind == "features") p.input = Input::Features;
    else throw Error(where + ".input: unknown input kind '" + kind + "'");
    p.sample_shape = j.at("sample_shape").get<Shape>();
    p.class_names = j.at("class_names").get<std::vector<std::string>>();
    if (p.input != Input::Tokens) {
      p.mean = j.at("mean").get<std::vector<double>>();
      p.stddev = j.at("std").get<std::vector<double>>();
      if (p.mean.size() != p.stddev.size() || (!p.mean.empty() && int64_t(p.mean.size()) != p.groups()))
        throw Error(where + ": mean and std need one value per " + (p.input == Input::Image ? "channel" : "feature"));
    }
    if (p.input == Input::Features) p.features = j.at("features").get<std::vector<std::string>>();
    if (p.input == Input::Tokens) {
      p.text_column = j.value("text_column", std::string("text"));
      p.words = j.at("tokens") == "word";
      p.vocabulary = TextVocabulary::from_tokens(j.at("vocabulary").get<std::vector<std::string>>());
    }
  } catch (const nlohmann::json::exception& e) {
    throw Error(where + ": damaged preprocessing record (" + std::string(e.what()) + ")");
  }
  return p;
}

}  // namespace strata
