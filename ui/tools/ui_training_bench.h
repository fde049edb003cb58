#pragma once
// `strata bench ui-training`: how the editor's UI thread fares while a run
// trains (the Fashion-MNIST CNN on the CPU backend with the Training tab
// showing, offscreen): the longest stall and the 99th-percentile latency of a
// 5 ms timer, against the same with no run; and the run's throughput with the
// editor open against the same run made by the run service alone (as
// `strata train` makes it) in the same process, in interleaved rounds.
#include <nlohmann/json.hpp>
#include <string>

namespace strata::ui {

nlohmann::json run_ui_training_bench(const std::string& project, const std::string& device, int64_t limit_train, int rounds);

}  // namespace strata::ui
