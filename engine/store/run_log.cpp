#include "store/run_log.h"

#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "store/sqlite_db.h"
#include "train/run_folder.h"
#include "train/run_lock.h"

namespace strata::store {

namespace {

double now_s() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Schema version 1, as it shipped: a new database is created at version 1
// and migrated step by step like an old one, so every path runs the same SQL.
// Metrics are (run, key, step) rows with an index for the comparison queries;
// latest_metrics cached each run's last value per key until version 4's
// metric_summary took its place (the table stays in old logs, unused).
const char* kSchemaV1 = R"(
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY, project TEXT, name TEXT, status TEXT NOT NULL,
  started REAL, ended REAL, device TEXT, driver TEXT, seed INTEGER,
  graph_json TEXT, training_json TEXT, dataset_json TEXT, dataset_fingerprint TEXT,
  parent_run TEXT, fork_epoch INTEGER, pid INTEGER, host TEXT, run_dir TEXT, message TEXT);
CREATE INDEX IF NOT EXISTS runs_started ON runs(started);
CREATE TABLE IF NOT EXISTS params (run_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT, PRIMARY KEY (run_id, key));
CREATE TABLE IF NOT EXISTS metrics (run_id TEXT NOT NULL, key TEXT NOT NULL, step INTEGER NOT NULL,
  epoch INTEGER, value REAL, timestamp REAL);
CREATE INDEX IF NOT EXISTS metrics_run_key_step ON metrics(run_id, key, step);
CREATE TABLE IF NOT EXISTS latest_metrics (run_id TEXT NOT NULL, key TEXT NOT NULL, value REAL, step INTEGER,
  PRIMARY KEY (run_id, key));
CREATE TABLE IF NOT EXISTS tags (run_id TEXT NOT NULL, tag TEXT NOT NULL, PRIMARY KEY (run_id, tag));
CREATE TABLE IF NOT EXISTS confusion (run_id TEXT NOT NULL, epoch INTEGER NOT NULL, split TEXT NOT NULL,
  classes INTEGER, matrix_json TEXT, PRIMARY KEY (run_id, epoch, split));
CREATE TABLE IF NOT EXISTS checkpoints (run_id TEXT NOT NULL, epoch INTEGER, step INTEGER, path TEXT,
  bytes INTEGER, crc32 INTEGER, created REAL);
CREATE TABLE IF NOT EXISTS evaluations (run_id TEXT NOT NULL, split TEXT NOT NULL, metrics_json TEXT,
  PRIMARY KEY (run_id, split));
)";

// Migrations: kMigrations[v - 1] takes a version-v database to version v + 1.
// Version 2 adds experiments (MLflow's grouping of runs): existing runs join the
// experiment named after their project. Version 3 adds data limits and preprocessing.
const char* kMigrations[] = {
    R"(
CREATE TABLE experiments (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, created REAL);
ALTER TABLE runs ADD COLUMN experiment_id INTEGER REFERENCES experiments(id);
INSERT OR IGNORE INTO experiments(name, created)
  SELECT COALESCE(NULLIF(name, ''), project), MIN(started) FROM runs GROUP BY COALESCE(NULLIF(name, ''), project);
UPDATE runs SET experiment_id =
  (SELECT id FROM experiments WHERE experiments.name = COALESCE(NULLIF(runs.name, ''), runs.project));
CREATE INDEX runs_experiment ON runs(experiment_id);
)",
    // Version 3 records each run's data limits and preprocessing (data/preprocessing.h).
    R"(
ALTER TABLE runs ADD COLUMN limits_json TEXT;
ALTER TABLE runs ADD COLUMN preprocessing_json TEXT;
)",
    // Version 4 summarises every metric of every run (last, lowest, highest, each
    // with its step and epoch), kept up to date by write_metrics(); existing
    // points are summarised here, once.
    R"(
