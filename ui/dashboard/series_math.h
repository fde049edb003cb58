#pragma once
// What the training charts do to their points before drawing: TensorBoard's
// smoothing (an exponential moving average with bias correction, applied to
// the raw points) and min/max decimation per pixel column (the lowest and
// highest point of each column, in x order), which draws the same vertical
// extent per column as all the points would while keeping a 100,000-step run
// cheap to redraw, and never drops an extreme. A smoothed curve, which has no
// spikes to keep, is thinned to one point per column.
#include <vector>

namespace strata::ui {

struct ChartPoint {
  double x = 0, y = 0;
  bool operator==(const ChartPoint&) const = default;
};

// weight in [0, 1): 0 returns the points unchanged. Non-finite values pass
// through without entering the average (as in TensorBoard).
std::vector<ChartPoint> ema_smoothed(const std::vector<ChartPoint>& raw, double weight);

// The same, continued: smooths raw[out.size()...] onto `out`, so a live
// chart smooths only the points that arrived since its last redraw.
struct EmaState {
  double last = 0, weight_power = 1;
};
void ema_extend(const std::vector<ChartPoint>& raw, double weight, EmaState& state, std::vector<ChartPoint>& out);

// `points` sorted by x. Keeps the points with x in [x0, x1] plus one on each
// side (so lines reach the edges): at most two per column of `columns` (its
// lowest and highest), or with `one_per_column` the last of each column.
std::vector<ChartPoint> decimated(const std::vector<ChartPoint>& points, double x0, double x1, int columns,
                                  bool one_per_column = false);

}  // namespace strata::ui
