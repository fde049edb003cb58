#include "data/csv_reader.h"

#include <fstream>
#include <sstream>

#include "core/error.h"

namespace strata {

size_t CsvTable::column(const std::string& name, const std::string& file) const {
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  std::string have;
  for (const auto& h : header) have += (have.empty() ? "" : ", ") + h;
  throw Error(file + ": no column '" + name + "' (the header has: " + have + ")");
}

CsvTable parse_csv(const std::string& text, const std::string& name) {
  CsvTable t;
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false, any = false;
  int64_t line = 1, row_line = 1;
  auto end_row = [&] {
    fields.push_back(field);
    field.clear();
    const bool blank = fields.size() == 1 && fields[0].empty() && !any;
    if (!blank) {
      if (t.header.empty()) {
        t.header = fields;
      } else {
        if (fields.size() != t.header.size())
          throw Error(name + ":" + std::to_string(row_line) + ": expected " + std::to_string(t.header.size()) +
                      " fields, got " + std::to_string(fields.size()));
        t.rows.push_back({row_line, fields});
      }
    }
    fields.clear();
    any = false;
    row_line = line;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += '"', ++i;
      else if (c == '"') quoted = false;
      else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && field.empty()) quoted = any = true;
    else if (c == ',') fields.push_back(field), field.clear(), any = true;
    else if (c == '\n') {
      ++line;
      end_row();
    } else if (c != '\r') field += c, any = true;
  }
  if (quoted) throw Error(name + ":" + std::to_string(row_line) + ": a quoted field is never closed");
  if (!field.empty() || !fields.empty()) end_row();
  if (t.header.empty()) throw Error(name + ": the file is empty (a header row is needed)");
  return t;
}

CsvTable read_csv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open the file");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_csv(ss.str(), path);
}

}  // namespace strata
