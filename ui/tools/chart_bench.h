#pragma once
// `strata bench chart`: redrawing a training chart with `points` steps per
// series (two per-step series smoothed, two per-epoch series), on the
// offscreen platform: the time from new data to pixels (smoothing,
// decimation, Qt Charts' update, the repaint), while the run grows and while
// the smoothing changes.
#include <nlohmann/json.hpp>

namespace strata::ui {

nlohmann::json run_chart_bench(int points, int frames);

}  // namespace strata::ui
