#include "editor/param_editor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>
#include <climits>
#include <optional>

#include "common/theme.h"
#include "editor/layer_catalog.h"

namespace strata::ui {

namespace {

std::optional<std::vector<int64_t>> parse_int_list(QString text) {
  text = text.trimmed();
  text.remove(QLatin1Char('[')).remove(QLatin1Char(']')).remove(QLatin1Char('(')).remove(QLatin1Char(')'));
  const QStringList parts = text.split(QRegularExpression(QStringLiteral("[\\s,x\u00D7*]+")), Qt::SkipEmptyParts);
  if (parts.isEmpty()) return std::nullopt;
  std::vector<int64_t> out;
  for (const QString& p : parts) {
    bool ok = false;
    const qlonglong v = p.toLongLong(&ok);
    if (!ok) return std::nullopt;
    out.push_back(v);
  }
  return out;
}

std::optional<double> parse_number(const QString& text) {
  bool ok = false;
  double v = QLocale::c().toDouble(text.trimmed(), &ok);
  if (!ok) v = QLocale().toDouble(text.trimmed(), &ok);  // "0,5" where the comma is the decimal sign
  if (!ok) return std::nullopt;
  return v;
}

}  // namespace

ParamEditor::ParamEditor(const ParamSpec& spec, std::function<QString(const nlohmann::json&)> check, QWidget* parent)
    : QWidget(parent), spec_(spec), check_(std::move(check)) {
  auto* box = new QVBoxLayout(this);
  box->setContentsMargins(0, 0, 0, 0);
  box->setSpacing(2);
  message_ = new QLabel(this);
  message_->setWordWrap(true);
  message_->setObjectName(QStringLiteral("field_message"));
  message_->hide();
  auto commit = [this](const nlohmann::json& v) {
    if (updating_) return;
    if (const QString why = check_ ? check_(v) : QString(); !why.isEmpty()) return set_message(why);
    set_message({});
    emit edited(v);
  };
  switch (spec_.kind) {
    case ParamKind::Int: {
      auto* spin = new QSpinBox(this);
      spin->setRange(int(std::max<double>(spec_.min, INT_MIN)), int(std::min<double>(spec_.max, INT_MAX)));
      spin->setAccelerated(true);
      connect(spin, &QSpinBox::valueChanged, this, [commit](int v) { commit(v); });
      connect(spin, &QSpinBox::editingFinished, this, &ParamEditor::editing_finished);
      field_ = spin;
      break;
    }
    case ParamKind::Bool: {
      auto* check = new QCheckBox(this);
      connect(check, &QCheckBox::toggled, this, [this, commit](bool v) {
        commit(v);
        emit editing_finished();  // each click is its own step
      });
      field_ = check;
      break;
    }
    case ParamKind::Choice: {
      auto* combo = new QComboBox(this);
      for (const auto& c : spec_.choices) combo->addItem(QString::fromStdString(c), QString::fromStdString(c));
      connect(combo, &QComboBox::activated, this, [this, combo, commit](int i) {
        emit editing_finished();  // each choice is its own step
        commit(combo->itemData(i).toString().toStdString());
      });
      field_ = combo;
      break;
    }
    case ParamKind::Float:
    case ParamKind::IntList: {
      auto* edit = new QLineEdit(this);
      if (spec_.kind == ParamKind::IntList) edit->setPlaceholderText(tr("e.g. 3, 3"));
      connect(edit, &QLineEdit::textEdited, this, [this, commit](const QString& text) {
        if (spec_.kind == ParamKind::Float) {
          const auto n = parse_number(text);
          if (!n) return set_message(tr("Enter a number, e.g. 0.5 or 1e-3."));
          commit(*n);
        } else {
          const auto ints = parse_int_list(text);
          if (!ints) return set_message(tr("Enter whole numbers separated by commas, e.g. 3, 3."));
          commit(*ints);
        }
      });
      // Leaving the field with a value that was refused: the last valid value
      // stays in the model and the owner shows it again.
      connect(edit, &QLineEdit::editingFinished, this, &ParamEditor::editing_finished);
      field_ = edit;
      break;
    }
  }
  field_->setObjectName(QString::fromStdString(spec_.name));
  field_->setToolTip(param_help(spec_));
  box->addWidget(field_);
  box->addWidget(message_);
  setFocusProxy(field_);
}

bool ParamEditor::has_focus() const { return field_->hasFocus(); }

void ParamEditor::set_value(const nlohmann::json& v) {
  updating_ = true;
  if (auto* spin = qobject_cast<QSpinBox*>(field_)) {
    if (v.is_number() && spin->value() != int(v.get<int64_t>())) spin->setValue(int(v.get<int64_t>()));
  } else if (auto* check = qobject_cast<QCheckBox*>(field_)) {
    if (v.is_boolean()) check->setChecked(v.get<bool>());
  } else if (auto* combo = qobject_cast<QComboBox*>(field_)) {
    if (v.is_string()) combo->setCurrentIndex(combo->findData(QString::fromStdString(v.get<std::string>())));
  } else if (auto* edit = qobject_cast<QLineEdit*>(field_); edit && !edit->hasFocus()) {
    edit->setText(param_value_text(spec_, v).replace(QChar(0x00D7), QStringLiteral(", ")));
    set_message({});
  }
  updating_ = false;
}

void ParamEditor::set_message(const QString& text) {
  message_->setText(text);
  message_->setStyleSheet(QStringLiteral("color: %1;").arg(canvas_colors().error.name()));
  message_->setVisible(!text.isEmpty());
}

QString ParamEditor::message() const { return message_->isHidden() ? QString() : message_->text(); }

}  // namespace strata::ui
