#pragma once
// Text classification from a CSV with a text column and a label column.
// Tokens are lower-cased words (runs of ASCII letters and digits, and bytes
// of UTF-8 sequences) or characters (ASCII lower-cased; a UTF-8 sequence is
// one character);
// the vocabulary is the training set's most frequent tokens (id 0 is padding,
// id 1 stands for tokens outside the vocabulary). Each sample is `length`
// ids, truncated at the end and padded at the front (Keras' pad_sequences
// default), so a recurrent layer reads the padding first and ends on text.
#include <string>
#include <unordered_map>
#include <vector>

#include "data/dataset.h"

namespace strata {

struct TextOptions {
  std::string text = "text", label = "label";
  bool words = true;           // false: characters
  int64_t vocab_size = 10000;  // including the two reserved ids
  int64_t length = 64;
  std::vector<std::string> classes;  // filled from the training data when empty
};

class TextVocabulary {
 public:
  // Builds from the training texts.
  void build(const std::vector<std::string>& texts, const TextOptions& o);
  // A recorded vocabulary: its tokens in id order (the first is id 2).
  static TextVocabulary from_tokens(std::vector<std::string> tokens);
  const std::vector<std::string>& tokens() const { return tokens_; }
  // `length` ids: words or characters, cut at the end, padded at the front.
  std::vector<float> encode(const std::string& text, bool words, int64_t length) const;
  size_t size() const { return tokens_.size() + 2; }

 private:
  std::vector<std::string> tokens_;
  std::unordered_map<std::string, int64_t> ids_;
};

std::vector<std::string> tokenize(const std::string& text, bool words);

// Loads the training file (building the vocabulary) or another split with it.
Dataset load_text(const std::string& path, TextOptions& o, TextVocabulary& vocab, bool build_vocab);

}  // namespace strata
