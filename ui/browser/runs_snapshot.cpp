#include "browser/runs_snapshot.h"

#include <QFileInfo>
#include <algorithm>
#include <cmath>

#include "graph/analysis.h"
#include "graph/project.h"

namespace strata::ui {

namespace {

void flatten(const nlohmann::json& j, const std::string& prefix, std::map<std::string, std::string>& out) {
  if (j.is_object() && !j.empty()) {
    for (const auto& [k, v] : j.items()) flatten(v, prefix.empty() ? k : prefix + "." + k, out);
  } else if (!prefix.empty()) {
    out[prefix] = j.is_string() ? j.get<std::string>() : j.dump();
  }
}

// The model's size and cost, from the graph the run trained (no data needed:
// the Input node states its shape).
void analyse(RunRow& row) {
  if (!row.record.graph.is_object()) return;
  try {
    const nlohmann::json pj = {{"format", "strata-project"}, {"version", kProjectFormatVersion}, {"graph", row.record.graph}};
    const Project p = project_from_json(pj, row.record.id);
    const ModelReport r = analyze(p.graph);
    if (r.ok()) row.parameters = r.parameters, row.flops = r.flops;
  } catch (const std::exception&) {
    // A graph this version cannot read: the columns stay empty.
  }
}

}  // namespace

std::map<std::string, std::string> flatten_settings(const nlohmann::json& j) {
  std::map<std::string, std::string> out;
  flatten(j, "", out);
  return out;
}

const store::MetricSummary* RunRow::metric(const std::string& key) const {
  const auto it = metrics.find(key);
  return it == metrics.end() ? nullptr : &it->second;
}

double RunRow::best(const std::string& key, int* epoch) const {
  const store::MetricSummary* m = metric(key);
  if (!m) return NAN;
  const bool low = store::lower_is_better(key);
  if (epoch) *epoch = low ? m->min_epoch : m->max_epoch;
  return low ? m->min : m->max;
}

std::vector<const RunRow*> oldest_first(std::vector<const RunRow*> runs) {
  std::stable_sort(runs.begin(), runs.end(), [](const RunRow* a, const RunRow* b) { return a->record.started < b->record.started; });
  return runs;
}

std::vector<const RunRow*> oldest_first(const std::vector<RunRow>& runs) {
  std::vector<const RunRow*> p;
  p.reserve(runs.size());
  for (const auto& r : runs) p.push_back(&r);
  return oldest_first(std::move(p));
}

RunsSnapshot read_runs(store::RunLog& log) {
  RunsSnapshot s;
  s.version = log.data_version();
  std::vector<store::RunRecord> runs = log.list_runs();
  std::map<std::string, std::map<std::string, store::MetricSummary>> metrics;
  for (auto& m : log.metric_summaries()) {
    if (m.key.rfind("layer.", 0) == 0) continue;  // per-layer telemetry: the Evaluation tab's, not the table's
    std::string key = m.key;
    metrics[m.run].emplace(std::move(key), std::move(m));
  }
  s.rows.reserve(runs.size());
  for (auto& r : runs) {
    RunRow row;
    row.id = QString::fromStdString(r.id);
    row.params = flatten_settings(r.training);
    if (auto it = metrics.find(r.id); it != metrics.end()) row.metrics = std::move(it->second);
    row.record = std::move(r);
    analyse(row);
    QString text = row.id + QLatin1Char(' ') + QString::fromStdString(row.record.name) + QLatin1Char(' ') +
                   QString::fromStdString(row.record.experiment) + QLatin1Char(' ') +
                   QFileInfo(QString::fromStdString(row.record.project)).fileName() + QLatin1Char(' ') +
                   QString::fromStdString(row.record.status) + QLatin1Char(' ') + QString::fromStdString(row.record.device);
    for (const auto& t : row.record.tags) text += QLatin1Char(' ') + QString::fromStdString(t);
    for (const auto& [k, v] : row.params) text += QLatin1Char(' ') + QString::fromStdString(k + "=" + v);
    row.search_text = text.toLower();
    s.rows.push_back(std::move(row));
  }
  return s;
}

}  // namespace strata::ui
