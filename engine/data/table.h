#pragma once
// Tabular data from CSV: a header row, one label column, numeric feature
// columns (all the others unless listed). Classification labels may be
// numbers or names (mapped to indices in sorted order, so train and test
// agree); regression labels are numbers. Standardisation uses the training
// set's mean and deviation per column (column_statistics), applied to every split.
#include <string>
#include <vector>

#include "data/dataset.h"

namespace strata {

struct TableOptions {
  std::string label;                  // the label column's name
  bool classification = true;
  std::vector<std::string> features;  // empty: every column but the label
  std::vector<std::string> classes;   // classification: the class names in index order (empty: found in the data)
  // scikit-learn's bundled tables start with "n_samples,n_features,class names..."
  // instead of a header; columns are then named feature_0... and "target".
  bool sklearn_header = false;
};

// Throws naming the file, line and column for a ragged row, a value that is
// not a number, or a label that is not a known class.
Dataset load_table(const std::string& path, TableOptions& options);

// A table field as a number (surrounding blanks allowed; not NaN or infinite).
bool parse_number(const std::string& s, float& out);

// Per-feature mean and standard deviation of a table's rows (population
// deviation; a constant column gets 1, so it is only centred). The dataset
// loader folds them into its Preprocessing.
struct ColumnStatistics {
  std::vector<double> mean, stddev;
};
ColumnStatistics column_statistics(const Dataset& d);

}  // namespace strata
