// `strata runs list|show|compare|delete|tag`: the experiment log from the
// command line. --json ends with one JSON value on the last line.
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <set>

#include "commands.h"
#include "core/error.h"
#include "run/run_lookup.h"
#include "store/run_log.h"
#include "train/run_lock.h"

namespace strata::cli {
namespace {

struct RunsOptions {
  std::string db, run, tag, experiment;
  std::vector<std::string> runs;
  bool json = false;
};

std::string when(double t) {
  if (t <= 0) return "-";
  const std::time_t s = std::time_t(t);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", std::localtime(&s));
  return buf;
}

nlohmann::json summary(const store::RunRecord& r) {
  return {{"run_id", r.id},      {"status", r.status},     {"project", r.project}, {"name", r.name},
          {"experiment", r.experiment},
          {"device", r.device},  {"started", when(r.started)}, {"ended", when(r.ended)}, {"seed", r.seed},
          {"parent", r.parent},  {"tags", r.tags},         {"metrics", r.latest},  {"message", r.message}};
}

// Reading the log never creates one: a mistyped --db is an error, not a new empty log.
std::string open_db(const RunsOptions& o) { return log_path(o.db); }
constexpr auto kExisting = store::LogAccess::MustExist;

store::RunRecord require(store::RunLog& log, const std::string& id) {
  auto r = log.get_run(id);
  if (!r) throw Error("no run '" + id + "' in " + log.path());
  return *r;
}

// Everything that defines a run, flat ("learning_rate", "schedule.kind",
// "dataset.kind", "limit_train"): what `runs show` lists and `runs compare`
// compares. Training settings keep their own names, as the params table has them.
std::map<std::string, std::string> parameters(const store::RunRecord& r) {
  std::map<std::string, std::string> out;
  std::function<void(const nlohmann::json&, const std::string&)> go = [&](const nlohmann::json& v, const std::string& k) {
    if (v.is_object() && !v.empty())
      for (const auto& [kk, vv] : v.items()) go(vv, k.empty() ? kk : k + "." + kk);
    else if (!k.empty()) out[k] = v.is_string() ? v.get<std::string>() : v.dump();
  };
  go(r.training, "");
  go(r.dataset, "dataset");
  if (r.limits.is_object())
    for (const auto& [k, v] : r.limits.items()) out[k] = v.get<int64_t>() > 0 ? v.dump() : "all";
  out["dataset_fingerprint"] = r.dataset_fingerprint;
  out["device"] = r.device;
  out["project"] = r.project;
  return out;
}

void list(const RunsOptions& o) {
  store::RunLog log(open_db(o), kExisting);
  auto runs = log.list_runs();
  if (!o.experiment.empty())
    std::erase_if(runs, [&](const store::RunRecord& r) { return r.experiment != o.experiment; });
  std::printf("%-14s %-11s %-19s %-24s %-22s %9s %9s\n", "run", "status", "started", "project", "device", "test_acc",
              "test_loss");
  nlohmann::json all = nlohmann::json::array();
  for (const auto& r : runs) {
    auto metric = [&](const char* k) {
      const auto it = r.latest.find(k);
      return it == r.latest.end() ? std::string("-") : std::to_string(it->second).substr(0, 7);
    };
    const std::string proj = r.name.empty() ? r.project : r.name;
    std::printf("%-14s %-11s %-19s %-24.24s %-22.22s %9s %9s\n", r.id.c_str(), r.status.c_str(), when(r.started).c_str(),
                proj.c_str(), r.device.c_str(), metric("test_accuracy").c_str(), metric("test_loss").c_str());
    all.push_back(summary(r));
  }
  if (o.json) std::printf("%s\n", all.dump().c_str());
}

void show(const RunsOptions& o) {
  store::RunLog log(open_db(o), kExisting);
  const auto r = require(log, o.run);
  std::printf("run %s  %s\nproject %s (%s)\ndevice %s  seed %lld\nstarted %s  ended %s\n", r.id.c_str(), r.status.c_str(),
              r.project.c_str(), r.name.c_str(), r.device.c_str(), (long long)r.seed, when(r.started).c_str(),
              when(r.ended).c_str());
  std::printf("experiment %s\n", r.experiment.c_str());
  if (!r.parent.empty()) std::printf("parent %s (epoch %d)\n", r.parent.c_str(), r.fork_epoch);
  if (!r.message.empty()) std::printf("message: %s\n", r.message.c_str());
  if (!r.tags.empty()) {
    std::printf("tags:");
    for (const auto& t : r.tags) std::printf(" %s", t.c_str());
    std::printf("\n");
  }
  std::printf("\nconfiguration\n");
  for (const auto& [k, v] : parameters(r)) std::printf("  %-28s %s\n", k.c_str(), v.c_str());
  std::printf("\nlatest metrics\n");
  for (const auto& [k, v] : r.latest) std::printf("  %-22s %.6g\n", k.c_str(), v);
  const auto cks = log.checkpoints(r.id);
  if (!cks.empty()) std::printf("\ncheckpoints: %zu, last %s\n", cks.size(), cks.back()["path"].get<std::string>().c_str());
  if (o.json) {
    nlohmann::json j = summary(r);
    j["training"] = r.training, j["dataset"] = r.dataset, j["dataset_fingerprint"] = r.dataset_fingerprint;
    j["limits"] = r.limits, j["preprocessing"] = r.preprocessing, j["run_dir"] = r.run_dir;
    j["epochs"] = nlohmann::json::array();
    for (const auto& [step, v] : log.metric_series(r.id, "loss")) j["epochs"].push_back({{"epoch", step}, {"loss", v}});
    j["confusion"] = log.confusion_matrices(r.id);
    if (auto e = log.evaluation(r.id, "test")) j["test"] = *e;
    j["checkpoints"] = cks;
    std::printf("%s\n", j.dump().c_str());
  }
}

void compare(const RunsOptions& o) {
  store::RunLog log(open_db(o), kExisting);
  std::vector<store::RunRecord> runs;
  for (const auto& id : o.runs) runs.push_back(require(log, id));
  // Every parameter that differs (training, dataset, data limits, device), then final metrics side by side.
  std::vector<std::map<std::string, std::string>> flats;
  std::set<std::string> keys;
  for (const auto& r : runs) {
    flats.push_back(parameters(r));
    for (const auto& [k, v] : flats.back()) keys.insert(k);
  }
  nlohmann::json diff = nlohmann::json::object(), metrics = nlohmann::json::object();
  std::printf("%-28s", "");
  for (const auto& r : runs) std::printf(" %16s", r.id.c_str());
  std::printf("\n");
  for (const auto& k : keys) {
    std::vector<std::string> vals;
    for (auto& f : flats) vals.push_back(f.count(k) ? f[k] : "-");
    if (std::all_of(vals.begin(), vals.end(), [&](const std::string& v) { return v == vals[0]; })) continue;
    std::printf("%-28s", k.c_str());
    // Long values (paths) are shown whole, not cut to the column.
    for (const auto& v : vals) std::printf(" %16s", v.c_str());
    std::printf("\n");
    diff[k] = vals;
  }
  std::set<std::string> mkeys;
  for (const auto& r : runs)
    for (const auto& [k, v] : r.latest) mkeys.insert(k);
  for (const auto& k : mkeys) {
    std::printf("%-28.28s", k.c_str());
    nlohmann::json row = nlohmann::json::array();
    for (const auto& r : runs) {
      const auto it = r.latest.find(k);
      if (it == r.latest.end()) std::printf(" %16s", "-"), row.push_back(nullptr);
      else std::printf(" %16.6g", it->second), row.push_back(it->second);
    }
    std::printf("\n");
    metrics[k] = row;
  }
  if (o.json) {
    nlohmann::json ids = nlohmann::json::array();
    for (const auto& r : runs) ids.push_back(r.id);
    std::printf("%s\n", nlohmann::json{{"runs", ids}, {"param_differences", diff}, {"metrics", metrics}}.dump().c_str());
  }
}

}  // namespace

void add_runs_command(CLI::App& app) {
  static RunsOptions o;
  auto* runs = app.add_subcommand("runs", "Browse and manage the experiment log");
  const char* db_help = "Experiment log database (default: runs.db in the data folder); it must exist";
  runs->add_option("--db", o.db, db_help);
  runs->require_subcommand(1);
  auto* l = runs->add_subcommand("list", "Every run, newest first");
  l->add_flag("--json", o.json, "End with a JSON array on the last line");
  l->add_option("--experiment", o.experiment, "Only the runs of this experiment");
  l->add_option("--db", o.db, db_help);
  l->callback([] { list(o); });
  auto* s = runs->add_subcommand("show", "One run: configuration, metrics, checkpoints");
  s->add_option("run", o.run, "Run id")->required();
  s->add_flag("--json", o.json, "End with one JSON object on the last line");
  s->add_option("--db", o.db, db_help);
  s->callback([] { show(o); });
  auto* c = runs->add_subcommand("compare", "Parameter differences and final metrics side by side");
  c->add_option("runs", o.runs, "Run ids")->required()->expected(2, 64);
  c->add_flag("--json", o.json, "End with one JSON object on the last line");
  c->add_option("--db", o.db, db_help);
  c->callback([] { compare(o); });
  auto* d = runs->add_subcommand("delete", "Remove a run from the log (its folder stays); refused while it trains");
  d->add_option("run", o.run, "Run id")->required();
  d->add_option("--db", o.db, db_help);
  d->callback([] {
    store::RunLog log(open_db(o), kExisting);
    const auto r = require(log, o.run);
    if (!r.run_dir.empty()) refuse_if_running(r.run_dir, r.id, "runs delete");
    log.delete_run(o.run);
    log.flush();
    std::printf("deleted run %s\n", o.run.c_str());
  });
  auto* t = runs->add_subcommand("tag", "Add a tag to a run");
  t->add_option("run", o.run, "Run id")->required();
  t->add_option("text", o.tag, "The tag")->required();
  t->add_option("--db", o.db, db_help);
  t->callback([] {
    store::RunLog log(open_db(o), kExisting);
    require(log, o.run);
    log.tag_run(o.run, o.tag);
    log.flush();
    std::printf("tagged run %s: %s\n", o.run.c_str(), o.tag.c_str());
  });
}

}  // namespace strata::cli