CREATE TABLE metric_summary (run_id TEXT NOT NULL, key TEXT NOT NULL, count INTEGER NOT NULL,
  last_value REAL, last_step INTEGER, last_epoch INTEGER, min_value REAL, min_step INTEGER, min_epoch INTEGER,
  max_value REAL, max_step INTEGER, max_epoch INTEGER, PRIMARY KEY (run_id, key));
INSERT INTO metric_summary(run_id, key, count, last_step, min_value, max_value)
  SELECT run_id, key, COUNT(*), MAX(step), MIN(value), MAX(value) FROM metrics GROUP BY run_id, key;
UPDATE metric_summary SET
  last_value = (SELECT value FROM metrics m WHERE m.run_id = metric_summary.run_id AND m.key = metric_summary.key
                AND m.step = metric_summary.last_step ORDER BY m.rowid DESC LIMIT 1),
  last_epoch = (SELECT epoch FROM metrics m WHERE m.run_id = metric_summary.run_id AND m.key = metric_summary.key
                AND m.step = metric_summary.last_step ORDER BY m.rowid DESC LIMIT 1),
  min_step = (SELECT step FROM metrics m WHERE m.run_id = metric_summary.run_id AND m.key = metric_summary.key
              AND m.value = metric_summary.min_value ORDER BY m.step LIMIT 1),
  min_epoch = (SELECT epoch FROM metrics m WHERE m.run_id = metric_summary.run_id AND m.key = metric_summary.key
               AND m.value = metric_summary.min_value ORDER BY m.step LIMIT 1),
  max_step = (SELECT step FROM metrics m WHERE m.run_id = metric_summary.run_id AND m.key = metric_summary.key
              AND m.value = metric_summary.max_value ORDER BY m.step LIMIT 1),
  max_epoch = (SELECT epoch FROM metrics m WHERE m.run_id = metric_summary.run_id AND m.key = metric_summary.key
               AND m.value = metric_summary.max_value ORDER BY m.step LIMIT 1);
)",
};
static_assert(std::size(kMigrations) == kSchemaVersion - 1, "one migration per schema version after the first");

void flatten(const nlohmann::json& j, const std::string& prefix, std::map<std::string, std::string>& out) {
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) flatten(v, prefix.empty() ? k : prefix + "." + k, out);
  } else {
    out[prefix] = j.is_string() ? j.get<std::string>() : j.dump();
  }
}

}  // namespace

std::string RunLog::default_path() { return data_root() + "/runs.db"; }

namespace {

// Creates the missing folders above `file`; returns them, deepest first, so a
// failure can remove exactly those.
std::vector<std::filesystem::path> create_folders_for(const std::string& file) {
  namespace fs = std::filesystem;
  std::vector<fs::path> made;
  std::error_code ec;
  for (fs::path d = fs::absolute(file).parent_path(); !d.empty() && !fs::exists(d, ec); d = d.parent_path()) made.push_back(d);
  for (size_t i = made.size(); i-- > 0;)  // shallowest first
    if (!fs::create_directory(made[i], ec) && ec) {
      const std::string why = ec.message();
      for (size_t k = i + 1; k < made.size(); ++k) fs::remove(made[k], ec);  // the ones made so far, deepest first
      throw Error(file + ": cannot create the folder " + made[i].string() + " (" + why + ")");
    }
  return made;
}

}  // namespace

RunLog::RunLog(const std::string& path, LogAccess access) : path_(path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path dir = fs::absolute(path).parent_path();
  if (access == LogAccess::MustExist && !fs::exists(path, ec))
    throw Error(path + ": no experiment log there (only `strata train` creates one)");
  if (access == LogAccess::Create && !fs::is_directory(dir, ec))
    throw Error(path + ": the folder " + dir.string() + " does not exist");
  const bool existed = fs::exists(path, ec);
  const std::vector<fs::path> made = access == LogAccess::CreateWithFolders ? create_folders_for(path) : std::vector<fs::path>{};
  try {
    open(path);
  } catch (...) {
    // Leave nothing behind: the database we created (with its WAL files) and the folders made for it.
    write_db_.reset(), read_db_.reset();
    if (!existed)
      for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path + suffix, ec);
    for (const auto& d : made) fs::remove(d, ec);
    throw;
  }
  thread_ = std::thread([this] { writer(); });
}

