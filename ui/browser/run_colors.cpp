#include "browser/run_colors.h"

#include <QHash>
#include <QPainter>
#include <QPixmap>
#include <QSettings>
#include <cmath>

namespace strata::ui {

namespace {

// The settings, read once and kept in step with every write.
struct Store {
  QHash<QString, int> index;
  QHash<QString, QColor> chosen;
  int next = 0;
  Store() {
    QSettings s;
    s.beginGroup(QStringLiteral("runColorIndex"));
    for (const QString& k : s.childKeys()) index.insert(k, s.value(k).toInt());
    s.endGroup();
    s.beginGroup(QStringLiteral("runColors"));
    for (const QString& k : s.childKeys()) chosen.insert(k, s.value(k).value<QColor>());
    s.endGroup();
    next = s.value(QStringLiteral("runColorNext"), 0).toInt();
  }
};
Store& store() {
  static Store s;
  return s;
}

}  // namespace

QColor sequence_color(int i) {
  const double hue = std::fmod(0.08 + i * 0.6180339887498949, 1.0);
  const int band = i % 3;
  const double lightness[] = {0.45, 0.34, 0.56};
  const double saturation[] = {0.70, 0.75, 0.62};
  return QColor::fromHslF(float(hue), float(saturation[band]), float(lightness[band]));
}

QColor run_color(const QString& run_id) {
  Store& s = store();
  if (const auto c = s.chosen.constFind(run_id); c != s.chosen.constEnd() && c->isValid()) return *c;
  if (const auto i = s.index.constFind(run_id); i != s.index.constEnd()) return sequence_color(*i);
  uint32_t h = 2166136261u;  // FNV-1a: stable across processes (qHash is seeded)
  for (const QChar ch : run_id) h = (h ^ ch.unicode()) * 16777619u;
  return sequence_color(int(h % 997u));
}

void assign_run_colors(const std::vector<QString>& ids) {
  Store& s = store();
  QSettings settings;
  bool wrote = false;
  for (const QString& id : ids) {
    if (s.index.contains(id)) continue;
    s.index.insert(id, s.next);
    settings.setValue(QStringLiteral("runColorIndex/") + id, s.next);
    ++s.next;
    wrote = true;
  }
  if (wrote) settings.setValue(QStringLiteral("runColorNext"), s.next);
}

QIcon run_dot(const QColor& color) {
  // Painted once per colour: the table asks for every visible row's dot at each repaint.
  static QHash<QRgb, QIcon> cache;
  if (const auto it = cache.constFind(color.rgba()); it != cache.constEnd()) return *it;
  QIcon icon;
  for (const qreal dpr : {1.0, 2.0}) {
    QPixmap pm(int(12 * dpr), int(12 * dpr));
    pm.setDevicePixelRatio(dpr);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setBrush(color);
    p.setPen(QPen(color.darker(130), 1));
    p.drawEllipse(QRectF(1.5, 1.5, 9, 9));
    p.end();
    icon.addPixmap(pm);
  }
  cache.insert(color.rgba(), icon);
  return icon;
}

void set_run_color(const QString& run_id, const QColor& color) {
  Store& s = store();
  QSettings settings;
  if (color.isValid()) {
    s.chosen.insert(run_id, color);
    settings.setValue(QStringLiteral("runColors/") + run_id, color);
  } else {
    s.chosen.remove(run_id);
    settings.remove(QStringLiteral("runColors/") + run_id);
  }
}

}  // namespace strata::ui
