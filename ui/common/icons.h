#pragma once
// Icons drawn from the line-art SVGs in resources/icons/, tinted at paint
// time with the current palette's text colour (or a given colour), so they
// stay crisp at any device pixel ratio and follow the light or dark theme.
#include <QColor>
#include <QIcon>
#include <QString>

class QPainter;
class QRectF;

namespace strata::ui {

// An action icon, resources/icons/actions/<name>.svg ("save", "run").
QIcon action_icon(const QString& name);
// A layer category's icon in the category's colour; a generic one for
// categories without an SVG.
QIcon category_icon(const QString& category);
// Paints resources/icons/categories/<category>.svg in `color` into `rect`.
void paint_category_icon(QPainter& painter, const QRectF& rect, const QString& category, const QColor& color);

}  // namespace strata::ui
