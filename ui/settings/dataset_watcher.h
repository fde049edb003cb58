#pragma once
// Keeps what is known about the open project's dataset current: after the
// dataset section (or the project's folder) changes it reads the dataset
// again with the engine's loader, off the UI thread (dataset_probe.h), and
// hands the document the data's shapes and classes so the analysis checks the
// graph against them. Results of a read made stale by a newer edit are
// dropped.
#include <QFutureWatcher>
#include <QObject>
#include <QTimer>

#include "settings/dataset_probe.h"

namespace strata::ui {

class ProjectDocument;

class DatasetWatcher : public QObject {
  Q_OBJECT
 public:
  explicit DatasetWatcher(ProjectDocument* doc, QObject* parent = nullptr);
  const DatasetProbe& probe() const { return probe_; }
  bool reading() const { return reading_; }
  // Reads now, skipping the pause after an edit; returns once the result is in (tests).
  void read_now_and_wait();

 signals:
  void reading_started();
  void probed(const strata::ui::DatasetProbe& probe);

 private:
  void start();
  ProjectDocument* doc_;
  QTimer delay_;
  QFutureWatcher<DatasetProbe> watcher_;
  nlohmann::json reading_config_;
  std::string reading_base_;
  DatasetProbe probe_;
  bool reading_ = false, again_ = false;
};

}  // namespace strata::ui
