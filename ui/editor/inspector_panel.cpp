#include "editor/inspector_panel.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QVBoxLayout>
#include <set>

#include "common/format.h"
#include "common/icons.h"
#include "common/theme.h"
#include "document/graph_commands.h"
#include "document/project_document.h"
#include "editor/graph_scene.h"
#include "editor/layer_catalog.h"
#include "editor/param_editor.h"
#include "layers/registry.h"

namespace strata::ui {

namespace {

QLabel* message_label(QWidget* parent) {
  auto* l = new QLabel(parent);
  l->setWordWrap(true);
  l->setObjectName(QStringLiteral("field_message"));
  l->hide();
  return l;
}

}  // namespace

InspectorPanel::InspectorPanel(ProjectDocument* doc, GraphScene* scene, QWidget* parent)
    : QWidget(parent), doc_(doc), scene_(scene) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  scroll_ = new QScrollArea(this);
  scroll_->setWidgetResizable(true);
  scroll_->setFrameShape(QFrame::NoFrame);
  layout->addWidget(scroll_);
  connect(scene_, &QGraphicsScene::selectionChanged, this, &InspectorPanel::rebuild);
  connect(doc_, &ProjectDocument::analyzed, this, [this] {
    // Renames, undo and redo can change what is shown without a selection change.
    std::vector<std::string> now = scene_->selected_node_ids();
    if (now != ids_ || (spec_ && !ids_.empty() && (!doc_->graph().find(ids_[0]) || doc_->graph().find(ids_[0])->type != spec_->type)))
      return rebuild();
    refresh_values();
    refresh_messages();
  });
  connect(doc_, &ProjectDocument::settings_changed, this, [this] {
    if (ids_.empty()) refresh_values();
  });
  connect(doc_, &ProjectDocument::replaced, this, &InspectorPanel::rebuild);
  rebuild();
}

QWidget* InspectorPanel::field(const std::string& param) const {
  const auto it = fields_.find(param);
  return it == fields_.end() ? nullptr : it->second->field();
}

QString InspectorPanel::message(const std::string& param) const {
  const auto it = fields_.find(param);
  return it == fields_.end() ? QString() : it->second->message();
}

QString InspectorPanel::name_message() const { return name_message_ && !name_message_->isHidden() ? name_message_->text() : QString(); }

void InspectorPanel::focus_name() {
  if (name_) {
    name_->setFocus();
    name_->selectAll();
  }
}

void InspectorPanel::rebuild() {
  ++session_;
  ids_ = scene_->selected_node_ids();
  spec_ = nullptr;
  fields_.clear();
  if (form_host_) form_host_->deleteLater();
  form_host_ = new QWidget;
  std::set<std::string> types;
  for (const auto& id : ids_) types.insert(doc_->graph().find(id)->type);
  if (ids_.empty()) build_project_form();
  else if (types.size() == 1 && (spec_ = find_layer(*types.begin()))) build_node_form();
  else build_mixed_form();
  scroll_->setWidget(form_host_);
  refresh_values();
  refresh_messages();
}

void InspectorPanel::build_project_form() {
  auto* layout = new QVBoxLayout(form_host_);
  auto* title = new QLabel(QStringLiteral("<b>%1</b>").arg(tr("Project")), form_host_);
  layout->addWidget(title);
  auto* form = new QFormLayout;
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  project_name_ = new QLineEdit(form_host_);
  project_name_->setObjectName(QStringLiteral("project_name"));
  form->addRow(tr("Name"), project_name_);
  project_description_ = new QPlainTextEdit(form_host_);
  project_description_->setObjectName(QStringLiteral("project_description"));
  project_description_->setMaximumHeight(110);
  form->addRow(tr("Description"), project_description_);
  layout->addLayout(form);
  stats_ = new QLabel(form_host_);
  stats_->setWordWrap(true);
  layout->addWidget(stats_);
  auto* hint = new QLabel(tr("Select a node to edit its parameters. Drag layers from the palette, or press Space on the "
                             "canvas to search for one."),
                          form_host_);
  hint->setWordWrap(true);
  hint->setEnabled(false);
  layout->addWidget(hint);
  layout->addStretch(1);
  auto set_field = [this](const char* key, const std::string& value, const QString& text) {
    if (updating_) return;
    nlohmann::json before = doc_->settings_json(), after = before;
    if (after[key] == value) return;
    after[key] = value;
    doc_->undo_stack()->push(new SetSettingsCommand(doc_, before, after, text, QString::fromLatin1(key), session_));
  };
  connect(project_name_, &QLineEdit::textEdited, this, [this, set_field](const QString& t) {
    set_field("name", t.toStdString(), tr("Rename project"));
  });
  connect(project_name_, &QLineEdit::editingFinished, this, [this] { ++session_; });
  connect(project_description_, &QPlainTextEdit::textChanged, this, [this, set_field] {
    set_field("description", project_description_->toPlainText().toStdString(), tr("Edit project description"));
  });
}

