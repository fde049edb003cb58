#include "settings/dataset_watcher.h"

#include <QEventLoop>
#include <QtConcurrent/QtConcurrentRun>

#include "document/project_document.h"

namespace strata::ui {

DatasetWatcher::DatasetWatcher(ProjectDocument* doc, QObject* parent) : QObject(parent), doc_(doc) {
  delay_.setSingleShot(true);
  delay_.setInterval(300);  // typing a path is many edits: read once it pauses
  connect(&delay_, &QTimer::timeout, this, &DatasetWatcher::start);
  auto changed = [this] {
    if (doc_->project().dataset != reading_config_ || doc_->base_dir() != reading_base_ || !probe_.ok()) delay_.start();
  };
  connect(doc_, &ProjectDocument::settings_changed, this, changed);
  connect(doc_, &ProjectDocument::file_path_changed, this, changed);
  connect(&watcher_, &QFutureWatcher<DatasetProbe>::finished, this, [this] {
    reading_ = false;
    const bool stale = doc_->project().dataset != reading_config_ || doc_->base_dir() != reading_base_;
    if (again_ || stale) {  // the dataset changed while it was being read: this result describes the old one
      again_ = false;
      start();
      return;
    }
    probe_ = watcher_.result();
    if (probe_.ok())
      doc_->set_data_spec(DataSpec{probe_.sample_shape, probe_.labels, probe_.classes, probe_.label_shape});
    else
      doc_->set_data_spec(std::nullopt);
    emit probed(probe_);
  });
}

void DatasetWatcher::start() {
  if (reading_) {
    again_ = true;
    return;
  }
  if (doc_->project().dataset.empty() || !doc_->project().dataset.contains("kind")) {
    probe_ = {};
    probe_.error = tr("The project has no dataset yet: choose one in the Dataset panel.");
    doc_->set_data_spec(std::nullopt);
    emit probed(probe_);
    return;
  }
  reading_ = true;
  reading_config_ = doc_->project().dataset;
  reading_base_ = doc_->base_dir();
  emit reading_started();
  watcher_.setFuture(QtConcurrent::run([config = reading_config_, base = reading_base_] { return probe_dataset(config, base); }));
}

void DatasetWatcher::read_now_and_wait() {
  delay_.stop();
  QEventLoop loop;
  connect(this, &DatasetWatcher::probed, &loop, &QEventLoop::quit);
  start();  // while a read is under way this asks for another: only the last one reports
  if (reading_) loop.exec();
}

}  // namespace strata::ui
