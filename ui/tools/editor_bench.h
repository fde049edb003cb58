#pragma once
// `strata bench editor`: the editor's costs on a generated graph of `nodes`
// layers with branches (residual Add blocks and Concatenate fan-ins), on the
// offscreen platform: loading and laying it out, repainting the fitted view
// while zooming and panning, and analysing the graph after one parameter
// change. Figures, not tests (bench/README.md has the targets).
#include <nlohmann/json.hpp>

namespace strata::ui {

// Creates its own QApplication when none exists (offscreen unless
// QT_QPA_PLATFORM says otherwise).
nlohmann::json run_editor_bench(int nodes, int frames);

}  // namespace strata::ui
