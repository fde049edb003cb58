#pragma once
// What turns a user's raw samples into the model's input. One implementation
// serves the dataset loader (training, eval), `strata predict` on raw input
// and the exports, and every run records it (preprocessing.json in its folder
// and the experiment log), so nothing has to be guessed afterwards.
//
// Raw input, by kind:
//   image     pixels from 0 to 255, [channels, height, width]; image files are
//             decoded to `channels` (1 grey, 3 RGB) and resized bilinearly to
//             height x width first (data/image_folder.h).
//   features  the values of the columns named in `features`, in that order.
//   tokens    text: lower-cased words (runs of letters and digits; bytes of
//             UTF-8 sequences count as letters) or characters, mapped through
//             `vocabulary` (id 0 pads, id 1 is any token outside it,
//             vocabulary[i] is id i + 2), cut to `length` ids at the end and
//             padded at the front.
// Image and feature values then become y = (x - mean[g]) / stddev[g] for their
// group g (an image's channel, or a feature): pixels / 255, the table's
// standardisation and the project's "normalize" folded into one mean and one
// standard deviation per group, computed in double precision.
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "core/shape.h"
#include "data/text.h"

namespace strata {

struct Preprocessing {
  enum class Input { Features, Image, Tokens };
  Input input = Input::Features;
  Shape sample_shape;                     // per sample, raw and preprocessed alike
  std::vector<double> mean, stddev;         // per group; empty: values pass unchanged
  std::vector<std::string> features;      // features: the column names, in order
  std::string text_column;                // tokens: the CSV column the texts came from
  bool words = true;                      // tokens: words (else characters)
  TextVocabulary vocabulary;              // tokens
  std::vector<std::string> class_names;   // classification; empty for regression

  // Channels of an image, features of a table: what mean and std are per.
  int64_t groups() const;
  // y = (x - mean) / std, in place, over whole samples.
  void apply(std::span<float> samples) const;
  // Follows the present statistics with y' = (y - m) / s per group (the
  // project's "normalize"); throws naming `where` for a wrong count or a
  // standard deviation that is not positive.
  void then_normalize(const std::vector<double>& m, const std::vector<double>& s, const std::string& where);
  // tokens: the ids of one text.
  std::vector<float> encode(const std::string& text) const;
  bool identity() const { return mean.empty(); }

  nlohmann::json to_json() const;
  // Throws strata::Error naming `where` for a field that is missing or wrong.
  static Preprocessing from_json(const nlohmann::json& j, const std::string& where);
};

const char* input_kind_name(Preprocessing::Input k);

}  // namespace strata
