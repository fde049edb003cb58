#pragma once
// One parameter's editing widget, chosen by its ParamSpec: a spin box within
// the spec's limits for integers, a combo box for choices, a check box, a
// field for numbers ("0.5", "1e-3") and integer lists ("3, 3", "3x3"). What
// the user types is validated as they type by a check the owner supplies;
// the message shows under the field and only valid values are reported.
// The inspector (layer parameters) and the training settings panel use it.
#include <QString>
#include <QWidget>
#include <functional>
#include <nlohmann/json.hpp>

#include "layers/layer.h"

class QLabel;

namespace strata::ui {

class ParamEditor : public QWidget {
  Q_OBJECT
 public:
  // `check` returns the message for a value the model would refuse ("" when fine).
  ParamEditor(const ParamSpec& spec, std::function<QString(const nlohmann::json&)> check, QWidget* parent = nullptr);
  // Silent from here on: its field losing the focus as it goes must not
  // reach a panel that is being destroyed around it.
  ~ParamEditor() override { blockSignals(true); }
  const ParamSpec& spec() const { return spec_; }
  QWidget* field() const { return field_; }
  // Shows a value from the model. Never overwrites a field the user is typing in.
  void set_value(const nlohmann::json& value);
  void set_message(const QString& text);
  QString message() const;
  bool has_focus() const;

 signals:
  void edited(const nlohmann::json& value);  // a valid value the user entered
  void editing_finished();                    // the field lost the focus (ends a merged undo step)

 private:
  ParamSpec spec_;
  std::function<QString(const nlohmann::json&)> check_;
  QWidget* field_ = nullptr;
  QLabel* message_ = nullptr;
  bool updating_ = false;
};

}  // namespace strata::ui
