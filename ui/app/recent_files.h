#pragma once
// The recently opened projects (QSettings "file/recent", newest first, at
// most ten, only files that still exist).
#include <QStringList>

namespace strata::ui {

QStringList recent_files();
void add_recent_file(const QString& path);
void clear_recent_files();

}  // namespace strata::ui