void RunLog::open(const std::string& path) {
  write_db_ = std::make_unique<Db>(path);
  Db& db = *write_db_;
  db.exec("PRAGMA journal_mode=WAL");
  db.exec("PRAGMA synchronous=NORMAL");  // WAL + NORMAL: a crash loses at most the last transactions, never integrity
  {
    Statement check(db, "PRAGMA quick_check");
    if (check.step() && check.text(0) != "ok") throw Error(path + ": the experiment log is damaged (" + check.text(0) + ")");
  }
  db.begin();
  try {
    db.exec(kSchemaV1);
    int64_t version = 1;
    {
      Statement v(db, "SELECT version FROM schema_version");
      if (!v.step()) {
        Statement ins(db, "INSERT INTO schema_version(version) VALUES (1)");
        ins.run();
      } else {
        version = v.integer(0);
      }
    }
    if (version > kSchemaVersion) {
      throw Error(path + ": written by a newer Strata (log schema " + std::to_string(version) +
                  "; this version knows up to " + std::to_string(kSchemaVersion) + ")");
    }
    // Older versions are migrated one step at a time, in this same transaction:
    // a failure leaves the file as it was.
    for (; version < kSchemaVersion; ++version) {
      db.exec(kMigrations[version - 1]);
      Statement up(db, "UPDATE schema_version SET version = ?");
      up.bind(1, version + 1).run();
    }
    // Runs left 'running' by a process that is gone were interrupted.
    Statement running(db, "SELECT id, pid, host FROM runs WHERE status = 'running'");
    std::vector<std::string> dead;
    const std::string host = this_host();
    while (running.step())
      if (running.text(2) != host || !process_alive(running.integer(1))) dead.push_back(running.text(0));
    Statement mark(db, "UPDATE runs SET status = 'interrupted', message = 'the process ended while training' WHERE id = ?");
    for (const auto& id : dead) {
      mark.bind(1, id).run();
      mark.reset();
    }
    db.commit();
  } catch (...) {
    db.rollback();
    throw;
  }
  read_db_ = std::make_unique<Db>(path);
}

RunLog::~RunLog() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void RunLog::enqueue(Job job) {
  std::lock_guard lock(mutex_);
  if (!error_.empty()) throw Error(error_);
  jobs_.push_back(std::move(job));
  cv_.notify_one();
}

void RunLog::writer() {
  std::unique_lock lock(mutex_);
  for (;;) {
    cv_.wait(lock, [&] { return stop_ || !jobs_.empty() || !metrics_.empty(); });
    if (jobs_.empty() && metrics_.empty() && stop_) return;
    // Let writes gather for a moment: one transaction per ~50 ms instead of one
    // per training step (each commit costs far more than its inserts).
    if (!stop_ && !flush_requested_) cv_.wait_for(lock, std::chrono::milliseconds(50), [&] { return stop_ || flush_requested_; });
    // Everything queued so far goes into one transaction, in the order queued
    // (jobs such as start_run first, then the metrics that came with them).
    std::deque<Job> batch;
    std::vector<MetricRow> rows;
    batch.swap(jobs_);
    rows.swap(metrics_);
    if (!error_.empty()) {  // after a failed write, nothing more is written (see below)
      flush_requested_ = false;
      idle_.notify_all();
      continue;
    }
    busy_ = true;
    lock.unlock();
    std::string failure;
    try {
      write_db_->begin();
      for (auto& j : batch) j(*write_db_);
      write_metrics(*write_db_, rows);
      write_db_->commit();
    } catch (const std::exception& e) {
      write_db_->rollback();
      failure = e.what();
    }
    lock.lock();
    busy_ = false;
    // A failed commit (disk full, file too large, I/O error) ends writing for
    // good: a later, smaller transaction could succeed and leave a gap in the
    // series, and SQLite may already have rolled back. What was committed
    // before stays; the run stays 'running' and is marked interrupted at the
    // next open, resumable from its last checkpoint.
    if (!failure.empty() && error_.empty())
      error_ = failure + " (is the disk full or the location read-only? what was logged before is kept)";
    if (jobs_.empty() && metrics_.empty()) flush_requested_ = false;
    idle_.notify_all();
  }
}

