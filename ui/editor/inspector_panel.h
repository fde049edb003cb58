#pragma once
// The inspector: the selected node's name and parameters, with a widget that
// fits each parameter's spec (spin boxes within the spec's limits, combo
// boxes for choices, check boxes, fields for numbers and integer lists),
// validated as the user types, with the message beside the field. Each edit
// is one undo command (edits of one field merge while it has the focus);
// with several nodes of one type selected, an edit applies to all of them.
// With nothing selected it shows the project's name and description.
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QWidget>
#include <map>
#include <string>
#include <vector>

#include "layers/layer.h"

class QScrollArea;
class QVBoxLayout;

namespace strata::ui {

class GraphScene;
class ParamEditor;
class ProjectDocument;

class InspectorPanel : public QWidget {
  Q_OBJECT
 public:
  InspectorPanel(ProjectDocument* doc, GraphScene* scene, QWidget* parent = nullptr);

  // For tests and keyboard users: the widgets of the form now shown.
  QLineEdit* name_field() const { return name_; }
  QWidget* field(const std::string& param) const;
  QString message(const std::string& param) const;  // the text beside a field ("" when valid)
  QString name_message() const;
  // The statistics under the form (shape, parameters, cost, padding mask).
  QString stats_text() const;
  // Puts the keyboard focus on the name field (F2).
  void focus_name();

 private:
  void rebuild();
  void build_node_form();
  void build_project_form();
  void build_mixed_form();
  void refresh_values();
  void refresh_messages();
  void commit(const ParamSpec& spec, const nlohmann::json& value);
  void commit_name();
  // Checks a value against the spec; returns the message ("" when valid).
  QString check(const ParamSpec& spec, const nlohmann::json& value) const;
  void set_message(QLabel* label, const QString& text);
  nlohmann::json current_value(const ParamSpec& spec) const;

  ProjectDocument* doc_;
  GraphScene* scene_;
  QScrollArea* scroll_;
  QWidget* form_host_ = nullptr;
  std::vector<std::string> ids_;    // the nodes shown
  const LayerSpec* spec_ = nullptr;  // their type
  std::map<std::string, ParamEditor*> fields_;
  QPointer<QLineEdit> name_;
  QPointer<QLabel> name_message_, node_error_, stats_;
  QPointer<QLineEdit> project_name_;
  QPointer<QPlainTextEdit> project_description_;
  int session_ = 1;  // edits in one session merge into one undo step
  bool updating_ = false;
};

}  // namespace strata::ui
