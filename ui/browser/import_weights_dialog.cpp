#include "browser/import_weights_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <filesystem>

#include "common/format.h"
#include "document/graph_commands.h"
#include "document/project_document.h"
#include "run/parameter_shapes.h"
#include "train/checkpoint.h"
#include "train/run_folder.h"

namespace strata::ui {

namespace {
QString shapes_text(const std::vector<std::pair<std::string, const NamedArray*>>& tensors) {
  QStringList parts;
  for (const auto& [role, a] : tensors) parts << QStringLiteral("%1 %2").arg(QString::fromStdString(role), shape_text(a->shape));
  return parts.join(QStringLiteral(", "));
}
int64_t elements(const NamedArray& a) {
  int64_t n = 1;
  for (int64_t d : a.shape) n *= d;
  return n;
}
}  // namespace

ImportWeightsDialog::ImportWeightsDialog(ProjectDocument* doc, const std::vector<std::pair<QString, QString>>& runs, QWidget* parent)
    : QDialog(parent), doc_(doc) {
  setWindowTitle(tr("Import Weights"));
  try {
    shapes_ = parameter_shapes(doc->project());  // the graph's own tensors, for an exact match
  } catch (const std::exception&) {
    // A graph with errors: the sizes from the analysis are compared instead.
  }
  runs_ = new QComboBox;
  runs_->setObjectName(QStringLiteral("import_run"));
  runs_->addItem(tr("Choose a run\u2026"), QString());
  for (const auto& [id, label] : runs) runs_->addItem(label, id);
  auto* file = new QPushButton(tr("From a File\u2026"));
  auto* top = new QHBoxLayout;
  top->addWidget(new QLabel(tr("Source")));
  top->addWidget(runs_, 1);
  top->addWidget(file);
  message_ = new QLabel(tr("Weights are matched to the graph's layers by name; a layer starts from the source only when every tensor's shape agrees."));
  message_->setObjectName(QStringLiteral("import_message"));
  message_->setWordWrap(true);
  table_ = new QTableWidget(0, 6);
  table_->setObjectName(QStringLiteral("import_table"));
  table_->setHorizontalHeaderLabels({tr("Layer"), tr("Type"), tr("In the source"), tr("Match"), tr("Start from it"), tr("Freeze")});
  table_->horizontalHeader()->setSectionResizeMode(Source, QHeaderView::Stretch);
  table_->verticalHeader()->hide();
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
  QPushButton* ok = buttons->addButton(tr("Apply to the Project"), QDialogButtonBox::AcceptRole);
  ok->setObjectName(QStringLiteral("import_apply"));
  ok->setEnabled(false);  // until a source is read: applying nothing would clear the project's choices
  apply_ = ok;
  auto* lay = new QVBoxLayout(this);
  lay->addLayout(top);
  lay->addWidget(message_);
  lay->addWidget(table_, 1);
  lay->addWidget(buttons);
  resize(780, 460);
  connect(runs_, &QComboBox::activated, this, [this](int i) {
    if (i > 0) set_source(runs_->itemData(i).toString());
  });
  connect(file, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Weights to import"), QString(),
                                                      tr("Weights (*.npz *.safetensors *.ck);;All files (*)"));
    if (!path.isEmpty()) set_source(path);
  });
  connect(buttons, &QDialogButtonBox::accepted, this, [this] {
    apply();
    accept();
  });
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

bool ImportWeightsDialog::set_source(const QString& source) {
  weights_.clear();
  source_ = source;
  try {
    std::string path = source.toStdString();
    if (!std::filesystem::exists(path)) path = find_run_folder(path).checkpoint();  // a run id
    if (path.size() > 4 && path.substr(path.size() - 4) == ".npz") weights_ = read_npz(path);
    else if (path.size() > 12 && path.substr(path.size() - 12) == ".safetensors") weights_ = read_safetensors(path);
    else weights_ = checkpoint_weights(path);
  } catch (const std::exception& e) {
    message_->setText(QString::fromStdString(e.what()));
    table_->setRowCount(0);
    source_.clear();
    apply_->setEnabled(false);
    return false;
  }
  fill();
  apply_->setEnabled(true);
  return true;
}

