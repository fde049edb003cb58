#include "data/table.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "core/error.h"
#include "data/csv_reader.h"

namespace strata {

Dataset load_table_rows(const CsvTable& t, const std::string& path, TableOptions& o);

bool parse_number(const std::string& s, float& out) {
  if (s.empty()) return false;
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(s.c_str(), &end);
  while (end && (*end == ' ' || *end == '\t')) ++end;
  if (errno != 0 || end == s.c_str() || *end != '\0' || !std::isfinite(v)) return false;
  out = float(v);
  return true;
}

Dataset load_table(const std::string& path, TableOptions& o) {
  if (!o.sklearn_header) return load_table_rows(read_csv(path), path, o);
  // Replace the summary line by a real header and parse as usual (line numbers stay).
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open the file");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  const size_t eol = text.find('\n');
  const CsvTable first = parse_csv(text.substr(0, eol), path);
  float n_features = 0;
  if (first.header.size() < 2 || !parse_number(first.header[1], n_features) || n_features < 1)
    throw Error(path + ":1: not a scikit-learn table header (n_samples,n_features,class names...)");
  const std::vector<std::string> names(first.header.begin() + 2, first.header.end());
  std::string header;
  for (int i = 0; i < int(n_features); ++i) header += "feature_" + std::to_string(i) + ",";
  header += "target";
  const CsvTable t = parse_csv(header + (eol == std::string::npos ? std::string() : text.substr(eol)), path);
  if (o.label.empty()) o.label = "target";
  // The target column holds class indices 0..k-1 into the summary line's names.
  if (o.classification && o.classes.empty())
    for (size_t i = 0; i < names.size(); ++i) o.classes.push_back(std::to_string(i));
  Dataset d = load_table_rows(t, path, o);
  if (d.classes == int64_t(names.size())) d.class_names = names;
  return d;
}

Dataset load_table_rows(const CsvTable& t, const std::string& path, TableOptions& o) {
  const size_t label_col = t.column(o.label, path);
  std::vector<size_t> cols;
  if (o.features.empty()) {
    for (size_t i = 0; i < t.header.size(); ++i)
      if (i != label_col) cols.push_back(i), o.features.push_back(t.header[i]);
  } else {
    for (const auto& f : o.features) cols.push_back(t.column(f, path));
  }
  if (o.classification && o.classes.empty()) {
    std::set<std::string> names;
    for (const auto& r : t.rows) names.insert(r.fields[label_col]);
    // Numeric labels sort as numbers (2 before 10).
    std::vector<std::string> sorted(names.begin(), names.end());
    std::sort(sorted.begin(), sorted.end(), [](const std::string& a, const std::string& b) {
      float x, y;
      if (parse_number(a, x) && parse_number(b, y)) return x < y;
      return a < b;
    });
    o.classes = sorted;
  }
  Dataset d;
  d.name = path;
  d.sample_shape = {int64_t(cols.size())};
  if (o.classification) {
    d.labels = LabelKind::ClassIndex;
    d.classes = int64_t(o.classes.size());
    d.class_names = o.classes;
  } else {
    d.labels = LabelKind::Values;
    d.label_shape = {1};
  }
  d.x.reserve(t.rows.size() * cols.size());
  for (const auto& r : t.rows) {
    for (size_t k = 0; k < cols.size(); ++k) {
      float v;
      if (!parse_number(r.fields[cols[k]], v))
        throw Error(path + ":" + std::to_string(r.line) + ": column '" + t.header[cols[k]] + "': '" + r.fields[cols[k]] +
                    "' is not a number");
      d.x.push_back(v);
    }
    const std::string& lab = r.fields[label_col];
    if (o.classification) {
      const auto it = std::find(o.classes.begin(), o.classes.end(), lab);
      if (it == o.classes.end())
        throw Error(path + ":" + std::to_string(r.line) + ": label '" + lab + "' is not one of the " +
                    std::to_string(o.classes.size()) + " classes of the training data");
      d.y.push_back(float(it - o.classes.begin()));
    } else {
      float v;
      if (!parse_number(lab, v))
        throw Error(path + ":" + std::to_string(r.line) + ": label column '" + o.label + "': '" + lab + "' is not a number");
      d.y.push_back(v);
    }
  }
  if (d.size() == 0) throw Error(path + ": no data rows");
  return d;
}

ColumnStatistics column_statistics(const Dataset& d) {
  const int64_t f = d.sample_size(), n = d.size();
  std::vector<double> sum(size_t(f), 0.0), sq(size_t(f), 0.0);
  for (int64_t i = 0; i < n; ++i)
    for (int64_t k = 0; k < f; ++k) {
      const double v = d.x[size_t(i * f + k)];
      sum[size_t(k)] += v, sq[size_t(k)] += v * v;
    }
  ColumnStatistics s;
  s.mean.assign(size_t(f), 0.0), s.stddev.assign(size_t(f), 1.0);
  for (int64_t k = 0; k < f; ++k) {
    const double m = sum[size_t(k)] / double(n), var = std::max(0.0, sq[size_t(k)] / double(n) - m * m);
    s.mean[size_t(k)] = m;
    if (var > 1e-12) s.stddev[size_t(k)] = std::sqrt(var);
  }
  return s;
}

}  // namespace strata
