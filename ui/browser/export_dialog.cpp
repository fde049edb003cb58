#include "browser/export_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent>

#include "common/format.h"
#include "export/export_destination.h"
#include "export/run_export.h"

namespace strata::ui {

namespace {
QString extension_of(const QString& format) {
  if (format == QLatin1String("pytorch")) return {};
  return QLatin1Char('.') + format;
}
}  // namespace

ExportDialog::ExportDialog(const RunFolder& run, const QString& run_name, QWidget* parent)
    : QDialog(parent), run_(run), run_name_(run_name) {
  setWindowTitle(tr("Export run %1").arg(QString::fromStdString(run.id)));
  format_ = new QComboBox;
  format_->setObjectName(QStringLiteral("export_format"));
  format_->addItem(tr("ONNX model (.onnx): onnxruntime, other frameworks"), QStringLiteral("onnx"));
  format_->addItem(tr("PyTorch module (model.py + weights.npz)"), QStringLiteral("pytorch"));
  format_->addItem(tr("safetensors weights (.safetensors)"), QStringLiteral("safetensors"));
  format_->addItem(tr("NumPy weights (.npz)"), QStringLiteral("npz"));
  path_ = new QLineEdit;
  path_->setObjectName(QStringLiteral("export_destination"));
  auto* browse = new QToolButton;
  browse->setText(tr("Browse\u2026"));
  auto* where = new QHBoxLayout;
  where->setContentsMargins(0, 0, 0, 0);
  where->addWidget(path_, 1);
  where->addWidget(browse);
  force_ = new QCheckBox(tr("Replace the export's files if they exist (nothing else is touched)"));
  preprocessed_ = new QCheckBox(tr("The model takes preprocessed input (no normalisation nodes at its input)"));
  auto* form = new QFormLayout;
  form->addRow(tr("Run"), new QLabel(run_name_.isEmpty() ? QString::fromStdString(run.id) : QStringLiteral("%1 (%2)").arg(run_name_, QString::fromStdString(run.id))));
  form->addRow(tr("Format"), format_);
  form->addRow(tr("Destination"), where);
  form->addRow(QString(), force_);
  form->addRow(QString(), preprocessed_);
  message_ = new QLabel;
  message_->setObjectName(QStringLiteral("export_message"));
  message_->setWordWrap(true);
  message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  files_ = new QTableWidget(0, 2);
  files_->setObjectName(QStringLiteral("export_files"));
  files_->setHorizontalHeaderLabels({tr("Written"), tr("Size")});
  files_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  files_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
  files_->verticalHeader()->hide();
  files_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  files_->hide();
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
  export_ = buttons->addButton(tr("Export"), QDialogButtonBox::ActionRole);
  export_->setDefault(true);
  open_folder_ = buttons->addButton(tr("Open Folder"), QDialogButtonBox::ActionRole);
  open_folder_->hide();
  auto* lay = new QVBoxLayout(this);
  lay->addLayout(form);
  lay->addWidget(message_);
  lay->addWidget(files_, 1);
  lay->addWidget(buttons);
  resize(620, 380);

  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(format_, &QComboBox::currentIndexChanged, this, [this] { format_changed(); });
  connect(path_, &QLineEdit::textChanged, this, [this] { update_state(); });
  connect(export_, &QPushButton::clicked, this, [this] { start_export(); });
  connect(open_folder_, &QPushButton::clicked, this, [this] {
    const QFileInfo f(path_->text());
    QDesktopServices::openUrl(QUrl::fromLocalFile(format_->currentData() == QLatin1String("pytorch") ? f.absoluteFilePath() : f.absolutePath()));
  });
  connect(browse, &QToolButton::clicked, this, [this] {
    const QString format = format_->currentData().toString();
    const QString chosen = format == QLatin1String("pytorch")
                               ? QFileDialog::getExistingDirectory(this, tr("Folder for model.py and weights.npz"), path_->text())
                               : QFileDialog::getSaveFileName(this, tr("Export as"), path_->text(), QStringLiteral("*%1").arg(extension_of(format)));
    if (!chosen.isEmpty()) path_->setText(chosen);
  });
  connect(&watcher_, &QFutureWatcher<Outcome>::finished, this, [this] { show_outcome(watcher_.result()); });
  format_changed();
}

void ExportDialog::format_changed() {
  const QString format = format_->currentData().toString();
  preprocessed_->setEnabled(format == QLatin1String("onnx"));
  // A destination suggested next to the user's documents, named after the run.
  const QString base = QDir::home().filePath(QStringLiteral("strata-%1").arg(QString::fromStdString(run_.id)));
  const QString current = path_->text();
  if (current.isEmpty() || current.startsWith(base)) path_->setText(base + extension_of(format));
  try {
    problems_ = run_export_problems(run_, format.toStdString());
  } catch (const std::exception& e) {
    problems_ = {e.what()};
  }
  files_->hide();
  open_folder_->hide();
  update_state();
}

void ExportDialog::update_state() {
  if (!problems_.empty()) {
    QStringList lines;
    for (const auto& p : problems_) lines << QString::fromStdString(p).toHtmlEscaped();
    message_->setText(tr("<b>%1 cannot hold this run's model:</b><br>%2").arg(format_->currentText().toHtmlEscaped(), lines.join(QStringLiteral("<br>"))));
    message_->setStyleSheet(QStringLiteral("color: #c0392b"));
  } else if (!busy()) {
    message_->setText(tr("The pre-check found nothing in the way: every layer of the run's model can be exported as %1.").arg(format_->currentText()));
    message_->setStyleSheet(QString());
  }
  export_->setEnabled(problems_.empty() && !path_->text().trimmed().isEmpty() && !busy());
}

void ExportDialog::start_export() {
  if (!problems_.empty() || busy()) return;
  RunExportRequest r;
  r.format = format_->currentData().toString().toStdString();
  r.output = QDir::cleanPath(path_->text().trimmed()).toStdString();
  r.force = force_->isChecked();
  r.preprocessed = preprocessed_->isChecked();
  running_ = true;
  message_->setText(tr("Exporting\u2026"));
  files_->hide();
  watcher_.setFuture(QtConcurrent::run([run = run_, r] {
    Outcome o;
    try {
      const RunExportResult res = export_run(run, r);
      o.ok = true, o.files = res.files, o.tensors = res.tensors;
    } catch (const DestinationExists& e) {
      o.error = std::string(e.what()) + "; tick \"Replace\" to replace the export's own files there";
    } catch (const std::exception& e) {
      o.error = e.what();
    }
    return o;
  }));
  export_->setEnabled(false);
}

void ExportDialog::show_outcome(const Outcome& o) {
  running_ = false;
  update_state();
  if (!o.ok) {
    message_->setText(QString::fromStdString(o.error));
    message_->setStyleSheet(QStringLiteral("color: #c0392b"));
    return;
  }
  message_->setStyleSheet(QString());
  message_->setText(tr("Exported %n tensor(s) of the run:", nullptr, int(o.tensors)));
  files_->setRowCount(int(o.files.size()));
  for (size_t i = 0; i < o.files.size(); ++i) {
    files_->setItem(int(i), 0, new QTableWidgetItem(QDir::toNativeSeparators(QString::fromStdString(o.files[i].first))));
    auto* size = new QTableWidgetItem(bytes_text(double(o.files[i].second)));
    size->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    files_->setItem(int(i), 1, size);
  }
  files_->show();
  open_folder_->show();
  emit exported();
}

}  // namespace strata::ui