void InspectorPanel::build_mixed_form() {
  auto* layout = new QVBoxLayout(form_host_);
  std::map<std::string, int> counts;
  for (const auto& id : ids_) ++counts[doc_->graph().find(id)->type];
  QString text = QStringLiteral("<b>%1</b><br>").arg(tr("%n nodes selected", nullptr, int(ids_.size())));
  for (const auto& [type, n] : counts) text += QStringLiteral("%1 \u00D7 %2<br>").arg(n).arg(QString::fromStdString(type));
  auto* label = new QLabel(text, form_host_);
  label->setWordWrap(true);
  layout->addWidget(label);
  auto* hint = new QLabel(tr("Select nodes of one type to edit their parameters together."), form_host_);
  hint->setWordWrap(true);
  hint->setEnabled(false);
  layout->addWidget(hint);
  stats_ = new QLabel(form_host_);
  stats_->setWordWrap(true);
  layout->addWidget(stats_);
  layout->addStretch(1);
}

void InspectorPanel::build_node_form() {
  auto* layout = new QVBoxLayout(form_host_);
  layout->setSpacing(6);
  const QString category = QString::fromStdString(spec_->category);
  auto* header = new QHBoxLayout;
  auto* icon = new QLabel(form_host_);
  icon->setPixmap(category_icon(category).pixmap(QSize(22, 22), devicePixelRatioF()));
  header->addWidget(icon);
  auto* type = new QLabel(QStringLiteral("<b style='font-size:14px'>%1</b>").arg(QString::fromStdString(spec_->type)),
                          form_host_);
  header->addWidget(type, 1);
  if (ids_.size() > 1) header->addWidget(new QLabel(tr("%n nodes", nullptr, int(ids_.size())), form_host_));
  layout->addLayout(header);
  auto* summary = new QLabel(layer_summary(*spec_), form_host_);
  summary->setWordWrap(true);
  summary->setEnabled(false);
  layout->addWidget(summary);

  node_error_ = message_label(form_host_);
  layout->addWidget(node_error_);

  auto* form = new QFormLayout;
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  form->setLabelAlignment(Qt::AlignLeft | Qt::AlignVCenter);
  if (ids_.size() == 1) {
    name_ = new QLineEdit(form_host_);
    name_->setObjectName(QStringLiteral("node_name"));
    name_->setToolTip(tr("The node's name: unique in the graph; the layer's tensors are named after it"));
    name_message_ = message_label(form_host_);
    auto* box = new QVBoxLayout;
    box->setSpacing(2);
    box->addWidget(name_);
    box->addWidget(name_message_);
    form->addRow(tr("Name"), box);
    connect(name_, &QLineEdit::textEdited, this, [this](const QString& text) {
      const std::string t = text.trimmed().toStdString();
      QString why;
      if (t.empty()) why = tr("A name cannot be empty.");
      else if (t != ids_[0] && doc_->graph().find(t)) why = tr("A node named '%1' already exists.").arg(text.trimmed());
      set_message(name_message_, why);
    });
    connect(name_, &QLineEdit::editingFinished, this, &InspectorPanel::commit_name);
  }
  for (const auto& p : spec_->params) {
    auto* editor = new ParamEditor(p, [this, &p](const nlohmann::json& v) { return check(p, v); }, form_host_);
    connect(editor, &ParamEditor::edited, this, [this, &p](const nlohmann::json& v) { commit(p, v); });
    connect(editor, &ParamEditor::editing_finished, this, [this] {
      ++session_;  // the next edit of this field is a new undo step
      refresh_values();
      refresh_messages();
    });
    auto* label = new QLabel(param_label(p), form_host_);
    label->setToolTip(param_help(p));
    label->setBuddy(editor->field());
    form->addRow(label, editor);
    fields_[p.name] = editor;
  }
  layout->addLayout(form);
  stats_ = new QLabel(form_host_);
  stats_->setWordWrap(true);
  stats_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(stats_);
  layout->addStretch(1);
}

nlohmann::json InspectorPanel::current_value(const ParamSpec& p) const {
  if (ids_.empty()) return p.default_value;
  const Node* n = doc_->graph().find(ids_[0]);
  if (n && n->params.contains(p.name)) return n->params.at(p.name);
  return p.default_value;
}

QString InspectorPanel::check(const ParamSpec& p, const nlohmann::json& value) const {
  try {
    nlohmann::json params = nlohmann::json::object();
    params[p.name] = value;
    LayerSpec only = *spec_;
    only.params = {p};
    resolve_params(only, ids_.empty() ? std::string() : ids_[0], params);
    return {};
  } catch (const LayerError& e) {
    return QString::fromStdString(e.what());
  }
}

void InspectorPanel::commit(const ParamSpec& p, const nlohmann::json& value) {
  if (updating_ || ids_.empty()) return;
  // Default values are not written: the project keeps only what differs.
  const nlohmann::json stored = value == p.default_value ? nlohmann::json() : value;
  bool changes = false;
  for (const auto& id : ids_) {
    const Node* n = doc_->graph().find(id);
    const nlohmann::json now = n && n->params.contains(p.name) ? n->params.at(p.name) : nlohmann::json();
    changes = changes || now != stored;
  }
  if (!changes) return;
  doc_->undo_stack()->push(new SetParamCommand(doc_, ids_, p.name, stored, session_));
}

