#include "settings/training_panel.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>
#include <limits>

#include "core/error.h"
#include "document/graph_commands.h"
#include "document/project_document.h"
#include "editor/param_editor.h"
#include "settings/schedule_plot.h"

namespace strata::ui {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

ParamSpec spec(const char* path, ParamKind kind, nlohmann::json def, double min, double max, const QString& help,
               std::vector<std::string> choices = {}) {
  ParamSpec p;
  p.name = path, p.kind = kind, p.default_value = std::move(def), p.min = min, p.max = max;
  p.help = help.toStdString(), p.choices = std::move(choices);
  return p;
}

// The value at a dotted path of a JSON object ("schedule.kind").
nlohmann::json at_path(const nlohmann::json& j, const std::string& path) {
  const nlohmann::json* at = &j;
  size_t start = 0;
  for (size_t dot; (dot = path.find('.', start)) != std::string::npos; start = dot + 1) {
    const std::string key = path.substr(start, dot - start);
    if (!at->contains(key)) return nullptr;
    at = &at->at(key);
  }
  const std::string last = path.substr(start);
  return at->contains(last) ? at->at(last) : nlohmann::json();
}

void set_path(nlohmann::json& j, const std::string& path, const nlohmann::json& value) {
  nlohmann::json* at = &j;
  size_t start = 0;
  for (size_t dot; (dot = path.find('.', start)) != std::string::npos; start = dot + 1) at = &(*at)[path.substr(start, dot - start)];
  (*at)[path.substr(start)] = value;
}

}  // namespace

TrainingPanel::TrainingPanel(ProjectDocument* doc, QWidget* parent) : QWidget(parent), doc_(doc) {
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(0, 0, 0, 0);
  auto* scroll = new QScrollArea(this);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  outer->addWidget(scroll);
  auto* host = new QWidget;
  auto* layout = new QVBoxLayout(host);
  scroll->setWidget(host);
  using K = ParamKind;

  auto* run = new QGroupBox(tr("Run"), host);
  add_rows(run, {{spec("epochs", K::Int, 10, 1, 100000, tr("Passes over the training data")), tr("Epochs")},
                 {spec("batch_size", K::Int, 32, 1, 65536, tr("Samples per step")), tr("Batch size")},
                 {spec("validation_split", K::Float, 0.0, 0, 0.9, tr("Fraction of the training data held out to validate each epoch (0: none, unless the dataset has a validation set)")),
                  tr("Validation split")},
                 {spec("shuffle", K::Bool, true, 0, 1, tr("Visit the training data in a new order each epoch")), tr("Shuffle")},
                 {spec("seed", K::Int, 1, 0, 2147483647, tr("Initial weights, data order and dropout all follow from it: the same seed gives the same run")),
                  tr("Seed")}});
  layout->addWidget(run);

  auto* opt = new QGroupBox(tr("Optimizer"), host);
  add_rows(opt, {{spec("optimizer", K::Choice, "adam", 0, 0, tr("How the weights follow the gradients"), {"sgd", "adam", "adamw", "rmsprop"}),
                  tr("Optimizer")},
                 {spec("learning_rate", K::Float, 1e-3, 0, 100, tr("Step size of each update, e.g. 1e-3 for Adam, 0.01-0.1 for SGD")),
                  tr("Learning rate")},
                 {spec("momentum", K::Float, 0.0, 0, 1, tr("SGD: fraction of the previous update kept (0.9 is usual)")), tr("Momentum")},
                 {spec("nesterov", K::Bool, false, 0, 1, tr("SGD: Nesterov's look-ahead momentum")), tr("Nesterov")},
                 {spec("beta1", K::Float, 0.9, 0, 1, tr("Adam: decay of the gradients' running mean")), tr("Beta 1")},
                 {spec("beta2", K::Float, 0.999, 0, 1, tr("Adam: decay of the squared gradients' running mean (RMSprop: its smoothing)")),
                  tr("Beta 2")},
                 {spec("epsilon", K::Float, 1e-8, 0, 1, tr("Added to the denominator for stability")), tr("Epsilon")},
                 {spec("weight_decay", K::Float, 0.0, 0, kInf, tr("Shrinks the weights each step (AdamW: decoupled)")), tr("Weight decay")},
                 {spec("clip_norm", K::Float, 0.0, 0, kInf, tr("Scale the gradients down when their global norm exceeds this (0: off)")),
                  tr("Clip gradient norm")}});
  layout->addWidget(opt);

  auto* sched = new QGroupBox(tr("Learning rate schedule"), host);
  add_rows(sched, {{spec("schedule.kind", K::Choice, "constant", 0, 0, tr("How the learning rate changes over the run"),
                         {"constant", "step", "exponential", "cosine", "plateau"}),
                    tr("Schedule")},
                   {spec("schedule.step_epochs", K::Int, 10, 1, 100000, tr("Step: epochs between reductions")), tr("Every (epochs)")},
                   {spec("schedule.gamma", K::Float, 0.1, 0, 1, tr("Step and exponential: the factor applied")), tr("Gamma")},
                   {spec("schedule.factor", K::Float, 0.1, 0, 1, tr("Plateau: the factor applied when the loss stalls")), tr("Factor")},
                   {spec("schedule.patience", K::Int, 3, 1, 100000, tr("Plateau: epochs without improvement before lowering")), tr("Patience")},
                   {spec("schedule.min_lr", K::Float, 0.0, 0, kInf, tr("Cosine and plateau: the lowest rate")), tr("Minimum rate")}});
  plot_ = new SchedulePlot(sched);
  plot_->setObjectName(QStringLiteral("schedule_plot"));
  static_cast<QVBoxLayout*>(sched->layout())->addWidget(plot_);
  layout->addWidget(sched);

  auto* early = new QGroupBox(tr("Early stopping"), host);
  add_rows(early, {{spec("early_stopping.enabled", K::Bool, false, 0, 1, tr("Stop when the monitored value stops improving")), tr("Enabled")},
                   {spec("early_stopping.monitor", K::Choice, "val_loss", 0, 0, tr("The value watched each epoch"),
                         {"val_loss", "val_accuracy", "loss", "accuracy"}),
                    tr("Monitor")},
                   {spec("early_stopping.patience", K::Int, 5, 1, 100000, tr("Epochs without improvement before stopping")), tr("Patience")},
                   {spec("early_stopping.min_delta", K::Float, 0.0, 0, kInf, tr("Smallest change that counts as an improvement")),
                    tr("Minimum change")},
                   {spec("early_stopping.restore_best", K::Bool, true, 0, 1, tr("Keep the weights of the best epoch at the end")),
                    tr("Restore best weights")}});
  layout->addWidget(early);
  layout->addStretch(1);

  connect(doc_, &ProjectDocument::settings_changed, this, &TrainingPanel::refresh);
  connect(doc_, &ProjectDocument::replaced, this, &TrainingPanel::refresh);
  refresh();
}