void RunLog::flush() {
  std::unique_lock lock(mutex_);
  flush_requested_ = true;
  cv_.notify_all();
  idle_.wait(lock, [&] { return jobs_.empty() && metrics_.empty() && !busy_; });
  if (!error_.empty()) throw Error(error_);
}

std::string RunRecord::experiment_or_default() const {
  if (!experiment.empty()) return experiment;
  return name.empty() ? project : name;
}

void RunLog::start_run(const RunRecord& r) {
  enqueue([r](Db& db) {
    const std::string experiment = r.experiment_or_default();
    Statement e(db, "INSERT OR IGNORE INTO experiments(name, created) VALUES (?, ?)");
    e.bind(1, experiment).bind(2, now_s()).run();
    Statement s(db,
                "INSERT INTO runs(id, project, name, status, started, device, driver, seed, graph_json, training_json, "
                "dataset_json, dataset_fingerprint, parent_run, fork_epoch, pid, host, run_dir, experiment_id, "
                "limits_json, preprocessing_json) "
                "VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "(SELECT id FROM experiments WHERE name = ?), ?, ?)");
    s.bind(1, r.id).bind(2, r.project).bind(3, r.name).bind(4, r.started > 0 ? r.started : now_s());
    s.bind(5, r.device).bind(6, r.driver).bind(7, r.seed).bind(8, r.graph.dump()).bind(9, r.training.dump());
    s.bind(10, r.dataset.dump()).bind(11, r.dataset_fingerprint);
    if (r.parent.empty()) s.bind_null(12);
    else s.bind(12, r.parent);
    s.bind(13, int64_t(r.fork_epoch)).bind(14, int64_t(getpid())).bind(15, this_host()).bind(16, r.run_dir);
    s.bind(17, experiment).bind(18, r.limits.dump()).bind(19, r.preprocessing.dump());
    s.run();
    std::map<std::string, std::string> params;
    flatten(r.training, "", params);
    Statement p(db, "INSERT OR REPLACE INTO params(run_id, key, value) VALUES (?, ?, ?)");
    for (const auto& [k, v] : params) {
      p.bind(1, r.id).bind(2, k).bind(3, v).run();
      p.reset();
    }
  });
}

void RunLog::log_metrics(const std::string& run, int64_t step, int epoch, const std::map<std::string, double>& values) {
  const double t = now_s();
  std::lock_guard lock(mutex_);
  if (!error_.empty()) throw Error(error_);
  for (const auto& [k, v] : values) metrics_.push_back({run, k, step, epoch, v, t});
  cv_.notify_one();
}

void RunLog::write_metrics(Db& db, const std::vector<MetricRow>& rows) {
  if (rows.empty()) return;
  Statement m(db, "INSERT INTO metrics(run_id, key, step, epoch, value, timestamp) VALUES (?, ?, ?, ?, ?, ?)");
  for (const auto& r : rows) {
    m.bind(1, r.run).bind(2, r.key).bind(3, r.step).bind(4, int64_t(r.epoch)).bind(5, r.value).bind(6, r.time).run();
    m.reset();
  }
  merge_summaries(db, rows);
}