void InspectorPanel::commit_name() {
  if (!name_ || ids_.size() != 1) return;
  ++session_;
  const std::string wanted = name_->text().trimmed().toStdString();
  if (wanted == ids_[0]) return set_message(name_message_, {});
  if (wanted.empty() || doc_->graph().find(wanted)) {
    // Keep what the user typed (with the message) until they fix or leave it.
    return;
  }
  const std::string from = ids_[0];
  doc_->undo_stack()->push(new RenameNodeCommand(doc_, from, wanted));
  // The panel shows the same node under its new id (a later edit must find it).
  if (ids_.size() == 1 && ids_[0] == from) ids_[0] = wanted;
  set_message(name_message_, {});
}

void InspectorPanel::set_message(QLabel* label, const QString& text) {
  if (!label) return;
  label->setText(text);
  label->setStyleSheet(QStringLiteral("color: %1;").arg(canvas_colors().error.name()));
  label->setVisible(!text.isEmpty());
}

void InspectorPanel::refresh_values() {
  updating_ = true;
  if (ids_.empty() && project_name_) {
    const QString name = QString::fromStdString(doc_->project().name);
    if (project_name_->text() != name) project_name_->setText(name);
    const QString desc = QString::fromStdString(doc_->project().description);
    if (project_description_->toPlainText() != desc) project_description_->setPlainText(desc);
  }
  if (name_ && ids_.size() == 1 && !name_->hasFocus()) {
    name_->setText(QString::fromStdString(ids_[0]));
    set_message(name_message_, {});
  }
  for (auto& [key, editor] : fields_) editor->set_value(current_value(editor->spec()));
  updating_ = false;
}

QString InspectorPanel::stats_text() const { return stats_ ? stats_->text() : QString(); }

namespace {
// Where a node's padding mask comes from and what the node does with it
// (layers/layer.h MaskRule), for the inspector: masks are carried by links and
// never drawn, so this line is where users see them.
QString mask_text(const NodeReport& rep, const LayerSpec* spec) {
  if (!rep.mask.empty() && rep.mask == rep.id)
    return InspectorPanel::tr("<br><b>Padding mask</b> made here: token id 0 is padding");
  QString from;
  for (const auto& m : rep.input_masks)
    if (!m.empty()) {
      from = QString::fromStdString(m);
      break;
    }
  if (from.isEmpty()) return {};
  if (!rep.mask.empty()) return InspectorPanel::tr("<br><b>Padding mask</b> from %1, passed on").arg(from);
  if (spec && spec->masks == MaskRule::Use) return InspectorPanel::tr("<br><b>Padding mask</b> from %1, used here").arg(from);
  return InspectorPanel::tr("<br><b>Padding mask</b> from %1, ignored here: padded steps count as data").arg(from);
}
}  // namespace

void InspectorPanel::refresh_messages() {
  const ModelReport& r = doc_->report();
  if (stats_) {
    if (ids_.size() == 1) {
      const NodeReport* rep = r.node(ids_[0]);
      if (rep && rep->ok) {
        stats_->setText(tr("<b>Output</b> %1<br><b>Parameters</b> %2<br><b>FLOPs per sample</b> %3<br>"
                           "<b>Activations per sample</b> %4")
                            .arg(shape_text(rep->shape.output), count_text(rep->shape.parameters),
                                 short_count_text(rep->shape.flops), bytes_text(4.0 * double(rep->shape.activations))) +
                        mask_text(*rep, find_layer(rep->type)));
      } else {
        stats_->clear();
      }
    } else {
      stats_->setText(tr("<b>Graph</b>: %n node(s), ", nullptr, int(doc_->graph().nodes().size())) +
                      tr("%1 parameters, %2 FLOPs per sample").arg(count_text(r.parameters), short_count_text(r.flops)));
    }
  }
  if (ids_.empty() || !spec_) return;
  // The analysis' error for this node, beside the field it names.
  // A field being typed in keeps its own message (about the text in it).
  for (auto& [key, editor] : fields_)
    if (!editor->has_focus() || editor->message().isEmpty()) editor->set_message({});
  QString node_message;
  for (const auto& id : ids_) {
    const NodeReport* rep = r.node(id);
    if (!rep || rep->ok || rep->error.empty()) continue;
    QString text = QString::fromStdString(rep->error);
    if (!rep->hint.empty()) text += QStringLiteral(" (") + QString::fromStdString(rep->hint) + QLatin1Char(')');
    if (ids_.size() > 1) text = QString::fromStdString(id) + QStringLiteral(": ") + text;
    const auto it = fields_.find(rep->field);
    if (it != fields_.end()) it->second->set_message(text);
    else node_message += (node_message.isEmpty() ? QString() : QStringLiteral("\n")) + text;
  }
  set_message(node_error_, node_message);
}

}  // namespace strata::ui
