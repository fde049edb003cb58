#include "dashboard/series_math.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace strata::ui {

void ema_extend(const std::vector<ChartPoint>& raw, double weight, EmaState& state, std::vector<ChartPoint>& out) {
  if (out.capacity() < raw.size()) out.reserve(std::max(raw.size(), out.capacity() * 2));  // amortized: a live chart adds a few points at a time
  size_t i = out.size();
  out.resize(raw.size());
  for (; i < raw.size(); ++i) {
    const ChartPoint& p = raw[i];
    if (weight <= 0 || !std::isfinite(p.y)) {
      out[i] = p;
      continue;
    }
    state.last = state.last * weight + (1 - weight) * p.y;
    // Early points divide by the weight not yet accumulated: no pull towards
    // zero. Once that is below double precision the division is by one.
    if (state.weight_power > 1e-17) {
      state.weight_power *= weight;
      out[i] = {p.x, state.last / (1 - state.weight_power)};
    } else {
      out[i] = {p.x, state.last};
    }
  }
}

std::vector<ChartPoint> ema_smoothed(const std::vector<ChartPoint>& raw, double weight) {
  std::vector<ChartPoint> out;
  EmaState state;
  ema_extend(raw, weight, state, out);
  return out;
}

std::vector<ChartPoint> decimated(const std::vector<ChartPoint>& points, double x0, double x1, int columns,
                                  bool one_per_column) {
  if (points.empty() || columns <= 0) return {};
  auto first = std::lower_bound(points.begin(), points.end(), x0, [](const ChartPoint& p, double x) { return p.x < x; });
  auto last = std::upper_bound(points.begin(), points.end(), x1, [](double x, const ChartPoint& p) { return x < p.x; });
  if (first != points.begin()) --first;  // one point beyond each edge
  if (last != points.end()) ++last;
  const size_t n = size_t(last - first);
  const size_t per_column = one_per_column ? 1 : 2;
  if (n <= size_t(columns) * per_column) return {first, last};
  std::vector<ChartPoint> out;
  out.reserve(size_t(columns) * per_column + 4);
  const double per_x = columns / (x1 - x0);
  auto column_of = [&](double x) { return x1 > x0 ? int64_t(std::floor((x - x0) * per_x)) : int64_t(0); };
  auto it = first;
  while (it != last) {
    const int64_t col = column_of(it->x);
    // The column's points: those before the next column's first x.
    const double next_x = x1 > x0 ? x0 + double(col + 1) / per_x : std::numeric_limits<double>::infinity();
    auto lo = it, hi = it;
    for (++it; it != last && it->x < next_x; ++it) {
      if (it->y < lo->y) lo = it;
      if (it->y > hi->y) hi = it;
    }
    if (one_per_column) {
      out.push_back(*(it - 1));
      continue;
    }
    // Lowest and highest, in x order, each once.
    if (lo > hi) std::swap(lo, hi);
    out.push_back(*lo);
    if (hi != lo) out.push_back(*hi);
  }
  // The range's own ends, so the line starts and stops where the data does.
  if (!out.empty() && !(out.front() == *first)) out.insert(out.begin(), *first);
  if (!out.empty() && !(out.back() == *(last - 1))) out.push_back(*(last - 1));
  return out;
}

}  // namespace strata::ui