void RunLog::merge_summaries(Db& db, const std::vector<MetricRow>& rows) {
  // The summaries: the batch's own per key first (one upsert per key, not per
  // point), merged with the stored one. In an UPDATE every right-hand side
  // sees the row as it was, so each CASE compares against the old values.
  // NaN is not a number to rank: it counts and can be the last value, never
  // the lowest or highest (SQLite stores it as NULL, which MIN/MAX skip).
  std::map<std::pair<std::string, std::string>, MetricSummary> batch;
  for (const auto& r : rows) {
    auto [it, fresh] = batch.try_emplace({r.run, r.key});
    MetricSummary& m = it->second;
    const bool number = !std::isnan(r.value);
    if (fresh) {
      m.last = r.value, m.last_step = r.step, m.last_epoch = r.epoch;
      m.min = m.max = number ? r.value : NAN;
      m.min_step = m.max_step = r.step, m.min_epoch = m.max_epoch = r.epoch;
    } else {
      if (r.step >= m.last_step) m.last = r.value, m.last_step = r.step, m.last_epoch = r.epoch;
      if (number && (std::isnan(m.min) || r.value < m.min)) m.min = r.value, m.min_step = r.step, m.min_epoch = r.epoch;
      if (number && (std::isnan(m.max) || r.value > m.max)) m.max = r.value, m.max_step = r.step, m.max_epoch = r.epoch;
    }
    ++m.count;
  }
  Statement u(db,
              "INSERT INTO metric_summary(run_id, key, count, last_value, last_step, last_epoch, min_value, min_step, "
              "min_epoch, max_value, max_step, max_epoch) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
              "ON CONFLICT(run_id, key) DO UPDATE SET count = count + excluded.count, "
              "last_value = CASE WHEN excluded.last_step >= last_step THEN excluded.last_value ELSE last_value END, "
              "last_epoch = CASE WHEN excluded.last_step >= last_step THEN excluded.last_epoch ELSE last_epoch END, "
              "last_step = MAX(last_step, excluded.last_step), "
              "min_step = CASE WHEN excluded.min_value < min_value OR min_value IS NULL AND excluded.min_value IS NOT NULL "
              "THEN excluded.min_step ELSE min_step END, "
              "min_epoch = CASE WHEN excluded.min_value < min_value OR min_value IS NULL AND excluded.min_value IS NOT NULL "
              "THEN excluded.min_epoch ELSE min_epoch END, "
              "min_value = COALESCE(MIN(min_value, excluded.min_value), min_value, excluded.min_value), "
              "max_step = CASE WHEN excluded.max_value > max_value OR max_value IS NULL AND excluded.max_value IS NOT NULL "
              "THEN excluded.max_step ELSE max_step END, "
              "max_epoch = CASE WHEN excluded.max_value > max_value OR max_value IS NULL AND excluded.max_value IS NOT NULL "
              "THEN excluded.max_epoch ELSE max_epoch END, "
              "max_value = COALESCE(MAX(max_value, excluded.max_value), max_value, excluded.max_value)");
  for (const auto& [key, m] : batch) {
    u.bind(1, key.first).bind(2, key.second).bind(3, m.count).bind(4, m.last).bind(5, m.last_step).bind(6, int64_t(m.last_epoch));
    if (std::isnan(m.min)) u.bind_null(7), u.bind_null(10);
    else u.bind(7, m.min), u.bind(10, m.max);
    u.bind(8, m.min_step).bind(9, int64_t(m.min_epoch)).bind(11, m.max_step).bind(12, int64_t(m.max_epoch)).run();
    u.reset();
  }
}

void RunLog::log_confusion(const std::string& run, int epoch, const std::string& split, int64_t classes,
                           const std::vector<int64_t>& matrix) {
  enqueue([=](Db& db) {
    Statement s(db, "INSERT OR REPLACE INTO confusion(run_id, epoch, split, classes, matrix_json) VALUES (?, ?, ?, ?, ?)");
    s.bind(1, run).bind(2, int64_t(epoch)).bind(3, split).bind(4, classes).bind(5, nlohmann::json(matrix).dump()).run();
  });
}

int64_t RunLog::checkpoint_fingerprint_v1(const std::string& bytes) {
  return int64_t(crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()), uInt(bytes.size())));
}

int64_t RunLog::checkpoint_fingerprint(const std::string& bytes) {
  // Adler-32, not a CRC: any CRC is affine in the data, so every file of a
  // length that ends in its own CRC-32 gets one value, whatever the seed.
  return int64_t(adler32(adler32(0L, nullptr, 0), reinterpret_cast<const Bytef*>(bytes.data()), uInt(bytes.size())));
}

