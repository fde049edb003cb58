#pragma once
// Two runs' confusion matrices side by side (the older first) (each at its last recorded epoch
// of the chosen split) and their difference (the second minus the first):
// which classes one model confuses that the other does not. The matrices are
// read on the browser's reader thread.
#include <QWidget>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <vector>

class QComboBox;
class QLabel;

namespace strata::ui {

class ConfusionMatrixView;
struct RunRow;

class CompareConfusion : public QWidget {
  Q_OBJECT
 public:
  using Matrices = std::map<QString, std::vector<nlohmann::json>>;  // run -> its confusion records
  using Reader = std::function<void(QStringList runs, std::function<void(Matrices)> done)>;
  CompareConfusion(Reader reader, QWidget* parent = nullptr);
  void set_runs(const std::vector<const RunRow*>& selected);  // the two oldest of them, oldest first
  ConfusionMatrixView* first() const { return a_; }
  ConfusionMatrixView* second() const { return b_; }
  ConfusionMatrixView* difference() const { return diff_; }
  QLabel* note() const { return note_; }
  bool loading() const { return pending_ != 0; }

 private:
  void show_matrices();
  Reader reader_;
  QComboBox* split_;
  QLabel *note_, *title_a_, *title_b_;
  ConfusionMatrixView *a_, *b_, *diff_;
  QStringList ids_, names_;
  std::vector<std::string> classes_;
  Matrices matrices_;
  int pending_ = 0, generation_ = 0;
};

}  // namespace strata::ui
