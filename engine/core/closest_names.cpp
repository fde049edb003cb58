#include "core/closest_names.h"

#include <algorithm>
#include <cctype>

namespace strata {

namespace {

std::string lower(const std::string& s) {
  std::string out = s;
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Optimal string alignment distance: Levenshtein plus swaps of neighbours ("trian" -> "train" is 1).
size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i)
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

}  // namespace

std::vector<std::string> closest_names(const std::string& typed, const std::vector<std::string>& candidates, size_t at_most) {
  const std::string t = lower(typed);
  if (t.empty()) return {};
  std::vector<std::pair<size_t, std::string>> scored;
  for (const auto& c : candidates) {
    const std::string l = lower(c);
    size_t d = edit_distance(t, l);
    if (l.rfind(t, 0) == 0 && t.size() >= 2) d = std::min<size_t>(d, 1);  // a beginning: "dev" -> "devices"
    // Near enough: a third of the longer name's letters at most (two for short names).
    if (d <= std::max<size_t>(2, std::max(t.size(), l.size()) / 3) && d < std::max(t.size(), l.size()))
      scored.emplace_back(d, c);
  }
  std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (const auto& [d, c] : scored) {
    if (out.size() == at_most) break;
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  }
  return out;
}

std::string quoted_list(const std::vector<std::string>& names, const char* last_joint) {
  std::string s;
  for (size_t i = 0; i < names.size(); ++i)
    s += (i == 0 ? "" : i + 1 == names.size() ? last_joint : ", ") + ("'" + names[i] + "'");
  return s;
}

}  // namespace strata