void RunLog::log_checkpoint(const std::string& run, int epoch, int64_t step, const std::string& file) {
  // Size and fingerprint identify the file the row refers to.
  std::ifstream in(file, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const int64_t crc = checkpoint_fingerprint(bytes);
  const auto size = int64_t(bytes.size());
  const double t = now_s();
  enqueue([=](Db& db) {
    Statement s(db, "INSERT INTO checkpoints(run_id, epoch, step, path, bytes, crc32, created) VALUES (?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, run).bind(2, int64_t(epoch)).bind(3, step).bind(4, file).bind(5, size).bind(6, crc).bind(7, t).run();
  });
}

void RunLog::log_evaluation(const std::string& run, const std::string& split, const nlohmann::json& metrics) {
  enqueue([=](Db& db) {
    Statement s(db, "INSERT OR REPLACE INTO evaluations(run_id, split, metrics_json) VALUES (?, ?, ?)");
    s.bind(1, run).bind(2, split).bind(3, metrics.dump()).run();
  });
}

void RunLog::finish_run(const std::string& run, const std::string& status, const std::string& message) {
  const double t = now_s();
  enqueue([=](Db& db) {
    Statement s(db, "UPDATE runs SET status = ?, ended = ?, message = ? WHERE id = ?");
    s.bind(1, status).bind(2, t).bind(3, message).bind(4, run).run();
  });
}

void RunLog::resume_run(const std::string& run, int next_epoch, int64_t from_step) {
  const int64_t pid = getpid();
  const std::string host = this_host();
  enqueue([=, this](Db& db) {  // this: merge_summaries
    Statement s(db, "UPDATE runs SET status = 'running', ended = NULL, message = NULL, pid = ?, host = ? WHERE id = ?");
    s.bind(1, pid).bind(2, host).bind(3, run).run();
    if (next_epoch < 0) return;
    // Points logged after the checkpoint belong to work that is done again
    // now (an epoch whose checkpoint failed to save, steps after the last
    // checkpoint): they go, so no point is in a series twice, and the
    // summaries are made again from what stays. Per-step metrics carry the
    // update count as their step; the others are per epoch (their step is the
    // epoch number), and none of the epoch being resumed had been kept.
    Statement c(db, "DELETE FROM confusion WHERE run_id = ? AND epoch >= ?");
    c.bind(1, run).bind(2, int64_t(next_epoch)).run();
    Statement d(db,
                "DELETE FROM metrics WHERE run_id = ?1 AND (epoch > ?2 OR epoch = ?2 AND (step > ?3 OR key NOT IN "
                "('step_loss', 'running_accuracy', 'learning_rate')))");
    d.bind(1, run).bind(2, int64_t(next_epoch)).bind(3, from_step).run();
    if (sqlite3_changes(db.handle()) == 0) return;
    Statement ds(db, "DELETE FROM metric_summary WHERE run_id = ?");
    ds.bind(1, run).run();
    std::vector<MetricRow> rows;
    Statement q(db, "SELECT key, step, epoch, value FROM metrics WHERE run_id = ? ORDER BY rowid");
    q.bind(1, run);
    while (q.step()) rows.push_back({run, q.text(0), q.integer(1), int(q.integer(2)), q.is_null(3) ? NAN : q.real(3), 0});
    merge_summaries(db, rows);
  });
}

void RunLog::delete_run(const std::string& run) {
  enqueue([=](Db& db) {
    for (const char* sql : {"DELETE FROM metrics WHERE run_id = ?", "DELETE FROM latest_metrics WHERE run_id = ?",
                            "DELETE FROM metric_summary WHERE run_id = ?",
                            "DELETE FROM params WHERE run_id = ?", "DELETE FROM tags WHERE run_id = ?",
                            "DELETE FROM confusion WHERE run_id = ?", "DELETE FROM checkpoints WHERE run_id = ?",
                            "DELETE FROM evaluations WHERE run_id = ?", "DELETE FROM runs WHERE id = ?"}) {
      Statement s(db, sql);
      s.bind(1, run).run();
    }
  });
}

void RunLog::tag_run(const std::string& run, const std::string& tag) {
  enqueue([=](Db& db) {
    Statement s(db, "INSERT OR IGNORE INTO tags(run_id, tag) VALUES (?, ?)");
    s.bind(1, run).bind(2, tag).run();
  });
}

void RunLog::untag_run(const std::string& run, const std::string& tag) {
  enqueue([=](Db& db) {
    Statement s(db, "DELETE FROM tags WHERE run_id = ? AND tag = ?");
    s.bind(1, run).bind(2, tag).run();
  });
}

void RunLog::rename_run(const std::string& run, const std::string& name) {
  enqueue([=](Db& db) {
    Statement s(db, "UPDATE runs SET name = ? WHERE id = ?");
    s.bind(1, name).bind(2, run).run();
  });
}

bool lower_is_better(const std::string& key) {
  const std::string last = key.substr(key.rfind('.') == std::string::npos ? 0 : key.rfind('.') + 1);
  for (const char* high : {"accuracy", "f1", "auc", "samples_per_s", "precision", "recall", "r2"})
    if (last.find(high) != std::string::npos) return false;
  return true;  // loss, mse, mae, seconds, ms, norms, dead fractions
}

namespace {
RunRecord read_run(Statement& s) {
  RunRecord r;
  r.id = s.text(0), r.project = s.text(1), r.name = s.text(2), r.status = s.text(3);
  r.started = s.real(4), r.ended = s.is_null(5) ? 0 : s.real(5);
  r.device = s.text(6), r.driver = s.text(7), r.seed = s.integer(8);
  auto parse = [](const std::string& t) { return t.empty() ? nlohmann::json() : nlohmann::json::parse(t, nullptr, false); };
  r.graph = parse(s.text(9)), r.training = parse(s.text(10)), r.dataset = parse(s.text(11));
  r.dataset_fingerprint = s.text(12), r.parent = s.text(13), r.fork_epoch = int(s.integer(14));
  r.run_dir = s.text(15), r.message = s.text(16), r.experiment = s.text(17);
  r.limits = parse(s.text(18)), r.preprocessing = parse(s.text(19));
  return r;
}
constexpr const char* kRunColumns =
    "SELECT id, project, name, status, started, ended, device, driver, seed, graph_json, training_json, dataset_json, "
    "dataset_fingerprint, parent_run, fork_epoch, run_dir, message, "
    "(SELECT name FROM experiments WHERE experiments.id = runs.experiment_id), limits_json, preprocessing_json FROM runs";
}  // namespace

std::vector<RunRecord> RunLog::list_runs() {
  std::vector<RunRecord> out;
  Statement s(*read_db_, (std::string(kRunColumns) + " ORDER BY started DESC").c_str());
  while (s.step()) out.push_back(read_run(s));
  Statement l(*read_db_, "SELECT run_id, key, last_value FROM metric_summary");
  std::map<std::string, std::map<std::string, double>> latest;
  while (l.step()) latest[l.text(0)][l.text(1)] = l.real(2);
  Statement t(*read_db_, "SELECT run_id, tag FROM tags ORDER BY tag");
  std::map<std::string, std::vector<std::string>> tags;
  while (t.step()) tags[t.text(0)].push_back(t.text(1));
  for (auto& r : out) r.latest = latest[r.id], r.tags = tags[r.id];
  return out;
}

std::optional<RunRecord> RunLog::get_run(const std::string& id) {
  Statement s(*read_db_, (std::string(kRunColumns) + " WHERE id = ?").c_str());
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  RunRecord r = read_run(s);
  Statement l(*read_db_, "SELECT key, last_value FROM metric_summary WHERE run_id = ?");
  l.bind(1, id);
  while (l.step()) r.latest[l.text(0)] = l.real(1);
  Statement t(*read_db_, "SELECT tag FROM tags WHERE run_id = ? ORDER BY tag");
  t.bind(1, id);
  while (t.step()) r.tags.push_back(t.text(0));
  return r;
}

std::vector<std::pair<int64_t, double>> RunLog::metric_series(const std::string& run, const std::string& key) {
  std::vector<std::pair<int64_t, double>> out;
  Statement s(*read_db_, "SELECT step, value FROM metrics WHERE run_id = ? AND key = ? ORDER BY step");
  s.bind(1, run).bind(2, key);
  while (s.step()) out.emplace_back(s.integer(0), s.real(1));
  return out;
}

std::vector<MetricPoint> RunLog::metric_points(const std::string& run, const std::string& key) {
  std::vector<MetricPoint> out;
  Statement s(*read_db_, "SELECT step, epoch, value, timestamp FROM metrics WHERE run_id = ? AND key = ? ORDER BY step, rowid");
  s.bind(1, run).bind(2, key);
  while (s.step()) out.push_back({s.integer(0), int(s.integer(1)), s.is_null(2) ? NAN : s.real(2), s.real(3)});
  return out;
}

std::vector<MetricSummary> RunLog::metric_summaries() {
  std::vector<MetricSummary> out;
  Statement s(*read_db_,
              "SELECT run_id, key, count, last_value, last_step, last_epoch, min_value, min_step, min_epoch, max_value, "
              "max_step, max_epoch FROM metric_summary");
  while (s.step()) {
    MetricSummary m;
    m.run = s.text(0), m.key = s.text(1), m.count = s.integer(2);
    m.last = s.is_null(3) ? NAN : s.real(3), m.last_step = s.integer(4), m.last_epoch = int(s.integer(5));
    m.min = s.is_null(6) ? NAN : s.real(6), m.min_step = s.integer(7), m.min_epoch = int(s.integer(8));
    m.max = s.is_null(9) ? NAN : s.real(9), m.max_step = s.integer(10), m.max_epoch = int(s.integer(11));
    out.push_back(std::move(m));
  }
  return out;
}

int64_t RunLog::data_version() {
  Statement s(*read_db_, "PRAGMA data_version");
  return s.step() ? s.integer(0) : 0;
}

namespace {
// JSON the log stores (a matrix, an evaluation): text that does not parse means
// the database was damaged or edited by hand; say which file and row.
nlohmann::json parse_stored(const std::string& text, const std::string& log, const std::string& what) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) throw Error(log + ": the experiment log is damaged (" + what + " is not valid JSON)");
  return j;
}
}  // namespace

