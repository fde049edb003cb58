#pragma once
// The project's dataset, edited in a panel: the kind and its source (file
// and folder pickers), the test split, normalisation, class names and (for
// images) augmentation, each edit an undoable project edit. Below, what the
// engine's reader found (DatasetWatcher): sizes, shape and classes, a grid of
// the first samples with their labels (pictures, or rows of values), the
// count of each class, and augmented versions of one image as training would
// draw them. A dataset that cannot be read shows the reader's message, naming
// the file and the field, before any run starts.
#include <QWidget>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "settings/dataset_probe.h"

class QComboBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QListWidget;
class QTableWidget;
class QVBoxLayout;

namespace strata::ui {

class DatasetWatcher;
class ProjectDocument;

class DatasetPanel : public QWidget {
  Q_OBJECT
 public:
  DatasetPanel(ProjectDocument* doc, DatasetWatcher* watcher, QWidget* parent = nullptr);
  // The widget editing a dataset key ("dir", "test_split", "augment.flip"); the kind is "kind".
  QWidget* field(const std::string& key) const;
  QString status_text() const;   // sizes and classes, or the reader's message
  bool showing_error() const;
  QListWidget* samples() const { return samples_; }
  QTableWidget* class_counts() const { return counts_; }
  QListWidget* augmented() const { return augmented_; }

 private:
  struct Field {
    std::string key;
    QWidget* widget = nullptr;
    std::function<void(const nlohmann::json&)> show;  // puts the project's value in the widget
  };
  void rebuild_form();
  void refresh_values();
  void show_probe(const DatasetProbe& probe);
  void show_augmented();
  void set_key(const std::string& key, const nlohmann::json& value, const QString& what);
  void add_field(QFormLayout* form, const std::string& key, const QString& label, const QString& help, QWidget* widget,
                 std::function<void(const nlohmann::json&)> show);

  ProjectDocument* doc_;
  DatasetWatcher* watcher_;
  QComboBox* kind_;
  QWidget* form_host_ = nullptr;
  QVBoxLayout* form_layout_ = nullptr;
  std::string built_kind_;
  std::vector<Field> fields_;
  QLabel *status_, *notes_;
  QListWidget *samples_, *augmented_;
  QTableWidget* counts_;
  QGroupBox *counts_box_, *augment_box_;
  int session_ = 1;
};

}  // namespace strata::ui
