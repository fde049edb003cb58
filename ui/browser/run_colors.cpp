#include "browser/run_colors.h"

#include <QHash>
#include <QSettings>
#include <cmath>

namespace strata::ui {

namespace {
QString key(const QString& id) { return QStringLiteral("runColors/") + id; }
}  // namespace

QColor default_run_color(const QString& run_id) {
  // FNV-1a over the id: stable across processes and Qt versions (qHash is seeded).
  uint32_t h = 2166136261u;
  for (const QChar c : run_id) h = (h ^ c.unicode()) * 16777619u;
  const double hue = std::fmod(double(h % 4096u) * 0.6180339887498949, 1.0);
  const int band = int((h >> 12) % 3u);
  const double lightness[] = {0.42, 0.52, 0.34};
  const double saturation[] = {0.72, 0.62, 0.80};
  return QColor::fromHslF(float(hue), float(saturation[band]), float(lightness[band]));
}

QColor run_color(const QString& run_id) {
  const QColor chosen = QSettings().value(key(run_id)).value<QColor>();
  return chosen.isValid() ? chosen : default_run_color(run_id);
}

void set_run_color(const QString& run_id, const QColor& color) {
  QSettings s;
  if (color.isValid()) s.setValue(key(run_id), color);
  else s.remove(key(run_id));
}

}  // namespace strata::ui