std::vector<nlohmann::json> RunLog::confusion_matrices(const std::string& run) {
  std::vector<nlohmann::json> out;
  Statement s(*read_db_, "SELECT epoch, split, classes, matrix_json FROM confusion WHERE run_id = ? ORDER BY epoch, split");
  s.bind(1, run);
  while (s.step())
    out.push_back({{"epoch", s.integer(0)}, {"split", s.text(1)}, {"classes", s.integer(2)},
                   {"matrix", parse_stored(s.text(3), path_, "the confusion matrix of run " + run)}});
  return out;
}

std::optional<nlohmann::json> RunLog::evaluation(const std::string& run, const std::string& split) {
  Statement s(*read_db_, "SELECT metrics_json FROM evaluations WHERE run_id = ? AND split = ?");
  s.bind(1, run).bind(2, split);
  if (!s.step()) return std::nullopt;
  return parse_stored(s.text(0), path_, "the " + split + " evaluation of run " + run);
}

std::vector<nlohmann::json> RunLog::checkpoints(const std::string& run) {
  std::vector<nlohmann::json> out;
  Statement s(*read_db_, "SELECT epoch, step, path, bytes, crc32 FROM checkpoints WHERE run_id = ? ORDER BY step");
  s.bind(1, run);
  while (s.step())
    out.push_back({{"epoch", s.integer(0)}, {"step", s.integer(1)}, {"path", s.text(2)}, {"bytes", s.integer(3)},
                   {"crc32", s.integer(4)}});
  return out;
}

}  // namespace strata::store
