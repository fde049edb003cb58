#pragma once
// The experiment log: one SQLite database (WAL mode) recording every run —
// its graph, training and dataset configuration, device, seed, parent (for
// resume and fork), metrics per step and epoch, confusion matrices per epoch
// as data, checkpoints (path, size, CRC-32) and the final evaluation. The
// tables follow MLflow's (runs, params, metrics, latest values, tags) plus
// what it lacks. Writes go through one writer thread that batches them into
// transactions, so logging every step costs the trainer a queue push; reads
// use their own connection and never wait for the trainer. A run left
// 'running' by a process that died is marked 'interrupted' when the log is
// next opened.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace strata::store {

class Db;

inline constexpr int kSchemaVersion = 4;

struct RunRecord {
  std::string id, project, name, status, device, driver, parent, run_dir, message, dataset_fingerprint;
  std::string experiment;  // the group the run belongs to; empty: named after the project
  std::string experiment_or_default() const;
  double started = 0, ended = 0;
  int64_t seed = 0;
  int fork_epoch = -1;
  nlohmann::json graph, training, dataset;
  nlohmann::json limits;         // {"limit_train": n, "limit_test": n}: 0 is every sample
  nlohmann::json preprocessing;  // data/preprocessing.h, as recorded when the run started
  std::map<std::string, double> latest;  // latest value of every metric (the highest step's; metric_summary)
  std::vector<std::string> tags;
};

// One metric of one run in a few numbers, kept up to date as points are
// logged (the metric_summary table), so a browser of 1,000 runs reads them
// without touching the millions of points: the last value and the lowest and
// highest, each with the step and epoch it came at. Which of the two is the
// best depends on the metric (lower_is_better()).
struct MetricSummary {
  std::string run, key;
  int64_t count = 0;
  double last = 0, min = 0, max = 0;
  int64_t last_step = 0, min_step = 0, max_step = 0;
  int last_epoch = 0, min_epoch = 0, max_epoch = 0;
};
// Losses, errors and times are better low; accuracies, F1 and throughput high.
bool lower_is_better(const std::string& key);

// A point of a metric with where and when it was logged (for the step, epoch and wall-time axes).
struct MetricPoint {
  int64_t step = 0;
  int epoch = 0;
  double value = 0, time = 0;
};

// How a log is opened: reading commands need one that exists (a mistyped
// path must not create a new, empty log); training creates it, and its
// missing folders only when asked.
enum class LogAccess { MustExist, Create, CreateWithFolders };

class RunLog {
 public:
  // Opens (creating or migrating) the database; throws strata::Error naming
  // the file for a missing log (MustExist), a missing folder (Create), a
  // damaged database or a newer schema. A failed open leaves nothing behind.
  explicit RunLog(const std::string& path, LogAccess access = LogAccess::Create);
  ~RunLog();
  RunLog(const RunLog&) = delete;
  RunLog& operator=(const RunLog&) = delete;

  // $STRATA_DATA_DIR/runs.db, else $XDG_DATA_HOME/strata/runs.db, else ~/.local/share/strata/runs.db.
  static std::string default_path();
  const std::string& path() const { return path_; }

  // Writes (queued; the first write error is rethrown by the next call and by flush()).
  void start_run(const RunRecord& r);
  void log_metrics(const std::string& run, int64_t step, int epoch, const std::map<std::string, double>& values);
  void log_confusion(const std::string& run, int epoch, const std::string& split, int64_t classes,
                     const std::vector<int64_t>& matrix);
  void log_checkpoint(const std::string& run, int epoch, int64_t step, const std::string& file);
  // What the log records (in its crc32 column) to recognise a checkpoint
  // file's bytes: their Adler-32. A CRC-32 of the whole file is useless here:
  // checkpoints end in the CRC-32 of what precedes it, and a CRC over data
  // followed by its own CRC is the same constant for every file.
  static int64_t checkpoint_fingerprint(const std::string& bytes);
  // What logs before that fix recorded (the plain CRC-32); read for old rows.
  static int64_t checkpoint_fingerprint_v1(const std::string& bytes);
  void log_evaluation(const std::string& run, const std::string& split, const nlohmann::json& metrics);
  void finish_run(const std::string& run, const std::string& status, const std::string& message = {});
  // A stopped or interrupted run continues in this process, from the
  // checkpoint saved before epoch `next_epoch` (0-based) ran, after update
  // `from_step`: what was logged after it (and is logged again) is removed.
  // -1 keeps everything.
  void resume_run(const std::string& run, int next_epoch = -1, int64_t from_step = 0);
  void delete_run(const std::string& run);
  void tag_run(const std::string& run, const std::string& tag);
  void untag_run(const std::string& run, const std::string& tag);
  void rename_run(const std::string& run, const std::string& name);
  void flush();

  // Reads, newest first.
  std::vector<RunRecord> list_runs();
  std::optional<RunRecord> get_run(const std::string& id);
  std::vector<std::pair<int64_t, double>> metric_series(const std::string& run, const std::string& key);
  std::vector<MetricPoint> metric_points(const std::string& run, const std::string& key);
  // Every run's metrics summarised (no points read).
  std::vector<MetricSummary> metric_summaries();
  // Changes whenever any connection (this process or another) commits to the
  // log: a browser polls it and reads the runs again only when it moved.
  int64_t data_version();
  std::vector<nlohmann::json> confusion_matrices(const std::string& run);
  std::optional<nlohmann::json> evaluation(const std::string& run, const std::string& split);
  std::vector<nlohmann::json> checkpoints(const std::string& run);

 private:
  void open(const std::string& path);  // the connections, schema and migrations
  using Job = std::function<void(Db&)>;
  struct MetricRow {  // metrics are the bulk of the writes: queued as data, inserted with one statement per batch
    std::string run, key;
    int64_t step;
    int epoch;
    double value, time;
  };
  void write_metrics(Db& db, const std::vector<MetricRow>& rows);
  void merge_summaries(Db& db, const std::vector<MetricRow>& rows);
  std::vector<MetricRow> metrics_;
  void enqueue(Job job);
  void writer();
  void check_error();
  std::string path_;
  std::unique_ptr<Db> write_db_, read_db_;
  std::mutex mutex_;
  std::condition_variable cv_, idle_;
  std::deque<Job> jobs_;
  bool busy_ = false, stop_ = false, flush_requested_ = false;
  std::string error_;
  std::thread thread_;
};

}  // namespace strata::store
