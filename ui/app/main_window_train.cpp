// Training from the editor, for now through the command line's own trainer:
// the project is saved, `strata train` runs as a child process and its
// progress lines appear in the Training Output panel; Stop sends it SIGINT,
// which stops it with its checkpoint (resumable with `strata resume`).
#include <QAction>
#include <QCoreApplication>
#include <QDockWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProcess>
#include <csignal>

#include "app/main_window.h"
#include "document/project_document.h"

namespace strata::ui {

void MainWindow::start_training() {
  if (training_) return;
  if (!doc_->report().ok()) return;
  if (doc_->is_modified() || doc_->file_path().isEmpty()) {
    if (QMessageBox::question(this, tr("Save Before Training"), tr("Training reads the saved project. Save it now?"),
                              QMessageBox::Save | QMessageBox::Cancel, QMessageBox::Save) != QMessageBox::Save ||
        !save())
      return;
  }
  training_ = new QProcess(this);
  training_->setProgram(QCoreApplication::applicationFilePath());
  QStringList args{QStringLiteral("train"), doc_->file_path()};
  if (!device_spec_.isEmpty() && device_spec_ != QLatin1String("auto")) args << QStringLiteral("--device") << device_spec_;
  training_->setArguments(args);
  training_->setProcessChannelMode(QProcess::MergedChannels);
  train_log_->clear();
  train_log_->appendPlainText(QStringLiteral("$ strata %1\n").arg(args.join(QLatin1Char(' '))));
  train_dock_->show();
  train_dock_->raise();
  connect(training_, &QProcess::readyRead, this, [this] {
    train_log_->moveCursor(QTextCursor::End);
    train_log_->insertPlainText(QString::fromUtf8(training_->readAll()));
    train_log_->moveCursor(QTextCursor::End);
  });
  connect(training_, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
    train_log_->appendPlainText(status == QProcess::NormalExit ? tr("\nTraining ended (exit status %1).").arg(code)
                                                               : tr("\nTraining crashed."));
    training_->deleteLater();
    training_ = nullptr;
    action(QStringLiteral("stop"))->setEnabled(false);
    update_analysis_state();
  });
  training_->start();
  action(QStringLiteral("stop"))->setEnabled(true);
  update_analysis_state();
}

void MainWindow::stop_training() {
  if (!training_ || training_->state() == QProcess::NotRunning) return;
  ::kill(pid_t(training_->processId()), SIGINT);  // a clean stop: checkpoint written, run resumable
  training_->waitForFinished(30000);
}

}  // namespace strata::ui
