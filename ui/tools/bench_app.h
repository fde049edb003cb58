#pragma once
// What the UI benchmarks share: a QApplication on the offscreen platform with
// the editor's light theme, made only when none exists yet (the benches run
// from `strata bench`, which has none, and from tests, which do).
#include <QApplication>
#include <memory>

namespace strata::ui {

// The application this bench made (keep it alive while it runs), or null when one already existed.
std::unique_ptr<QApplication> offscreen_app_if_needed();

}  // namespace strata::ui
