#pragma once
// The project's training settings, edited in a panel: epochs, batch size,
// optimizer and its settings, learning rate and schedule (with a plot of the
// rate over the run), early stopping, clipping, seed, validation split. Each
// edit is an undo command on the project (SetSettingsCommand), checked by the
// engine's own reader (training_from_json) with its message under the field;
// fields that do not apply (momentum for Adam) are hidden.
#include <QWidget>
#include <map>
#include <string>
#include <vector>

#include "layers/layer.h"

class QFormLayout;
class QGroupBox;

namespace strata::ui {

class ParamEditor;
class ProjectDocument;
class SchedulePlot;

class TrainingPanel : public QWidget {
  Q_OBJECT
 public:
  explicit TrainingPanel(ProjectDocument* doc, QWidget* parent = nullptr);
  // A setting's widget by its JSON path ("learning_rate", "schedule.kind").
  QWidget* field(const std::string& path) const;
  QString message(const std::string& path) const;
  bool field_shown(const std::string& path) const;
  SchedulePlot* schedule_plot() const { return plot_; }

 private:
  struct Row {
    ParamSpec spec;       // name = the JSON path
    QString label;
    ParamEditor* editor = nullptr;
    QFormLayout* form = nullptr;
  };
  void add_rows(QGroupBox* group, std::vector<Row> rows);
  void refresh();
  void commit(const std::string& path, const nlohmann::json& value);
  QString check(const std::string& path, const nlohmann::json& value) const;
  ProjectDocument* doc_;
  std::vector<Row> rows_;
  SchedulePlot* plot_ = nullptr;
  int session_ = 1;
};

}  // namespace strata::ui
