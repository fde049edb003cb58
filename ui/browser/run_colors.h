#pragma once
// Each run's colour, the same in every table and chart of the Runs tab. A
// run gets the next colour of a golden-ratio sequence the first time the
// browser sees it (runs in the order they started), and keeps it (QSettings):
// runs started one after another, the neighbours in the table, always get
// clearly different hues, and deleting a run changes no other run's colour.
// The user can pick another one. Before a run has been seen, its colour comes
// from a hash of its id.
#include <QColor>
#include <QIcon>
#include <QString>
#include <vector>

namespace strata::ui {

// The i-th colour of the sequence: hues a golden angle apart, three lightness steps.
QColor sequence_color(int index);
QColor run_color(const QString& run_id);
// Gives the runs that have none the next colours of the sequence (oldest first).
void assign_run_colors(const std::vector<QString>& run_ids_oldest_first);
void set_run_color(const QString& run_id, const QColor& color);  // invalid: back to the assigned one
// A run's colour as a dot for tables and trees, drawn at 1x and 2x so it stays crisp on high-DPI screens.
QIcon run_dot(const QColor& color);

}  // namespace strata::ui
