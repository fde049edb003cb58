#pragma once
// Each run's colour, the same in every table and chart: derived from its id
// (so it never changes when other runs come and go) unless the user picked
// one, which is remembered (QSettings). Hues are spread by the golden ratio
// over a hash of the id and lightness alternates in three steps, so two runs
// rarely look alike; where they do, the user changes one.
#include <QColor>
#include <QString>

namespace strata::ui {

QColor default_run_color(const QString& run_id);
QColor run_color(const QString& run_id);
void set_run_color(const QString& run_id, const QColor& color);  // invalid: back to the default

}  // namespace strata::ui
