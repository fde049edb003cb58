#pragma once
// Crash recovery. While a project has unsaved changes its window writes the
// whole project, atomically, to a recovery file under <data root>/recovery
// (a few seconds after the last change), with the process id and the file
// the project came from. Saving, closing or discarding removes the file. At
// start-up, files left by a process that is no longer alive are offered for
// recovery: nothing a user typed is lost to a crash.
#include <QObject>
#include <QString>
#include <QTimer>
#include <vector>

#include "graph/project.h"

namespace strata::ui {

class ProjectDocument;

QString recovery_dir();

struct RecoveryEntry {
  QString file;           // the recovery file
  QString original_path;  // the project's own file; empty for an unsaved project
  QString title;
  qint64 saved_at = 0;    // ms since the epoch
  qint64 pid = 0;
};

// Recovery files whose writer is gone (crashed or killed); unreadable files are skipped.
std::vector<RecoveryEntry> orphaned_recoveries();
// The project in a recovery file; throws strata::Error naming the file.
Project load_recovery(const QString& file);
void discard_recovery(const QString& file);

// Keeps one document's recovery file up to date.
class Autosaver : public QObject {
  Q_OBJECT
 public:
  // Waits `delay_ms` after a change (default: $STRATA_AUTOSAVE_MS, else 5 s).
  explicit Autosaver(ProjectDocument* doc, int delay_ms = -1);
  ~Autosaver() override;  // a clean shutdown leaves no recovery file
  QString file() const { return file_; }
  // Writes now if there are unsaved changes; removes the file otherwise.
  void save_now();

 private:
  ProjectDocument* doc_;
  QString file_;
  QTimer timer_;
};

}  // namespace strata::ui
