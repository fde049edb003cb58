#include "common/theme.h"

#include <QApplication>
#include <QHash>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace strata::ui {
namespace {

QPalette g_platform_palette;  // what the platform gave before Fusion
ThemeChoice g_choice = ThemeChoice::System;

// One look: the colours Fusion needs, as the two themes fill them in.
struct Look {
  QColor window, base, alternate_base, text, disabled_text, placeholder, tooltip_base, button, light, midlight, mid, dark,
      shadow, accent, link, link_visited;
};

QPalette palette_of(const Look& k) {
  QPalette p;
  p.setColor(QPalette::Window, k.window);
  p.setColor(QPalette::WindowText, k.text);
  p.setColor(QPalette::Base, k.base);
  p.setColor(QPalette::AlternateBase, k.alternate_base);
  p.setColor(QPalette::ToolTipBase, k.tooltip_base);
  p.setColor(QPalette::ToolTipText, k.text);
  p.setColor(QPalette::PlaceholderText, k.placeholder);
  p.setColor(QPalette::Text, k.text);
  p.setColor(QPalette::Button, k.button);
  p.setColor(QPalette::ButtonText, k.text);
  p.setColor(QPalette::BrightText, Qt::white);
  p.setColor(QPalette::Light, k.light);
  p.setColor(QPalette::Midlight, k.midlight);
  p.setColor(QPalette::Mid, k.mid);
  p.setColor(QPalette::Dark, k.dark);
  p.setColor(QPalette::Shadow, k.shadow);
  p.setColor(QPalette::Highlight, k.accent);
  p.setColor(QPalette::HighlightedText, Qt::white);
  p.setColor(QPalette::Link, k.link);
  p.setColor(QPalette::LinkVisited, k.link_visited);
  for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
    p.setColor(QPalette::Disabled, role, k.disabled_text);
  p.setColor(QPalette::Disabled, QPalette::Highlight, k.mid);
  return p;
}

QPalette light_palette() {
  return palette_of({.window = QColor(0xf3, 0xf4, 0xf6), .base = Qt::white, .alternate_base = QColor(0xf7, 0xf8, 0xfa),
                     .text = QColor(0x1f, 0x23, 0x28), .disabled_text = QColor(0x9c, 0xa3, 0xaf),
                     .placeholder = QColor(0x8a, 0x91, 0x99), .tooltip_base = QColor(0xff, 0xfd, 0xe8),
                     .button = QColor(0xfa, 0xfa, 0xfb), .light = Qt::white, .midlight = QColor(0xe5, 0xe7, 0xeb),
                     .mid = QColor(0xc4, 0xc8, 0xce), .dark = QColor(0x9c, 0xa3, 0xaf), .shadow = QColor(0x6b, 0x72, 0x80),
                     .accent = QColor(0x25, 0x63, 0xeb), .link = QColor(0x25, 0x63, 0xeb),
                     .link_visited = QColor(0x7c, 0x3a, 0xed)});
}

QPalette dark_palette() {
  return palette_of({.window = QColor(0x25, 0x27, 0x2b), .base = QColor(0x1b, 0x1d, 0x21),
                     .alternate_base = QColor(0x23, 0x25, 0x2a), .text = QColor(0xe4, 0xe6, 0xea),
                     .disabled_text = QColor(0x6b, 0x70, 0x78), .placeholder = QColor(0x80, 0x86, 0x8f),
                     .tooltip_base = QColor(0x33, 0x36, 0x3c), .button = QColor(0x2e, 0x31, 0x36),
                     .light = QColor(0x45, 0x49, 0x50), .midlight = QColor(0x38, 0x3b, 0x41), .mid = QColor(0x2b, 0x2e, 0x33),
                     .dark = QColor(0x18, 0x1a, 0x1d), .shadow = QColor(0x0c, 0x0d, 0x0f), .accent = QColor(0x4c, 0x8d, 0xf6),
                     .link = QColor(0x7a, 0xaa, 0xff), .link_visited = QColor(0xb3, 0x8b, 0xfa)});
}

bool platform_prefers_dark() {
  // Qt 6.4 reads the desktop's palette (GTK/KDE themes) into the platform
  // palette; a dark window colour there is the only portable signal.
  return g_platform_palette.color(QPalette::Window).lightness() < 128;
}

}  // namespace

