#pragma once
// Light and dark looks for Qt 6.4, which has no colour-scheme API: Fusion with
// two hand-made palettes, the system's preference read from the platform's
// own palette before Fusion replaces it. Everything the editor paints reads
// its colours from the application palette at paint time, so switching the
// theme repaints the canvas without rebuilding it.
#include <QColor>
#include <QString>

class QApplication;

namespace strata::ui {

enum class ThemeChoice { System, Light, Dark };

ThemeChoice theme_from_setting(const QString& value);  // "system", "light", "dark"
QString theme_setting(ThemeChoice choice);

// Call once, right after the QApplication exists (it records the platform's
// palette to tell what "System" means).
void init_theme(QApplication& app);
void apply_theme(ThemeChoice choice);
bool dark_theme_active();

// Colours that have no QPalette role, derived from the active palette.
struct CanvasColors {
  QColor background, grid, node_fill, node_border, node_text, node_subtle_text;
  QColor link, link_selected, link_label_fill, link_label_text;
  QColor selection, error, warning, port_fill, accent;
};
CanvasColors canvas_colors();

// A layer category's colour ("Convolution"), fixed per category and readable
// on both palettes; unknown categories get a colour hashed from the name.
QColor category_color(const QString& category);

}  // namespace strata::ui