void TrainingPanel::add_rows(QGroupBox* group, std::vector<Row> rows) {
  auto* box = new QVBoxLayout(group);
  auto* form = new QFormLayout;
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  box->addLayout(form);
  for (Row& r : rows) {
    const std::string path = r.spec.name;
    r.form = form;
    r.editor = new ParamEditor(r.spec, [this, path](const nlohmann::json& v) { return check(path, v); }, group);
    r.editor->field()->setObjectName(QString::fromStdString(path));
    auto* label = new QLabel(r.label, group);
    label->setToolTip(QString::fromStdString(r.spec.help));
    label->setBuddy(r.editor->field());
    form->addRow(label, r.editor);
    connect(r.editor, &ParamEditor::edited, this, [this, path](const nlohmann::json& v) { commit(path, v); });
    connect(r.editor, &ParamEditor::editing_finished, this, [this] {
      ++session_;
      refresh();
    });
    rows_.push_back(r);
  }
}

QString TrainingPanel::check(const std::string& path, const nlohmann::json& value) const {
  nlohmann::json training = doc_->settings_json()["training"];
  set_path(training, path, value);
  try {
    training_from_json(training, "training");
    return {};
  } catch (const Error& e) {
    // "training.learning_rate: must be between 0 and 100": the field is beside it already.
    QString m = QString::fromStdString(e.what());
    const QString prefix = QStringLiteral("training.") + QString::fromStdString(path) + QStringLiteral(": ");
    return m.startsWith(prefix) ? m.mid(prefix.size()) : m;
  }
}

void TrainingPanel::commit(const std::string& path, const nlohmann::json& value) {
  const nlohmann::json before = doc_->settings_json();
  nlohmann::json after = before;
  set_path(after["training"], path, value);
  if (after == before) return;
  doc_->undo_stack()->push(new SetSettingsCommand(doc_, before, after, tr("Set %1").arg(QString::fromStdString(path)),
                                                  QString::fromStdString(path), session_));
}

void TrainingPanel::refresh() {
  const nlohmann::json training = doc_->settings_json()["training"];
  const TrainingConfig& cfg = doc_->project().training;
  for (Row& r : rows_) {
    r.editor->set_value(at_path(training, r.spec.name));
    // Only the settings that apply to the chosen optimizer, schedule and stopping.
    const std::string& p = r.spec.name;
    bool shown = true;
    if (p == "momentum" || p == "nesterov") shown = cfg.optimizer == "sgd";
    else if (p == "beta1") shown = cfg.optimizer == "adam" || cfg.optimizer == "adamw";
    else if (p == "beta2" || p == "epsilon") shown = cfg.optimizer != "sgd";
    else if (p == "schedule.step_epochs") shown = cfg.schedule.kind == "step";
    else if (p == "schedule.gamma") shown = cfg.schedule.kind == "step" || cfg.schedule.kind == "exponential";
    else if (p == "schedule.factor" || p == "schedule.patience") shown = cfg.schedule.kind == "plateau";
    else if (p == "schedule.min_lr") shown = cfg.schedule.kind == "cosine" || cfg.schedule.kind == "plateau";
    else if (p.rfind("early_stopping.", 0) == 0 && p != "early_stopping.enabled") shown = cfg.early_stopping.enabled;
    r.form->setRowVisible(r.editor, shown);
  }
  plot_->set_config(cfg);
}

QWidget* TrainingPanel::field(const std::string& path) const {
  for (const Row& r : rows_)
    if (r.spec.name == path) return r.editor->field();
  return nullptr;
}

QString TrainingPanel::message(const std::string& path) const {
  for (const Row& r : rows_)
    if (r.spec.name == path) return r.editor->message();
  return {};
}

bool TrainingPanel::field_shown(const std::string& path) const {
  for (const Row& r : rows_)
    if (r.spec.name == path) return r.editor->isVisibleTo(r.editor->parentWidget()) && !r.editor->isHidden();
  return false;
}

}  // namespace strata::ui
