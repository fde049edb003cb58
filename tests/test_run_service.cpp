// Stopping a run at the moments a user can: a stop before training began
// (while the data loaded or the device opened) leaves nothing behind, and a
// stop as training starts ends it before its first step, recorded as a
// stopped run that can be resumed (the trainer keeps a stop that came before
// fit()).
#include <QtTest>

#include <filesystem>
#include <fstream>

#include "run/run_service.h"
#include "store/run_log.h"
#include "test_support.h"
#include "train/run_folder.h"

using namespace strata;

class TestRunService : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase();
  void a_stop_before_training_began_leaves_nothing();
  void a_stop_as_training_starts_is_a_stopped_run();

 private:
  RunRequest request() const;
  QTemporaryDir dir_;
};

void TestRunService::initTestCase() {
  qputenv("STRATA_DATA_DIR", dir_.filePath("data").toUtf8());
  std::ofstream csv(dir_.filePath("t.csv").toStdString());
  csv << "a,b,label\n";
  for (int i = 0; i < 64; ++i) csv << (i % 2) << ',' << (i % 5) * 0.1 << ',' << (i % 2) << '\n';
  csv.close();
  const nlohmann::json project = {
      {"format", "strata-project"}, {"version", 1},
      {"graph",
       {{"nodes",
         {{{"id", "in"}, {"type", "Input"}, {"params", {{"shape", {2}}}}},
          {{"id", "head"}, {"type", "Dense"}, {"params", {{"units", 2}}}},
          {{"id", "loss"}, {"type", "SoftmaxCrossEntropy"}}}},
        {"links", {{{"from", "in"}, {"to", "head"}}, {{"from", "head"}, {"to", "loss"}}}}}},
      {"dataset", {{"kind", "csv"}, {"train", "t.csv"}, {"label", "label"}}},
      {"training", {{"epochs", 3}, {"batch_size", 8}, {"learning_rate", 0.05}}}};
  std::ofstream(dir_.filePath("p.strata").toStdString()) << project.dump();
}

RunRequest TestRunService::request() const {
  RunRequest r;
  r.project_path = dir_.filePath("p.strata").toStdString();
  r.device = "cpu";
  return r;
}

void TestRunService::a_stop_before_training_began_leaves_nothing() {
  RunService service(request());
  service.stop();  // as the editor's Stop while the data still loads
  const nlohmann::json summary = service.execute();
  QCOMPARE(summary.value("status", ""), std::string("stopped"));
  QCOMPARE(summary.value("started", true), false);
  QVERIFY(!summary.contains("run_id"));
  std::error_code ec;
  QVERIFY(!std::filesystem::exists(runs_root(), ec) || std::filesystem::is_empty(runs_root(), ec));
  QVERIFY(!std::filesystem::exists(store::RunLog::default_path()));
}

void TestRunService::a_stop_as_training_starts_is_a_stopped_run() {
  struct StopWhenStarted : RunListener {
    RunService* service = nullptr;
    int64_t steps = 0;
    void on_started(const Started&) override { service->stop(); }
    void on_step(const StepEvent&) override { ++steps; }
  } listener;
  RunService service(request());
  listener.service = &service;
  service.add_listener(&listener);
  const nlohmann::json summary = service.execute();
  QCOMPARE(summary.value("status", ""), std::string("stopped"));
  QCOMPARE(summary.value("steps", int64_t(-1)), int64_t(0));
  QCOMPARE(listener.steps, int64_t(0));
  store::RunLog log(store::RunLog::default_path(), store::LogAccess::MustExist);
  const auto run = log.get_run(summary["run_id"]);
  QVERIFY(run);
  QCOMPARE(run->status, std::string("stopped"));
  // Resumed, it trains all its epochs.
  RunRequest resume;
  resume.mode = RunRequest::Mode::Resume;
  resume.run = summary["run_id"];
  RunService again(resume);
  const nlohmann::json done = again.execute();
  QCOMPARE(done.value("status", ""), std::string("finished"));
  QCOMPARE(done.value("epochs", 0), 3);
}

QTEST_GUILESS_MAIN(TestRunService)
#include "test_run_service.moc"
