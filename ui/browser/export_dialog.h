#pragma once
// Export a run: the format (safetensors, npz, ONNX, PyTorch) and where to
// write it. The export's pre-check runs as soon as a format is chosen and
// its messages show before anything is written (Export stays disabled while
// it refuses). The export itself runs off the UI thread; afterwards the
// dialog lists the files written with their sizes and offers to open their
// folder. An existing destination is refused unless "Replace" is ticked,
// which replaces only the files the export writes.
#include <QDialog>
#include <QFutureWatcher>
#include <string>
#include <vector>

#include "train/run_folder.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace strata::ui {

class ExportDialog : public QDialog {
  Q_OBJECT
 public:
  ExportDialog(const RunFolder& run, const QString& run_name, QWidget* parent = nullptr);
  QComboBox* format_box() const { return format_; }
  QLineEdit* destination() const { return path_; }
  QCheckBox* replace_box() const { return force_; }
  QPushButton* export_button() const { return export_; }
  QLabel* message() const { return message_; }
  QTableWidget* written() const { return files_; }
  // Starts the export (what the Export button does); finished() follows.
  void start_export();
  bool busy() const { return running_; }  // from the click until the outcome is shown

 signals:
  void exported();

 private:
  struct Outcome {
    bool ok = false;
    std::string error;
    std::vector<std::pair<std::string, int64_t>> files;
    size_t tensors = 0;
  };
  void format_changed();
  void update_state();
  void show_outcome(const Outcome& o);
  RunFolder run_;
  QString run_name_;
  std::vector<std::string> problems_;
  QComboBox* format_;
  QLineEdit* path_;
  QCheckBox *force_, *preprocessed_;
  QLabel* message_;
  QTableWidget* files_;
  QPushButton *export_, *open_folder_;
  QFutureWatcher<Outcome> watcher_;
  bool running_ = false;
};

}  // namespace strata::ui
