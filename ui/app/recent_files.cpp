#include "app/recent_files.h"

#include <QFileInfo>
#include <QSettings>

namespace strata::ui {
namespace {
const char kKey[] = "file/recent";
constexpr int kMax = 10;
}  // namespace

QStringList recent_files() {
  QStringList out;
  for (const QString& f : QSettings().value(QLatin1String(kKey)).toStringList())
    if (QFileInfo::exists(f)) out << f;
  return out;
}

void add_recent_file(const QString& path) {
  if (path.isEmpty()) return;
  QStringList list = QSettings().value(QLatin1String(kKey)).toStringList();
  list.removeAll(path);
  list.prepend(path);
  while (list.size() > kMax) list.removeLast();
  QSettings().setValue(QLatin1String(kKey), list);
}

void clear_recent_files() { QSettings().remove(QLatin1String(kKey)); }

}  // namespace strata::ui
