#pragma once
// The model summary, live: one row per node in graph order (name, type,
// output shape, parameters, FLOPs per sample, activation memory at the
// project's batch size), the totals, and the memory a training step needs
// against the chosen device's memory, with a warning when it does not fit.
// What Keras' model.summary() and MATLAB's analyzeNetwork show. A click on a
// row selects the node.
#include <QString>
#include <QWidget>
#include <cstdint>
#include <map>
#include <string>

class QLabel;
class QTreeWidget;

namespace strata::ui {

class ProjectDocument;

class SummaryPanel : public QWidget {
  Q_OBJECT
 public:
  explicit SummaryPanel(ProjectDocument* doc, QWidget* parent = nullptr);
  QTreeWidget* table() const { return table_; }
  QString totals_text() const;
  QString memory_text() const;
  bool memory_warning() const { return memory_warning_; }
  // The device the memory is compared with (name and bytes; 0: unknown).
  void set_device(const QString& name, uint64_t memory_bytes);
  // Measured forward and backward time per step of each layer (a run's first
  // epoch), shown beside the FLOPs; empty clears them.
  void set_measured(std::map<std::string, std::pair<double, double>> ms);

 signals:
  void node_chosen(const QString& id);

 private:
  void refill();
  ProjectDocument* doc_;
  QTreeWidget* table_;
  QLabel *totals_, *memory_;
  QString device_name_;
  uint64_t device_memory_ = 0;
  std::map<std::string, std::pair<double, double>> measured_;
  bool memory_warning_ = false;
};

}  // namespace strata::ui
