#include "document/recovery.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QUuid>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "document/project_document.h"
#include "train/run_folder.h"
#include "train/run_lock.h"

namespace strata::ui {
namespace {

nlohmann::json read_json(const QString& file) {
  std::ifstream in(file.toStdString(), std::ios::binary);
  if (!in) throw Error(file.toStdString() + ": cannot open the recovery file");
  std::stringstream ss;
  ss << in.rdbuf();
  nlohmann::json j = nlohmann::json::parse(ss.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("project"))
    throw Error(file.toStdString() + ": not a Strata recovery file");
  return j;
}

}  // namespace

QString recovery_dir() { return QString::fromStdString(data_root()) + QStringLiteral("/recovery"); }

std::vector<RecoveryEntry> orphaned_recoveries() {
  std::vector<RecoveryEntry> out;
  const QDir dir(recovery_dir());
  for (const QString& name : dir.entryList({QStringLiteral("*.strata-recovery")}, QDir::Files, QDir::Time)) {
    RecoveryEntry e;
    e.file = dir.filePath(name);
    try {
      const nlohmann::json j = read_json(e.file);
      e.pid = j.value("pid", qint64(0));
      if (e.pid == QCoreApplication::applicationPid() || process_alive(e.pid)) continue;  // still being edited
      e.original_path = QString::fromStdString(j.value("original_path", std::string()));
      e.saved_at = j.value("saved_at", qint64(0));
      e.title = QString::fromStdString(j["project"].value("name", std::string()));
      out.push_back(e);
    } catch (const Error&) {
      continue;  // half-written by a crash mid-write is impossible (atomic), but a stranger's file may be anything
    }
  }
  return out;
}

Project load_recovery(const QString& file) { return project_from_json(read_json(file)["project"], file.toStdString()); }

void discard_recovery(const QString& file) { QFile::remove(file); }

Autosaver::Autosaver(ProjectDocument* doc, int delay_ms) : QObject(doc), doc_(doc) {
  if (delay_ms < 0) {
    bool ok = false;
    const int env = qEnvironmentVariableIntValue("STRATA_AUTOSAVE_MS", &ok);
    delay_ms = ok && env > 0 ? env : 5000;
  }
  file_ = recovery_dir() + QLatin1Char('/') + QUuid::createUuid().toString(QUuid::WithoutBraces) +
          QStringLiteral(".strata-recovery");
  timer_.setSingleShot(true);
  timer_.setInterval(delay_ms);
  connect(&timer_, &QTimer::timeout, this, &Autosaver::save_now);
  connect(doc->undo_stack(), &QUndoStack::indexChanged, &timer_, qOverload<>(&QTimer::start));
  connect(doc, &ProjectDocument::modified_changed, this, [this](bool modified) {
    if (modified) timer_.start();
    else save_now();  // saved: the recovery file goes
  });
  connect(doc, &ProjectDocument::replaced, this, [this] { doc_->is_modified() ? timer_.start() : save_now(); });
}

Autosaver::~Autosaver() { QFile::remove(file_); }

void Autosaver::save_now() {
  timer_.stop();
  if (!doc_->is_modified()) {
    QFile::remove(file_);
    return;
  }
  const nlohmann::json j{{"format", "strata-recovery"},
                         {"pid", QCoreApplication::applicationPid()},
                         {"saved_at", QDateTime::currentMSecsSinceEpoch()},
                         {"original_path", doc_->file_path().toStdString()},
                         {"project", project_to_json(doc_->project())}};
  QDir().mkpath(recovery_dir());
  try {
    write_file_atomically(file_.toStdString(), j.dump() + "\n");
  } catch (const Error& e) {
    qWarning("autosave failed: %s", e.what());  // the next change tries again
  }
}

}  // namespace strata::ui
