#pragma once
// What the experiment browser shows, read from the run log in one go on a
// worker thread: every run with its record, its flattened training settings
// (the hyperparameters), the summary of each of its metrics, and its model's
// size and cost from an analysis of the graph it trained. Plain data: the
// models and views build from it on the UI thread.
#include <QString>
#include <map>
#include <string>
#include <vector>

#include "store/run_log.h"

namespace strata::ui {

struct RunRow {
  store::RunRecord record;
  QString id;
  std::map<std::string, std::string> params;                 // training settings, flattened ("optimizer.beta1")
  std::map<std::string, store::MetricSummary> metrics;       // by key
  int64_t parameters = -1;                                   // -1: the graph could not be analysed
  double flops = -1;
  QString search_text;  // lower case: what the filter bar's free text looks through
  const store::MetricSummary* metric(const std::string& key) const;
  // The best value of a metric (lowest or highest, as the metric goes), NaN without one.
  double best(const std::string& key, int* epoch = nullptr) const;
};

struct RunsSnapshot {
  std::vector<RunRow> rows;  // newest first
  int64_t version = -1;      // the log's data_version when read
};

// The runs in the order they started (the oldest is a comparison's baseline).
std::vector<const RunRow*> oldest_first(std::vector<const RunRow*> runs);
std::vector<const RunRow*> oldest_first(const std::vector<RunRow>& runs);

// Reads everything (call on a worker thread; throws strata::Error from the log).
RunsSnapshot read_runs(store::RunLog& log);
std::map<std::string, std::string> flatten_settings(const nlohmann::json& j);

}  // namespace strata::ui
