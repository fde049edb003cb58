#pragma once
// Fork a run: choose one of its recorded epochs and change any training
// setting; the dialog lists what the fork changes before it starts, and the
// changes become the child run's own recorded settings.
#include <QDialog>
#include <map>
#include <string>

#include "run/run_service.h"

class QComboBox;
class QLabel;
class QTableWidget;

namespace strata::ui {

struct RunRow;

class ForkDialog : public QDialog {
  Q_OBJECT
 public:
  ForkDialog(const RunRow& run, QWidget* parent = nullptr);
  RunRequest request() const;
  QComboBox* epoch_box() const { return epoch_; }
  QTableWidget* settings() const { return table_; }
  // "key: old → new" for every change, in the order of the table.
  QStringList changes() const;

 private:
  void update_changes();
  std::string run_id_;
  std::map<std::string, std::string> original_;
  QComboBox* epoch_;
  QTableWidget* table_;
  QLabel* changes_;
};

// The epochs a run folder holds weights after (epoch-N.ck), ascending.
std::vector<int> recorded_epochs(const std::string& run_dir);

}  // namespace strata::ui