void ImportWeightsDialog::fill() {
  // The source's tensors by layer ("dense_1.weight" -> dense_1).
  std::map<std::string, std::vector<std::pair<std::string, const NamedArray*>>> by_layer;
  for (const auto& [name, a] : weights_) {
    const auto dot = name.rfind('.');
    by_layer[dot == std::string::npos ? name : name.substr(0, dot)].emplace_back(dot == std::string::npos ? name : name.substr(dot + 1), &a);
  }
  const ModelReport& report = doc_->report();
  const auto& training = doc_->project().training;
  table_->setRowCount(0);
  int matched = 0;
  for (const NodeReport& n : report.nodes) {
    if (n.shape.parameters + n.shape.state == 0) continue;  // nothing to import into
    const int row = table_->rowCount();
    table_->insertRow(row);
    table_->setItem(row, Layer, new QTableWidgetItem(QString::fromStdString(n.id)));
    table_->setItem(row, Type, new QTableWidgetItem(QString::fromStdString(n.type)));
    const auto it = by_layer.find(n.id);
    QString status;
    bool ok = false;
    if (it == by_layer.end()) {
      status = tr("not in the source");
    } else {
      table_->setItem(row, Source, new QTableWidgetItem(shapes_text(it->second)));
      if (!shapes_.empty()) {
        // Exactly: every tensor of the layer, by role, with the same shape.
        QStringList differ;
        std::map<std::string, Shape> here;
        for (const auto& [name, shape] : shapes_)
          if (name.rfind(n.id + ".", 0) == 0) here[name.substr(n.id.size() + 1)] = shape;
        for (const auto& [role, shape] : here) {
          const auto src = std::find_if(it->second.begin(), it->second.end(), [&](const auto& t) { return t.first == role; });
          if (src == it->second.end()) differ << tr("%1 is not in the source").arg(QString::fromStdString(role));
          else if (src->second->shape != shape)
            differ << tr("%1 %2 here, %3 in the source").arg(QString::fromStdString(role), shape_text(shape), shape_text(src->second->shape));
        }
        ok = differ.isEmpty() && !here.empty();
        status = ok ? tr("shapes agree") : differ.join(QStringLiteral("; "));
      } else {  // the graph does not compile now: compare sizes
        int64_t total = 0;
        for (const auto& t : it->second) total += elements(*t.second);
        ok = total == n.shape.parameters + n.shape.state;
        status = ok ? tr("sizes agree") : tr("sizes differ: %1 values here, %2 in the source").arg(n.shape.parameters + n.shape.state).arg(total);
      }
    }
    auto* s = new QTableWidgetItem(status);
    s->setForeground(ok ? QColor(0x16, 0xa3, 0x4a) : QColor(0xc0, 0x39, 0x2b));
    table_->setItem(row, Status, s);
    auto* use = new QTableWidgetItem;
    use->setFlags(ok ? Qt::ItemIsEnabled | Qt::ItemIsUserCheckable : Qt::ItemFlags());
    use->setCheckState(ok ? Qt::Checked : Qt::Unchecked);
    table_->setItem(row, Use, use);
    auto* freeze = new QTableWidgetItem;
    freeze->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
    const bool frozen = std::find(training.freeze.begin(), training.freeze.end(), n.id) != training.freeze.end();
    freeze->setCheckState(frozen ? Qt::Checked : Qt::Unchecked);
    table_->setItem(row, Freeze, freeze);
    matched += ok;
  }
  message_->setText(tr("%1 of %2 layers with weights match the source by name and shape.").arg(matched).arg(table_->rowCount()));
}

void ImportWeightsDialog::apply() {
  if (source_.isEmpty()) return;
  const nlohmann::json before = doc_->settings_json();
  nlohmann::json after = before;
  std::vector<std::string> layers, freeze;
  for (int r = 0; r < table_->rowCount(); ++r) {
    const std::string id = table_->item(r, Layer)->text().toStdString();
    if (table_->item(r, Use)->checkState() == Qt::Checked) layers.push_back(id);
    if (table_->item(r, Freeze)->checkState() == Qt::Checked) freeze.push_back(id);
  }
  if (!source_.isEmpty() && !layers.empty()) after["training"]["init_from"] = {{"source", source_.toStdString()}, {"layers", layers}};
  else after["training"].erase("init_from");
  if (freeze.empty()) after["training"].erase("freeze");
  else after["training"]["freeze"] = freeze;
  if (after != before) doc_->undo_stack()->push(new SetSettingsCommand(doc_, before, after, tr("Import weights")));
}

}  // namespace strata::ui
