#pragma once
// `strata bench runs`: the Runs tab on a big log — `runs` runs of `points`
// metric points each (written once into a temporary log, or kept in
// `keep_dir`): reading the log into a snapshot (on the reader thread in the
// app; timed here on this one), building the table and painting it (the
// table's load), and filtering it with typical queries, on the offscreen
// platform. Targets: load under 0.5 s, a filter under 50 ms.
#include <nlohmann/json.hpp>
#include <string>

namespace strata::ui {

nlohmann::json run_runs_bench(int runs, int points, const std::string& keep_dir);

}  // namespace strata::ui
