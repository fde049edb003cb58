#pragma once
// Import weights into the open graph (transfer learning): from a run of the
// log (its last checkpoint), an .npz or a .safetensors file. Before anything
// changes, a table matches the source's tensors to the graph's layers by
// name, with their shapes and whether every tensor's shape agrees; the user picks the
// layers to start from the source and the ones to freeze. Applying sets the
// project's training.init_from and training.freeze as one undoable edit; the
// run then copies the weights with exact shape checks when it starts.
#include <QDialog>
#include <map>
#include <string>
#include <vector>

#include "export/weights_export.h"

class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace strata::ui {

class ProjectDocument;

class ImportWeightsDialog : public QDialog {
  Q_OBJECT
 public:
  // runs: (id, label) of the log's runs to offer.
  ImportWeightsDialog(ProjectDocument* doc, const std::vector<std::pair<QString, QString>>& runs, QWidget* parent = nullptr);
  // Reads a source: a run id, or a file path (.npz, .safetensors, .ck).
  bool set_source(const QString& source);
  QTableWidget* table() const { return table_; }
  QLabel* message() const { return message_; }
  // Columns of the table.
  enum Column { Layer, Type, Source, Status, Use, Freeze };
  // Applies the choices to the project (one undoable command); nothing without a source.
  void apply();

 private:
  void fill();
  ProjectDocument* doc_;
  QString source_;
  WeightMap weights_;
  std::map<std::string, Shape> shapes_;  // the graph's tensors (empty when it does not compile)
  QComboBox* runs_;
  QLabel* message_;
  QTableWidget* table_;
  QPushButton* apply_ = nullptr;
};

}  // namespace strata::ui
