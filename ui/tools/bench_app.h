#pragma once
// What the UI benchmarks share: a QApplication on the offscreen platform with
// the editor's light theme, made only when none exists yet (the benches run
// from `strata bench`, which has none, and from tests, which do); the
// statistics they report.
#include <QApplication>
#include <memory>
#include <vector>

namespace strata::ui {

// The middle of a set of timings (0 for none), and its 95th percentile.
double median(std::vector<double> times);
double p95(std::vector<double> times);

// The application this bench made (keep it alive while it runs), or null when one already existed.
std::unique_ptr<QApplication> offscreen_app_if_needed();

}  // namespace strata::ui
