#include "app/examples.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include "graph/project.h"

namespace strata::ui {

QString examples_dir() {
  const QString env = qEnvironmentVariable("STRATA_EXAMPLES_DIR");
  if (!env.isEmpty()) return env;
  const QString installed = QCoreApplication::applicationDirPath() + QStringLiteral("/../share/strata/examples");
  if (QFileInfo::exists(installed)) return QDir(installed).absolutePath();
#ifdef STRATA_SOURCE_EXAMPLES_DIR
  return QStringLiteral(STRATA_SOURCE_EXAMPLES_DIR);
#else
  return installed;
#endif
}

std::vector<ExampleInfo> list_examples() {
  std::vector<ExampleInfo> out;
  const QDir dir(examples_dir());
  for (const QString& f : dir.entryList({QStringLiteral("*.strata")}, QDir::Files, QDir::Name)) {
    try {
      const Project p = load_project(dir.filePath(f).toStdString());
      out.push_back({dir.filePath(f), p.name.empty() ? QFileInfo(f).completeBaseName() : QString::fromStdString(p.name),
                     QString::fromStdString(p.description)});
    } catch (const std::exception&) {
      continue;
    }
  }
  return out;
}

}  // namespace strata::ui
