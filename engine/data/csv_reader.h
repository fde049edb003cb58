#pragma once
// A small RFC 4180 reader: comma-separated fields, double-quoted fields with
// "" for a quote and embedded commas or newlines. Every row keeps its line
// number so data errors can name the place.
#include <string>
#include <vector>

namespace strata {

struct CsvRow {
  int64_t line = 0;  // 1-based line where the row starts
  std::vector<std::string> fields;
};

struct CsvTable {
  std::vector<std::string> header;
  std::vector<CsvRow> rows;
  // The index of a header column; throws naming the file and the columns it has.
  size_t column(const std::string& name, const std::string& file) const;
};

// Reads a file with a header row; throws strata::Error naming the file and
// line for an unterminated quote or a row with the wrong number of fields.
CsvTable read_csv(const std::string& path);
// The same from text already in memory (`name` for messages).
CsvTable parse_csv(const std::string& text, const std::string& name);

}  // namespace strata