ThemeChoice theme_from_setting(const QString& value) {
  if (value == QLatin1String("light")) return ThemeChoice::Light;
  if (value == QLatin1String("dark")) return ThemeChoice::Dark;
  return ThemeChoice::System;
}

QString theme_setting(ThemeChoice choice) {
  switch (choice) {
    case ThemeChoice::Light: return QStringLiteral("light");
    case ThemeChoice::Dark: return QStringLiteral("dark");
    case ThemeChoice::System: break;
  }
  return QStringLiteral("system");
}

void init_theme(QApplication& app) {
  g_platform_palette = app.palette();
  app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
}

void apply_theme(ThemeChoice choice) {
  g_choice = choice;
  const bool dark = choice == ThemeChoice::Dark || (choice == ThemeChoice::System && platform_prefers_dark());
  QApplication::setPalette(dark ? dark_palette() : light_palette());
}

bool dark_theme_active() { return QApplication::palette().color(QPalette::Window).lightness() < 128; }

CanvasColors canvas_colors() {
  // Every item asks while painting: derive the colours once per palette.
  static qint64 cached_key = -1;
  static CanvasColors c;
  const QPalette p = QApplication::palette();
  if (p.cacheKey() == cached_key) return c;
  cached_key = p.cacheKey();
  const bool dark = p.color(QPalette::Window).lightness() < 128;
  c.background = dark ? QColor(0x1e, 0x20, 0x24) : QColor(0xf8, 0xf9, 0xfb);
  c.grid = dark ? QColor(0x34, 0x37, 0x3d) : QColor(0xdc, 0xdf, 0xe4);
  c.node_fill = dark ? QColor(0x2c, 0x2f, 0x35) : QColor(Qt::white);
  c.node_border = dark ? QColor(0x48, 0x4c, 0x54) : QColor(0xc9, 0xce, 0xd6);
  c.node_text = p.color(QPalette::Text);
  c.node_subtle_text = dark ? QColor(0xa0, 0xa6, 0xb0) : QColor(0x5f, 0x66, 0x70);
  c.link = dark ? QColor(0x7d, 0x84, 0x8f) : QColor(0x8b, 0x93, 0x9e);
  c.link_selected = p.color(QPalette::Highlight);
  c.link_label_fill = dark ? QColor(0x26, 0x29, 0x2e) : QColor(0xee, 0xf0, 0xf3);
  c.link_label_text = dark ? QColor(0xc3, 0xc8, 0xd0) : QColor(0x44, 0x4b, 0x55);
  c.selection = p.color(QPalette::Highlight);
  c.error = dark ? QColor(0xf8, 0x71, 0x71) : QColor(0xdc, 0x26, 0x26);
  c.warning = dark ? QColor(0xfb, 0xbf, 0x24) : QColor(0xd9, 0x77, 0x06);
  c.port_fill = dark ? QColor(0x9a, 0xa1, 0xac) : QColor(0x6b, 0x72, 0x80);
  c.accent = p.color(QPalette::Highlight);
  return c;
}

QColor category_color(const QString& category) {
  static const QHash<QString, QColor> fixed{
      {QStringLiteral("Input"), QColor(0x0d, 0x94, 0x88)},         {QStringLiteral("Core"), QColor(0x25, 0x63, 0xeb)},
      {QStringLiteral("Convolution"), QColor(0x7c, 0x3a, 0xed)},   {QStringLiteral("Pooling"), QColor(0x08, 0x91, 0xb2)},
      {QStringLiteral("Normalization"), QColor(0xca, 0x8a, 0x04)}, {QStringLiteral("Activation"), QColor(0xea, 0x58, 0x0c)},
      {QStringLiteral("Regularization"), QColor(0x64, 0x74, 0x8b)}, {QStringLiteral("Recurrent"), QColor(0xdb, 0x27, 0x77)},
      {QStringLiteral("Text"), QColor(0x16, 0xa3, 0x4a)},          {QStringLiteral("Merge"), QColor(0x93, 0x6b, 0x2a)},
      {QStringLiteral("Attention"), QColor(0x4f, 0x46, 0xe5)},    {QStringLiteral("Loss"), QColor(0xdc, 0x26, 0x26)}};
  const auto it = fixed.find(category);
  QColor c = it != fixed.end() ? *it : QColor::fromHsl(int(qHash(category) % 360), 150, 110);
  if (dark_theme_active()) c = c.lighter(135);
  return c;
}

}  // namespace strata::ui
