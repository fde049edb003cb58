#include "data/text.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "core/error.h"
#include "data/csv_reader.h"

namespace strata {

std::vector<std::string> tokenize(const std::string& text, bool words) {
  std::vector<std::string> out;
  std::string cur;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (!words) {
      // A character: an ASCII byte (lower-cased), or a UTF-8 sequence whole.
      if (c == '\r' || c == '\n') continue;
      size_t len = 1;
      while (c >= 0xC0 && i + len < text.size() && (static_cast<unsigned char>(text[i + len]) & 0xC0) == 0x80 && len < 4) ++len;
      out.push_back(c < 0x80 ? std::string(1, char(std::tolower(c))) : text.substr(i, len));
      i += len - 1;
      continue;
    }
    // Letters and digits form words; bytes of UTF-8 sequences (>= 0x80) count as letters.
    if (std::isalnum(c) || c >= 0x80) cur += char(std::tolower(c));
    else if (!cur.empty()) out.push_back(std::move(cur)), cur.clear();
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

void TextVocabulary::build(const std::vector<std::string>& texts, const TextOptions& o) {
  std::map<std::string, int64_t> counts;
  for (const auto& t : texts)
    for (auto& tok : tokenize(t, o.words)) ++counts[tok];
  std::vector<std::pair<std::string, int64_t>> byfreq(counts.begin(), counts.end());
  // Most frequent first; ties alphabetical, so the vocabulary does not depend on file order.
  std::stable_sort(byfreq.begin(), byfreq.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<std::string> tokens;
  for (const auto& [tok, n] : byfreq) {
    if (int64_t(tokens.size()) + 2 >= o.vocab_size) break;
    tokens.push_back(tok);
  }
  *this = from_tokens(std::move(tokens));
}

TextVocabulary TextVocabulary::from_tokens(std::vector<std::string> tokens) {
  TextVocabulary v;
  v.tokens_ = std::move(tokens);
  for (size_t i = 0; i < v.tokens_.size(); ++i) v.ids_.emplace(v.tokens_[i], int64_t(i) + 2);
  return v;
}

std::vector<float> TextVocabulary::encode(const std::string& text, bool words, int64_t length) const {
  const auto toks = tokenize(text, words);
  const size_t keep = std::min(toks.size(), size_t(length));
  std::vector<float> ids(size_t(length), 0.f);
  const size_t pad = size_t(length) - keep;
  for (size_t i = 0; i < keep; ++i) {
    const auto it = ids_.find(toks[i]);
    ids[pad + i] = float(it == ids_.end() ? 1 : it->second);
  }
  return ids;
}

Dataset load_text(const std::string& path, TextOptions& o, TextVocabulary& vocab, bool build_vocab) {
  const CsvTable t = read_csv(path);
  const size_t tc = t.column(o.text, path), lc = t.column(o.label, path);
  if (build_vocab) {
    std::vector<std::string> texts;
    for (const auto& r : t.rows) texts.push_back(r.fields[tc]);
    vocab.build(texts, o);
    if (o.classes.empty()) {
      for (const auto& r : t.rows)
        if (std::find(o.classes.begin(), o.classes.end(), r.fields[lc]) == o.classes.end()) o.classes.push_back(r.fields[lc]);
      std::sort(o.classes.begin(), o.classes.end());
    }
  }
  Dataset d;
  d.name = path;
  d.sample_shape = {o.length};
  d.classes = int64_t(o.classes.size());
  d.class_names = o.classes;
  for (const auto& r : t.rows) {
    const auto it = std::find(o.classes.begin(), o.classes.end(), r.fields[lc]);
    if (it == o.classes.end())
      throw Error(path + ":" + std::to_string(r.line) + ": label '" + r.fields[lc] + "' is not one of the training classes");
    const auto ids = vocab.encode(r.fields[tc], o.words, o.length);
    d.x.insert(d.x.end(), ids.begin(), ids.end());
    d.y.push_back(float(it - o.classes.begin()));
  }
  if (d.size() == 0) throw Error(path + ": no data rows");
  return d;
}

}  // namespace strata
