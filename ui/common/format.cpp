#include "common/format.h"

#include <QCoreApplication>
#include <QLocale>

namespace strata::ui {

QString shape_text(const std::vector<int64_t>& shape) {
  if (shape.empty()) return QCoreApplication::translate("strata::ui::Format", "scalar");
  QString s;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) s += QChar(0x00D7);
    s += QString::number(shape[i]);
  }
  return s;
}

QString count_text(int64_t n) { return QLocale().toString(qlonglong(n)); }

QString short_count_text(double n) {
  const char* units[] = {"", " k", " M", " G", " T"};
  int u = 0;
  while (n >= 1000 && u < 4) n /= 1000, ++u;
  if (u == 0) return QLocale().toString(n, 'f', 0);
  return QLocale().toString(n, 'f', n < 10 ? 2 : n < 100 ? 1 : 0) + QLatin1String(units[u]);
}

QString bytes_text(double bytes) {
  const char* units[] = {" B", " KiB", " MiB", " GiB", " TiB"};
  int u = 0;
  while (bytes >= 1024 && u < 4) bytes /= 1024, ++u;
  if (u == 0) return QLocale().toString(bytes, 'f', 0) + QLatin1String(units[0]);
  return QLocale().toString(bytes, 'f', bytes < 10 ? 2 : bytes < 100 ? 1 : 0) + QLatin1String(units[u]);
}

}  // namespace strata::ui
