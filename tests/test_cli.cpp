// The headless command line, run as users and scripts run it.
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QRandomGenerator>
#include <QThread>
#include <csignal>
#include <sys/resource.h>
#include <QFileInfo>
#include <QDir>
#include <QFile>
#include <unistd.h>
#include <sqlite3.h>
#include <zlib.h>
#include <fstream>
#include <numeric>
#include <nlohmann/json.hpp>

#include "data/dataset_config.h"
#include "data/idx.h"
#include "data/preprocessing.h"
#include "data/npy.h"
#include "graph/project.h"
#include "test_support.h"

class TestCli : public QObject {
  Q_OBJECT
 private slots:
  void devices_json();
  void bench_gemm_json();
  void bench_peak_and_cpu_profile();
  void bad_arguments_fail_clearly();
  void missing_vulkan_loader_falls_back_to_cpu();
  void train_eval_predict();
  void train_rejects_bad_projects();
  void killed_runs_resume_and_fork();
  void cifar_example_trains_on_generated_batches();
  void stopped_run_resumes_to_the_uninterrupted_result();
  void exports_reproduce_predict_on_real_test_images();
  void full_disk_stops_training_and_keeps_the_log();
  void export_never_deletes_what_it_did_not_create();
  void predict_refuses_empty_input();
  void only_no_arguments_or_a_project_opens_the_editor();
  void predict_takes_raw_samples();
  void a_run_in_training_is_locked();
  void failed_commands_leave_nothing_behind();
  void options_say_their_limits();
  void ctrl_c_during_the_test_evaluation_stops_the_run();
  void runs_show_and_compare_every_parameter();
  void output_fits_the_task();

 private:
  struct Result {
    int code;
    QString out, err;
  };
  Result run(const QStringList& args, const QString& loader = {}, const QString& cwd = {}) {
    QProcess p;
    if (!cwd.isEmpty()) p.setWorkingDirectory(cwd);
    p.setProgram(qEnvironmentVariable("STRATA_BIN"));
    p.setArguments(args);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove("DISPLAY");  // subcommands must never need a display
    env.remove("WAYLAND_DISPLAY");
    env.remove("QT_QPA_PLATFORM");  // an editor opened by mistake fails at once instead of running offscreen
    if (!loader.isEmpty()) env.insert("STRATA_VULKAN_LOADER", loader);
    env.insert("STRATA_DATA_DIR", data_dir_.path());
    p.setProcessEnvironment(env);
    p.start();
    p.waitForFinished(300000);
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
  }
  QTemporaryDir data_dir_;
  // One metric's series of a run, by step, straight from the log.
  static std::vector<double> series(const QString& db, const std::string& run, const char* key) {
    sqlite3* h = nullptr;
    sqlite3_open_v2(db.toUtf8().constData(), &h, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(h, "SELECT value FROM metrics WHERE run_id = ? AND key = ? ORDER BY step", -1, &st, nullptr);
    sqlite3_bind_text(st, 1, run.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, key, -1, SQLITE_TRANSIENT);
    std::vector<double> v;
    while (sqlite3_step(st) == SQLITE_ROW) v.push_back(sqlite3_column_double(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(h);
    return v;
  }
  // PRAGMA integrity_check of a log, "ok" when it is intact.
  static QString integrity(const QString& db) {
    sqlite3* h = nullptr;
    QString result = "cannot open";
    if (sqlite3_open_v2(db.toUtf8().constData(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
      sqlite3_stmt* st = nullptr;
      if (sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        result = QString(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
      sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return result;
  }
  // A small trained run (MLP, 200 samples, one epoch) for tests that need any run.
  QString small_run(const QStringList& extra = {}) {
    const QString project = QStringLiteral(STRATA_SOURCE_DIR "/resources/examples/fashion_mnist_mlp.strata");
    auto r = run(QStringList{"train", project, "--device", "cpu", "--epochs", "1", "--limit-train", "200", "--limit-test",
                             "50", "--json"} + extra);
    if (r.code != 0) qWarning().noquote() << r.err;
    return r.code == 0 ? QString::fromStdString(last_line_json(r.out)["run_id"]) : QString();
  }
  // A plain 8-bit grey PNG (no gamma chunk, so decoders give the bytes back as they are).
  static void write_grey_png(const std::string& path, uint32_t w, uint32_t h, const std::vector<unsigned char>& pixels) {
    std::string rows;
    for (uint32_t r = 0; r < h; ++r) rows += '\0' + std::string(reinterpret_cast<const char*>(pixels.data() + r * w), w);
    uLongf size = compressBound(uLong(rows.size()));
    std::string packed(size, '\0');
    compress(reinterpret_cast<Bytef*>(packed.data()), &size, reinterpret_cast<const Bytef*>(rows.data()), uLong(rows.size()));
    packed.resize(size);
    auto be32 = [](uint32_t v) { return std::string{char(v >> 24), char(v >> 16), char(v >> 8), char(v)}; };
    auto chunk = [&](const std::string& type, const std::string& data) {
      const std::string body = type + data;
      return be32(uint32_t(data.size())) + body + be32(uint32_t(crc32(0, reinterpret_cast<const Bytef*>(body.data()), uInt(body.size()))));
    };
    std::ofstream(path, std::ios::binary) << "\x89PNG\r\n\x1a\n" << chunk("IHDR", be32(w) + be32(h) + std::string{8, 0, 0, 0, 0})
                                          << chunk("IDAT", packed) << chunk("IEND", "");
  }
  // The names in a folder, sorted.
  static QStringList entries(const QString& dir) {
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
  }
  static QByteArray contents(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing>");
  }
  // The ids of a log's runs with status 'running' (the log may not exist yet).
  static QStringList running_runs(const QString& db) {
    QStringList ids;
    sqlite3* h = nullptr;
    if (sqlite3_open_v2(db.toUtf8().constData(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
      sqlite3_stmt* st = nullptr;
      if (sqlite3_prepare_v2(h, "SELECT id FROM runs WHERE status = 'running'", -1, &st, nullptr) == SQLITE_OK)
        while (sqlite3_step(st) == SQLITE_ROW) ids << QString(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
      sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return ids;
  }
  QStringList run_folders() { return QDir(data_dir_.filePath("runs")).entryList(QDir::Dirs | QDir::NoDotAndDotDot); }
  static nlohmann::json last_line_json(const QString& out) {
    const QStringList lines = out.trimmed().split('\n');
    return nlohmann::json::parse(lines.last().toStdString());
  }
};

void TestCli::devices_json() {
  auto r = run({"devices", "--json"});
  QVERIFY2(r.code == 0, qPrintable(r.err));
  QVERIFY(!r.err.contains("validation"));
  auto j = last_line_json(r.out);
  QVERIFY(j.is_array());
  QVERIFY(j.size() >= 1);
  bool cpu = false;
  for (const auto& d : j) {
    QVERIFY(d.contains("name") && d.contains("type") && d.contains("backend"));
    cpu |= d["backend"] == "cpu";
    if (d["backend"] == "vulkan") QVERIFY(d["type"] == "discrete" || d["type"] == "integrated" || d["type"] == "virtual" || d["type"] == "cpu" || d["type"] == "other");
  }
  QVERIFY(cpu);
  if (strata::test::vulkan_device_index() >= 0) QVERIFY(j.size() >= 2);
}

void TestCli::bench_gemm_json() {
  const QString device = strata::test::vulkan_device_index() >= 0 ? "vulkan" : "cpu";
  auto r = run({"bench", "gemm", "--m", "64", "--n", "48", "--k", "32", "--runs", "2", "--device", device, "--json"});
  QVERIFY2(r.code == 0, qPrintable(r.err));
  QVERIFY2(!r.err.contains("validation"), qPrintable(r.err));
  auto j = last_line_json(r.out);
  for (const char* key : {"device", "m", "n", "k", "gflops", "baseline_gflops", "ratio"}) QVERIFY2(j.contains(key), key);
  QCOMPARE(j["m"].get<int>(), 64);
  QVERIFY(j["gflops"].get<double>() > 0);
  QVERIFY(j["baseline_gflops"].get<double>() > 0);

  r = run({"bench", "conv2d", "--batch", "2", "--in-channels", "3", "--size", "9", "--filters", "4", "--runs", "1",
           "--device", device, "--json"});
  QVERIFY2(r.code == 0, qPrintable(r.err));
  QVERIFY2(!r.err.contains("validation"), qPrintable(r.err));
  j = last_line_json(r.out);
  for (const char* key : {"device", "gflops", "baseline_gflops", "ratio", "samples_per_s"}) QVERIFY2(j.contains(key), key);
  QVERIFY(j["gflops"].get<double>() > 0);
  r = run({"bench", "conv2d", "--size", "2", "--kernel", "5", "--padding", "0", "--device", "cpu"});
  QVERIFY(r.code != 0);
  QVERIFY2(r.err.contains("kernel size 5x5 is larger than the input 2x2"), qPrintable(r.err));
}

void TestCli::bench_peak_and_cpu_profile() {
  // `bench peak`: every figure the CPU has, positive.
  auto r = run({"bench", "peak", "--seconds", "0.01", "--json"});
  QVERIFY2(r.code == 0, qPrintable(r.err));
  auto j = last_line_json(r.out);
  QVERIFY(j["threads"].get<int>() >= 1);
  for (const char* key : {"read_gbs", "copy_gbs"}) QVERIFY2(j[key][0].get<double>() > 0 && j[key][1].get<double>() > 0, key);
  if (j["isa"] != "portable") QVERIFY(j["fma256_gflops"][1].get<double>() > j["fma256_gflops"][0].get<double>() * 0.5);
  if (j["isa"] == "avx512") QVERIFY(j["fma512_gflops"][0].get<double>() > 0);

  // `bench attention` on a tiny shape (its PyTorch half skipped: that is
  // the benchmark's job, not the suite's), and a shape PyTorch cannot take.
  r = run({"bench", "attention", "--device", "cpu", "--features", "6", "--heads", "3", "--seq", "5", "--batch", "4",
           "--runs", "1", "--no-torch", "--json"});
  QVERIFY2(r.code == 0, qPrintable(r.err));
  j = last_line_json(r.out);
  QVERIFY(j["sequences_per_s"].get<double>() > 0 && j["bench"] == "attention");
  r = run({"bench", "attention", "--device", "cpu", "--features", "7", "--heads", "3", "--no-torch"});
  QCOMPARE(r.code, 1);
  QVERIFY2(r.err.contains("--features 7 does not split into 3 heads"), qPrintable(r.err));

  // `bench train --profile` on the CPU: each layer's time and the kernel the
  // planner chose for each GEMM shape it ran (a fresh plan cache).
  QTemporaryDir cache;
  const QString project = QStringLiteral(STRATA_SOURCE_DIR "/resources/examples/fashion_mnist_mlp.strata");
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  qputenv("STRATA_CACHE_DIR", cache.path().toUtf8());
  qputenv("STRATA_CPU_PLAN", "cached");
  r = run({"bench", "train", project, "--device", "cpu", "--limit-train", "256", "--profile", "--json"});
  qputenv("STRATA_CACHE_DIR", env.value("STRATA_CACHE_DIR").toUtf8());
  qunsetenv("STRATA_CPU_PLAN");
  QVERIFY2(r.code == 0, qPrintable(r.err));
  QVERIFY2(r.out.contains("time by layer"), qPrintable(r.out));
  QVERIFY2(r.out.contains("GEMM kernels (planner cached"), qPrintable(r.out));
  QVERIFY2(!r.out.contains("not planned"), qPrintable(r.out));  // every shape the layers ran was planned first
  // A Dense layer's row: its id, a shape and one of the kernels.
  QVERIFY2(QRegularExpression(R"(\n +dense_1 +\d+x\d+x\d+ .* (openblas|avx512|avx2|portable) )").match(r.out).hasMatch(),
           qPrintable(r.out));
  QCOMPARE(QDir(cache.path()).entryList({"cpu-gemm-plans-*.json"}, QDir::Files).size(), 1);
  j = last_line_json(r.out);
  QVERIFY(j["fraction_of_peak"].get<double>() > 0 && j["fraction_of_peak"].get<double>() < 1);
}

void TestCli::bad_arguments_fail_clearly() {
  auto r = run({"bench", "gemm", "--device", "no-such-device", "--m", "4", "--n", "4", "--k", "4"});
  QVERIFY(r.code != 0);
  QVERIFY2(r.err.contains("no-such-device"), qPrintable(r.err));
  r = run({"bench", "gemm", "--m", "-3"});
  QVERIFY(r.code != 0);
  r = run({"devices", "--bogus"});
  QVERIFY(r.code != 0);
}

// A machine without a Vulkan loader still runs on the CPU and says why Vulkan is missing.
void TestCli::missing_vulkan_loader_falls_back_to_cpu() {
  const QString missing = "libvulkan-that-does-not-exist.so.1";
  auto r = run({"devices", "--json"}, missing);
  QVERIFY2(r.code == 0, qPrintable(r.err));
  QVERIFY2(r.out.contains("could not be opened"), qPrintable(r.out));
  auto j = last_line_json(r.out);
  QCOMPARE(j.size(), size_t(1));
  QCOMPARE(j[0]["backend"].get<std::string>(), std::string("cpu"));
  r = run({"bench", "gemm", "--m", "8", "--n", "8", "--k", "8", "--device", "vulkan"}, missing);
  QVERIFY(r.code != 0);
  QVERIFY2(r.err.contains("no usable Vulkan device") && r.err.contains("could not be opened"), qPrintable(r.err));
  r = run({"bench", "gemm", "--m", "8", "--n", "8", "--k", "8", "--device", "cpu"}, missing);
  QVERIFY2(r.code == 0, qPrintable(r.err));
}

void TestCli::train_eval_predict() {
  const QString project = QStringLiteral(STRATA_SOURCE_DIR "/resources/examples/fashion_mnist_mlp.strata");
  auto r = run({"train", project, "--device", "cpu", "--epochs", "1", "--limit-train", "2000", "--limit-test", "500",
                "--batch-size", "50", "--seed", "3", "--json"});
  QVERIFY2(r.code == 0, qPrintable(r.err));
  const auto j = last_line_json(r.out);
  for (const char* key : {"run_id", "device", "epochs", "test_accuracy", "test_loss", "train_samples_per_s", "wall_s"})
    QVERIFY2(j.contains(key), key);
  QCOMPARE(j["epochs"].get<int>(), 1);
  QVERIFY(j["test_accuracy"].get<double>() > 0.5);
  QVERIFY2(r.err.contains("epoch 1/1"), qPrintable(r.err));  // progress goes to stderr with --json
  const QString run_id = QString::fromStdString(j["run_id"]);

  auto e = run({"eval", run_id, "--device", "cpu", "--limit-test", "500", "--json"});
  QVERIFY2(e.code == 0, qPrintable(e.err));
  const auto m = last_line_json(e.out);
  QVERIFY(std::fabs(m["loss"].get<double>() - j["test_loss"].get<double>()) < 1e-6);  // the checkpoint is the trained model
  QVERIFY(e.out.contains("confusion matrix"));

  QTemporaryDir dir;
  std::vector<float> x(3 * 784, 0.5f);
  const std::string npy = dir.filePath("x.npy").toStdString();
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 784), }";
  while ((10 + header.size() + 1) % 64) header += ' ';
  header += '\n';
  std::ofstream f(npy, std::ios::binary);
  f << "\x93NUMPY" << char(1) << char(0) << char(header.size()) << char(0) << header;
  f.write(reinterpret_cast<const char*>(x.data()), std::streamsize(x.size() * 4));
  f.close();
  const QString out = dir.filePath("y.npy");
  auto p = run({"predict", run_id, "--device", "cpu", "--input", QString::fromStdString(npy), "--output", out, "--preprocessed"});
  QVERIFY2(p.code == 0, qPrintable(p.err));
  QVERIFY2(p.out.contains("3 samples") && p.out.contains("[3, 10] (class probabilities)"), qPrintable(p.out));
  QCOMPARE(QFileInfo(out).size(), qint64(128 + 3 * 10 * 4));
  const strata::NpyArray probs = strata::read_npy(out.toStdString());
  QVERIFY(std::fabs(std::accumulate(probs.values.begin(), probs.values.begin() + 10, 0.0) - 1) < 1e-5);
  // Raw input of the wrong shape is refused naming the file and the shape the run takes.
  p = run({"predict", run_id, "--device", "cpu", "--input", QString::fromStdString(npy), "--output", out});
  QVERIFY2(p.code == 1 && p.err.contains("x.npy: shape [3, 784] is not a batch of [1, 28, 28] images"), qPrintable(p.err));
}

void TestCli::train_rejects_bad_projects() {
  QTemporaryDir dir;
  const QString bad = dir.filePath("bad.strata");
  std::ofstream(bad.toStdString()) << R"({"format": "strata-project", "version": 1,
    "graph": {"nodes": [{"id": "input_1", "type": "Input", "params": {"shape": [1, 28, 28]}},
                        {"id": "dense_1", "type": "Dense", "params": {"units": 10}},
                        {"id": "loss", "type": "SoftmaxCrossEntropy"}],
              "links": [{"from": "input_1", "to": "dense_1"}, {"from": "dense_1", "to": "loss"}]},
    "dataset": {"kind": "fashion_mnist"}})";
  auto r = run({"train", bad, "--device", "cpu", "--limit-train", "100", "--limit-test", "10"});
  QVERIFY(r.code != 0);
  QVERIFY2(r.err.contains("dense_1: input: expects [features] or [timesteps, features], got [1, 28, 28]") &&
               r.err.contains("insert Flatten"),
           qPrintable(r.err));
  auto missing = run({"train", dir.filePath("nothing.strata")});
  QVERIFY(missing.code != 0);
}

void TestCli::killed_runs_resume_and_fork() {
  // SIGKILL a training at several moments: the log stays intact, the run is
  // marked interrupted, and resume finishes it; then fork a child from epoch 1.
  const QString project = QStringLiteral(STRATA_SOURCE_DIR "/resources/examples/fashion_mnist_cnn.strata");
  const QString db = QString::fromStdString(data_dir_.path().toStdString() + "/kill.db");
  std::string last_run;
  int resumed = 0;
  // Random moments (seed printed, so a failure can be replayed) counted from
  // when the run appears in the log as running, so they land in training
  // however fast this build loads data: in the first epoch, across checkpoints.
  const quint32 seed = QRandomGenerator::global()->generate();
  QRandomGenerator rng(seed);
  std::vector<int> delays;
  for (int k = 0; k < 3; ++k) delays.push_back(int(rng.bounded(1500)));
  std::sort(delays.begin(), delays.end());
  qInfo() << "kill seed" << seed << "delays after the run is logged (ms)" << delays[0] << delays[1] << delays[2];
  for (int delay_ms : delays) {
    QProcess p;
    p.setProgram(qEnvironmentVariable("STRATA_BIN"));
    p.setArguments({"train", project, "--device", "cpu", "--epochs", "3", "--limit-train", "4000", "--limit-test", "200",
                    "--db", db});
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("STRATA_DATA_DIR", data_dir_.path());
    p.setProcessEnvironment(env);
    p.start();
    QVERIFY(p.waitForStarted());
    while (running_runs(db).isEmpty() && p.state() == QProcess::Running) QThread::msleep(20);
    QThread::msleep(delay_ms);
    p.kill();  // SIGKILL
    p.waitForFinished();

    QCOMPARE(integrity(db), QString("ok"));

    auto list = run({"runs", "--db", db, "list", "--json"});
    QVERIFY2(list.code == 0, qPrintable(list.err));
    const auto runs = last_line_json(list.out);
    if (runs.empty()) continue;  // killed before the run was logged (while loading data)
    const auto& newest = runs[0];
    last_run = newest["run_id"];
    if (newest["status"] == "finished") continue;  // it finished before the kill: nothing to resume
    QCOMPARE(newest["status"].get<std::string>(), std::string("interrupted"));
    auto r = run({"resume", QString::fromStdString(last_run), "--db", db, "--json"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const auto j = last_line_json(r.out);
    QCOMPARE(j["epochs"].get<int>(), 3);
    QCOMPARE(j["run_id"].get<std::string>(), last_run);
    auto show = run({"runs", "--db", db, "show", QString::fromStdString(last_run), "--json"});
    QCOMPARE(last_line_json(show.out)["status"].get<std::string>(), std::string("finished"));
    ++resumed;
  }
  QVERIFY2(resumed >= 1, "no kill landed during training; the delays need adjusting");
  auto f = run({"fork", QString::fromStdString(last_run), "--epoch", "1", "--set", "learning_rate=0.0005", "--db", db, "--json"});
  QVERIFY2(f.code == 0, qPrintable(f.err));
  const auto child = last_line_json(f.out);
  QCOMPARE(child["parent"].get<std::string>(), last_run);
  auto show = run({"runs", "--db", db, "show", QString::fromStdString(child["run_id"]), "--json"});
  const auto cj = last_line_json(show.out);
  QCOMPARE(cj["parent"].get<std::string>(), last_run);
  QCOMPARE(cj["training"]["learning_rate"].get<double>(), 0.0005);
  auto cmp = run({"runs", "--db", db, "compare", QString::fromStdString(last_run), QString::fromStdString(child["run_id"]), "--json"});
  QVERIFY2(cmp.code == 0, qPrintable(cmp.err));
  QVERIFY(last_line_json(cmp.out)["param_differences"].contains("learning_rate"));
}

void TestCli::cifar_example_trains_on_generated_batches() {
  // The cifar10_cnn example, pointed at small CIFAR-10 binary files written
  // here, trains (with its augmentation) and evaluates end to end.
  QTemporaryDir dir;
  for (const char* name : {"data_batch_1.bin", "test_batch.bin"}) {
    std::ofstream f(dir.filePath(name).toStdString(), std::ios::binary);
    for (int r = 0; r < 24; ++r) {
      f.put(char(r % 10));
      for (int i = 0; i < 3072; ++i) f.put(char((i * 7 + r * 13) % 256));
    }
  }
  std::ifstream in(STRATA_SOURCE_DIR "/resources/examples/cifar10_cnn.strata");
  nlohmann::json p = nlohmann::json::parse(in);
  p["dataset"]["dir"] = dir.path().toStdString();
  p["dataset"]["train_files"] = {"data_batch_1.bin"};
  const QString project = dir.filePath("cifar.strata");
  std::ofstream(project.toStdString()) << p.dump(2);
  auto r = run({"train", project, "--device", "cpu", "--epochs", "1", "--batch-size", "8", "--json"});
  QVERIFY2(r.code == 0, qPrintable(r.err));
  const auto j = last_line_json(r.out);
  QCOMPARE(j["test_samples"].get<int>(), 24);
  QVERIFY(j["test_loss"].get<double>() > 0);
}

void TestCli::stopped_run_resumes_to_the_uninterrupted_result() {
  // Ctrl-C stops a run cleanly (checkpoint, status 'stopped'); `strata resume`
  // then finishes it with exactly the losses of a run never stopped.
  const QString project = QStringLiteral(STRATA_SOURCE_DIR "/resources/examples/fashion_mnist_cnn.strata");
  const QString db = QString::fromStdString(data_dir_.path().toStdString() + "/stop.db");
  const QStringList args{"train", project, "--device", "cpu", "--epochs", "2", "--limit-train", "3000",
                         "--limit-test", "300", "--seed", "11", "--db", db, "--json"};
  auto whole = run(args);
  QVERIFY2(whole.code == 0, qPrintable(whole.err));
  const auto a = last_line_json(whole.out);

  // Interrupt the same run during its second epoch: SIGINT once the first epoch's line is out.
  QProcess p;
  p.setProgram(qEnvironmentVariable("STRATA_BIN"));
  p.setArguments(args);
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert("STRATA_DATA_DIR", data_dir_.path());
  p.setProcessEnvironment(env);
  p.start();
  QVERIFY(p.waitForStarted());
  QByteArray err;
  while (!err.contains("epoch 1/2") && p.state() == QProcess::Running) {
    p.waitForReadyRead(100);
    err += p.readAllStandardError();
  }
  ::kill(pid_t(p.processId()), SIGINT);
  QVERIFY(p.waitForFinished(120000));
  const QString out = QString::fromUtf8(p.readAllStandardOutput());
  err += p.readAllStandardError();
  QVERIFY2(p.exitStatus() == QProcess::NormalExit, err.constData());
  const auto b = last_line_json(out);
  const std::string id = b["run_id"];
  if (b["status"] == "finished") QSKIP("the run ended before the signal landed");  // 3000 samples take ~1 s here
  QCOMPARE(b["status"].get<std::string>(), std::string("stopped"));
  QCOMPARE(p.exitCode(), 3);  // a stopped run is not a success: `train && export` must not go on
  QVERIFY2(err.contains("strata resume " + QByteArray::fromStdString(id)), err.constData());
  auto show = run({"runs", "--db", db, "show", QString::fromStdString(id), "--json"});
  QCOMPARE(last_line_json(show.out)["status"].get<std::string>(), std::string("stopped"));

  // As the stop message says: no --db needed, the run folder knows its log.
  auto resumed = run({"resume", QString::fromStdString(id), "--json"});
  QVERIFY2(resumed.code == 0, qPrintable(resumed.err));
  const auto c = last_line_json(resumed.out);
  QCOMPARE(c["status"].get<std::string>(), std::string("finished"));
  QCOMPARE(c["steps"].get<int>(), a["steps"].get<int>());
  QCOMPARE(c["train_loss"].get<double>(), a["train_loss"].get<double>());
  QCOMPARE(c["test_loss"].get<double>(), a["test_loss"].get<double>());
  const auto steps_a = series(db, a["run_id"], "step_loss"), steps_c = series(db, id, "step_loss");
  QCOMPARE(steps_a.size(), size_t(a["steps"].get<int>()));
  QVERIFY(steps_a == steps_c);  // every step's loss, bit for bit
  QVERIFY(series(db, a["run_id"], "loss") == series(db, id, "loss"));
  show = run({"runs", "show", QString::fromStdString(id), "--db", db, "--json"});  // --db after the subcommand's own name
  QCOMPARE(last_line_json(show.out)["status"].get<std::string>(), std::string("finished"));
}

void TestCli::exports_reproduce_predict_on_real_test_images() {
  // A CNN trained on Fashion-MNIST (whose project normalises the pixels),
  // exported by the CLI in every format. On raw test images (pixels 0-255)
  // onnxruntime-web and PyTorch reproduce `strata predict` on the same raw
  // images; the ONNX export with --preprocessed reproduces it on the
  // preprocessed images; the metadata names the classes.
  const QString project = QStringLiteral(STRATA_SOURCE_DIR "/resources/examples/fashion_mnist_cnn.strata");
  auto t = run({"train", project, "--device", "cpu", "--epochs", "1", "--limit-train", "1000", "--limit-test", "100", "--json"});
  QVERIFY2(t.code == 0, qPrintable(t.err));
  const QString id = QString::fromStdString(last_line_json(t.out)["run_id"]);

  QTemporaryDir dir;
  const std::string images = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz",
                    labels = "/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz";
  const strata::Dataset raw = strata::load_idx(images, labels, 64, 10);  // raw pixels
  const QString x = dir.filePath("x.npy"), y = dir.filePath("y.npy");
  strata::write_file_atomically(x.toStdString(), strata::npy_bytes({{raw.size(), 1, 28, 28}, raw.x}));
  auto p = run({"predict", id, "--device", "cpu", "--input", x, "--output", y, "--logits"});
  QVERIFY2(p.code == 0, qPrintable(p.err));
  // The same images preprocessed by the training path give the same outputs with --preprocessed.
  const strata::Project proj = strata::load_project(project.toStdString());
  const strata::LoadedData data = strata::load_dataset(proj.dataset, QFileInfo(project).absolutePath().toStdString(), {1, 64}, "test");
  const QString xp = dir.filePath("xp.npy"), yp = dir.filePath("yp.npy");
  strata::write_file_atomically(xp.toStdString(), strata::npy_bytes({{64, 1, 28, 28}, data.test->x}));
  p = run({"predict", id, "--device", "cpu", "--input", xp, "--output", yp, "--logits", "--preprocessed"});
  QVERIFY2(p.code == 0, qPrintable(p.err));
  QVERIFY(contents(y) == contents(yp));
  // The same images as PNG files, one by one or as a folder, decoded as in training.
  QDir().mkpath(dir.filePath("png/sub"));
  for (int i = 0; i < 3; ++i) {
    std::vector<unsigned char> pixels(784);
    for (size_t k = 0; k < 784; ++k) pixels[k] = static_cast<unsigned char>(raw.x[size_t(i) * 784 + k]);
    write_grey_png(dir.filePath(i == 2 ? "png/sub/2.png" : QString("png/%1.png").arg(i)).toStdString(), 28, 28, pixels);
  }
  const QString yf = dir.filePath("yf.npy"), y0 = dir.filePath("y0.npy");
  p = run({"predict", id, "--device", "cpu", "--input", dir.filePath("png"), "--output", yf, "--logits"});
  QVERIFY2(p.code == 0 && p.out.contains("3 samples"), qPrintable(p.out + p.err));
  // (Within float rounding: a batch of 3 may sum in another order than one of 64.)
  auto near = [](float a, float b) { return std::fabs(a - b) <= 1e-5f * std::max(1.f, std::fabs(a)); };
  const strata::NpyArray all = strata::read_npy(y.toStdString()), folder = strata::read_npy(yf.toStdString());
  QVERIFY(std::equal(folder.values.begin(), folder.values.end(), all.values.begin(), near));
  p = run({"predict", id, "--device", "cpu", "--input", dir.filePath("png/0.png"), "--output", y0, "--logits"});
  QVERIFY2(p.code == 0, qPrintable(p.err));
  QVERIFY(std::equal(all.values.begin(), all.values.begin() + 10, strata::read_npy(y0.toStdString()).values.begin(), near));
  const QString csv = dir.filePath("p.csv");
  p = run({"predict", id, "--device", "cpu", "--input", dir.filePath("png"), "--output", csv});
  QVERIFY2(p.code == 0 && contents(csv).contains("png/sub/2.png,"), qPrintable(contents(csv)));

  const QString onnx = dir.filePath("model.onnx"), onnx_pre = dir.filePath("pre.onnx"), torch = dir.filePath("torch"),
                st = dir.filePath("w.safetensors"), npz = dir.filePath("w.npz");
  for (const auto& [format, path, extra] : std::vector<std::tuple<QString, QString, QString>>{
           {"onnx", onnx, ""}, {"onnx", onnx_pre, "--preprocessed"}, {"pytorch", torch, ""}, {"safetensors", st, ""}, {"npz", npz, ""}}) {
    QStringList args{"export", id, "--format", format, "--output", path};
    if (!extra.isEmpty()) args << extra;
    auto e = run(args);
    QVERIFY2(e.code == 0, qPrintable(e.err));
    QVERIFY2(QFileInfo::exists(path), qPrintable(path));
  }
  QVERIFY(contents(onnx).contains("T-shirt/top") && contents(onnx).contains("strata_preprocessing"));
  QVERIFY(contents(st).contains("strata_preprocessing"));
  const QString runner = QStringLiteral(STRATA_SOURCE_DIR "/tests/oracles/onnxweb/run_onnx.mjs");
  for (const auto& [script, args] : std::vector<std::pair<QString, QStringList>>{
           {"check_onnx.py", {onnx, x, y, runner}},
           {"check_onnx.py", {onnx_pre, xp, y, runner}},
           {"check_export.py", {torch, x, y, st, npz}},
           {"check_preprocess.py", {torch, x, xp}}}) {
    const auto r = strata::test::run_oracle_script(script, args);
    QVERIFY2(r.ok, qPrintable(r.log));
    qInfo().noquote() << r.log;
  }
}

void TestCli::predict_takes_raw_samples() {
  // A model trained on standardised table features and one trained on token
  // ids predict from the raw rows and texts a user has.
  QTemporaryDir dir;
  auto t = run({"train", QStringLiteral(STRATA_SOURCE_DIR "/resources/examples/breast_cancer_mlp.strata"), "--device", "cpu",
                "--epochs", "5", "--json"});
  QVERIFY2(t.code == 0, qPrintable(t.err));
  const QString table_run = QString::fromStdString(last_line_json(t.out)["run_id"]);
  // scikit-learn's file: a summary line, then 30 features and the class (0 malignant, 1 benign) per row.
  std::ifstream in("/usr/lib/python3/dist-packages/sklearn/datasets/data/breast_cancer.csv");
  std::string line;
  std::getline(in, line);
  std::string rows, header;
  std::vector<std::string> truth;
  for (int k = 0; k < 30; ++k) header += "feature_" + std::to_string(k) + ",";
  header += "target\n";
  while (std::getline(in, line)) {
    const size_t last = line.rfind(',');
    rows += line.substr(0, last) + "\n";
    header += line + "\n";
    truth.push_back(line.substr(last + 1) == "0" ? "malignant" : "benign");
  }
  const QString raw = dir.filePath("rows.csv"), named = dir.filePath("named.csv");
  std::ofstream(raw.toStdString()) << rows;
  std::ofstream(named.toStdString()) << header;  // with a header (and the label column, ignored)
  QByteArray first;
  for (const QString& input : {raw, named}) {
    const QString out = dir.filePath("p.csv");
    auto p = run({"predict", table_run, "--input", input, "--output", out});
    QVERIFY2(p.code == 0, qPrintable(p.err));
    const QList<QByteArray> lines = contents(out).trimmed().split('\n');
    QCOMPARE(lines[0], QByteArray("input,predicted,malignant,benign"));
    QCOMPARE(size_t(lines.size() - 1), truth.size());
    int right = 0;
    for (size_t i = 0; i < truth.size(); ++i) right += lines[int(i) + 1].split(',')[1].toStdString() == truth[i];
    // Raw features fed to a model trained on standardised ones scored ~0.37.
    QVERIFY2(double(right) / double(truth.size()) > 0.85, qPrintable(QString::number(right)));
    if (first.isEmpty()) first = contents(out);
    else QCOMPARE(contents(out), first);
  }

  t = run({"train", QStringLiteral(STRATA_SOURCE_DIR "/resources/examples/text_lstm.strata"), "--device", "cpu", "--epochs", "1", "--json"});
  QVERIFY2(t.code == 0, qPrintable(t.err));
  const QString text_run = QString::fromStdString(last_line_json(t.out)["run_id"]);
  const QString texts = dir.filePath("texts.txt"), ids = dir.filePath("ids.npy");
  std::ofstream(texts.toStdString()) << "the new charger and it is very handy\n\nTerrible, FLIMSY speaker: not worth it\nunseenword\n";
  const strata::Preprocessing pre = strata::Preprocessing::from_json(
      nlohmann::json::parse(std::ifstream(data_dir_.filePath("runs/" + text_run + "/preprocessing.json").toStdString())), "p");
  std::vector<float> encoded;
  for (const char* s : {"the new charger and it is very handy", "Terrible, FLIMSY speaker: not worth it", "unseenword"}) {
    const auto e = pre.encode(s);
    encoded.insert(encoded.end(), e.begin(), e.end());
  }
  strata::write_file_atomically(ids.toStdString(), strata::npy_bytes({{3, strata::numel(pre.sample_shape)}, encoded}));
  const QString a = dir.filePath("a.npy"), b = dir.filePath("b.npy"), torch = dir.filePath("torch");
  auto p = run({"predict", text_run, "--input", texts, "--output", a, "--logits"});
  QVERIFY2(p.code == 0 && p.out.contains("3 samples"), qPrintable(p.out + p.err));
  p = run({"predict", text_run, "--input", ids, "--output", b, "--logits", "--preprocessed"});
  QVERIFY2(p.code == 0, qPrintable(p.err));
  QCOMPARE(contents(a), contents(b));
  QVERIFY(run({"export", text_run, "--format", "pytorch", "--output", torch}).code == 0);
  const auto r = strata::test::run_oracle_script("check_preprocess.py", {torch, texts, ids});
  QVERIFY2(r.ok, qPrintable(r.log));
  // Token ids stay the ONNX input; the vocabulary and tokenisation travel as metadata.
  const QString onnx = dir.filePath("text.onnx");
  QVERIFY(run({"export", text_run, "--format", "onnx", "--output", onnx}).code == 0);
  QVERIFY(contents(onnx).contains("vocabulary") && contents(onnx).contains("charger") && contents(onnx).contains("\"tokens\":\"word\""));
  const auto shown = last_line_json(run({"runs", "show", text_run, "--json"}).out);  // the log records it too
  QCOMPARE(shown["preprocessing"]["input"].get<std::string>(), std::string("tokens"));

  // The Transformer example (padding masks, attention): trains, predicts
  // from text, and its PyTorch export agrees on the same texts.
  t = run({"train", QStringLiteral(STRATA_SOURCE_DIR "/resources/examples/transformer_text.strata"), "--device", "cpu",
           "--epochs", "1", "--limit-train", "640", "--json"});
  QVERIFY2(t.code == 0, qPrintable(t.err));
  const QString transformer_run = QString::fromStdString(last_line_json(t.out)["run_id"]);
  const strata::Preprocessing tpre = strata::Preprocessing::from_json(
      nlohmann::json::parse(std::ifstream(data_dir_.filePath("runs/" + transformer_run + "/preprocessing.json").toStdString())), "p");
  encoded.clear();
  for (const char* s : {"the new charger and it is very handy", "Terrible, FLIMSY speaker: not worth it", "unseenword"}) {
    const auto e = tpre.encode(s);
    encoded.insert(encoded.end(), e.begin(), e.end());
  }
  strata::write_file_atomically(ids.toStdString(), strata::npy_bytes({{3, strata::numel(tpre.sample_shape)}, encoded}));
  const QString ttorch = dir.filePath("transformer_torch");
  p = run({"predict", transformer_run, "--input", texts, "--output", a, "--logits"});
  QVERIFY2(p.code == 0 && p.out.contains("3 samples"), qPrintable(p.out + p.err));
  QVERIFY(run({"export", transformer_run, "--format", "pytorch", "--output", ttorch}).code == 0);
  const auto tr = strata::test::run_oracle_script("check_preprocess.py", {ttorch, texts, ids, a});
  QVERIFY2(tr.ok, qPrintable(tr.log));
  QVERIFY(run({"export", transformer_run, "--format", "onnx", "--output", dir.filePath("transformer.onnx")}).code == 0);
}

void TestCli::full_disk_stops_training_and_keeps_the_log() {
  // No space left for the log: a file-size limit (RLIMIT_FSIZE, 1 MiB) makes
  // writes past it fail the way a full disk does. Training stops with a clear
  // message; the database passes its integrity check and keeps every step
  // committed before the failure, without gaps; the run is marked interrupted
  // and `strata resume` finishes it once there is room again.
  const QString project = QStringLiteral(STRATA_SOURCE_DIR "/resources/examples/breast_cancer_mlp.strata");
  const QString db = QString::fromStdString(data_dir_.path().toStdString() + "/full.db");
  QProcess p;
  p.setProgram(qEnvironmentVariable("STRATA_BIN"));
  p.setArguments({"train", project, "--device", "cpu", "--epochs", "40", "--batch-size", "1", "--db", db});
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert("STRATA_DATA_DIR", data_dir_.path());
  p.setProcessEnvironment(env);
  p.setChildProcessModifier([] {
    const rlimit limit{1 << 20, 1 << 20};
    setrlimit(RLIMIT_FSIZE, &limit);
    std::signal(SIGXFSZ, SIG_IGN);  // writes past the limit fail with EFBIG instead of killing the process
  });
  p.start();
  QVERIFY(p.waitForFinished(300000));
  const QString err = QString::fromUtf8(p.readAllStandardError());
  QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() != 0, qPrintable(err));
  QVERIFY2(err.contains("the experiment log failed, training stopped") && err.contains("is the disk full"), qPrintable(err));

  QCOMPARE(integrity(db), QString("ok"));
  sqlite3* h = nullptr;
  sqlite3_stmt* st = nullptr;

  auto list = run({"runs", "--db", db, "list", "--json"});
  QVERIFY2(list.code == 0, qPrintable(list.err));
  const auto runs = last_line_json(list.out);
  QCOMPARE(runs.size(), size_t(1));
  const std::string id = runs[0]["run_id"];
  QCOMPARE(runs[0]["status"].get<std::string>(), std::string("interrupted"));
  const auto steps = series(db, id, "step_loss");
  QVERIFY2(steps.size() > 100, "the first transactions should have been committed before the log filled up");
  sqlite3_open(db.toUtf8().constData(), &h);
  sqlite3_prepare_v2(h, "SELECT COUNT(*), MIN(step), MAX(step) FROM metrics WHERE run_id = ? AND key = 'step_loss'", -1, &st, nullptr);
  sqlite3_bind_text(st, 1, id.c_str(), -1, SQLITE_TRANSIENT);
  QCOMPARE(sqlite3_step(st), SQLITE_ROW);
  QCOMPARE(sqlite3_column_int64(st, 1), qint64(1));
  QCOMPARE(sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 0));  // steps 1..n, no gap
  sqlite3_finalize(st);
  sqlite3_close(h);

  auto resumed = run({"resume", QString::fromStdString(id), "--db", db, "--json"});
  QVERIFY2(resumed.code == 0, qPrintable(resumed.err));
  QCOMPARE(last_line_json(resumed.out)["status"].get<std::string>(), std::string("finished"));
}

void TestCli::export_never_deletes_what_it_did_not_create() {
  // An export refuses a destination that holds anything unless --force, and
  // even forced replaces only the files it writes; it never writes through a
  // file standing where its folder should be, and a location it cannot write
  // leaves nothing behind.
  const QString id = small_run();
  QVERIFY(!id.isEmpty());
  QTemporaryDir tmp;
  const QString dest = tmp.filePath("mine");
  QDir().mkpath(dest + "/sub");
  std::ofstream((dest + "/notes.txt").toStdString()) << "my notes";
  std::ofstream((dest + "/sub/keep.txt").toStdString()) << "keep";
  std::ofstream((dest + "/model.py").toStdString()) << "# my own model.py";

  auto r = run({"export", id, "--format", "pytorch", "--output", dest});
  QVERIFY2(r.code != 0, qPrintable(r.out + r.err));
  QVERIFY2(r.err.contains("not empty") && r.err.contains("--force"), qPrintable(r.err));
  QCOMPARE(entries(dest), QStringList({"model.py", "notes.txt", "sub"}));
  QCOMPARE(contents(dest + "/model.py"), QByteArray("# my own model.py"));
  QCOMPARE(entries(tmp.path()), QStringList({"mine"}));  // no temporary left beside it

  r = run({"export", id, "--format", "pytorch", "--output", dest, "--force"});
  QVERIFY2(r.code == 0, qPrintable(r.err));
  QCOMPARE(entries(dest), QStringList({"model.py", "notes.txt", "sub", "weights.npz"}));
  QCOMPARE(contents(dest + "/notes.txt"), QByteArray("my notes"));
  QCOMPARE(contents(dest + "/sub/keep.txt"), QByteArray("keep"));
  QVERIFY(contents(dest + "/model.py").contains("def load("));

  // "." is the current folder, refused like any other that holds files.
  const QString cwd = tmp.filePath("cwd");
  QDir().mkpath(cwd);
  std::ofstream((cwd + "/a.txt").toStdString()) << "a";
  r = run({"export", id, "--format", "pytorch", "--output", "."}, {}, cwd);
  QVERIFY2(r.code != 0, qPrintable(r.out + r.err));
  QVERIFY2(r.err.contains("not empty"), qPrintable(r.err));
  QCOMPARE(entries(cwd), QStringList({"a.txt"}));

  // A file where the folder should go, and a one-file export onto an existing file.
  const QString file = tmp.filePath("file.txt");
  std::ofstream(file.toStdString()) << "precious";
  for (const char* format : {"pytorch", "onnx", "npz"}) {
    r = run({"export", id, "--format", format, "--output", file});
    QVERIFY2(r.code != 0, qPrintable(QString(format) + ": " + r.out + r.err));
    QVERIFY2(r.err.contains("file.txt"), qPrintable(r.err));
    QCOMPARE(contents(file), QByteArray("precious"));
  }
  r = run({"export", id, "--format", "npz", "--output", file, "--force"});
  QVERIFY2(r.code == 0, qPrintable(r.err));
  QVERIFY(contents(file).startsWith("PK"));

  // A parent that cannot be written: /proc refuses new entries even to root;
  // a read-only folder does too where the tests do not run as root.
  QStringList unwritable{"/proc/strata-export-test"};
  const QString ro = tmp.filePath("ro");
  QDir().mkpath(ro);
  QFile::setPermissions(ro, QFileDevice::ReadOwner | QFileDevice::ExeOwner);
  if (geteuid() != 0) unwritable << ro + "/out";
  else qInfo("running as root: a read-only folder does not stop root, so only /proc stands in for one");
  for (const QString& out : unwritable)
    for (const char* format : {"pytorch", "onnx"}) {
      r = run({"export", id, "--format", format, "--output", out});
      QVERIFY2(r.code != 0, qPrintable(out + ": " + r.out + r.err));
      QVERIFY2(r.err.contains(QFileInfo(out).path()), qPrintable(r.err));
      QVERIFY(!r.err.contains("unexpected error"));
    }
  QFile::setPermissions(ro, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
  QCOMPARE(entries(ro), QStringList());
}

void TestCli::predict_refuses_empty_input() {
  // A 0-row array used to die of SIGFPE (a division by the row count).
  const QString id = small_run();
  QVERIFY(!id.isEmpty());
  QTemporaryDir dir;
  const QString flat = dir.filePath("empty.npy"), images = dir.filePath("empty_images.npy"), y = dir.filePath("y.npy");
  strata::write_file_atomically(flat.toStdString(), strata::npy_bytes({{0, 784}, {}}));
  strata::write_file_atomically(images.toStdString(), strata::npy_bytes({{0, 1, 28, 28}, {}}));
  for (const auto& [input, extra] : std::vector<std::pair<QString, QString>>{{flat, "--preprocessed"}, {images, ""}, {flat, ""}}) {
    QStringList args{"predict", id, "--device", "cpu", "--input", input, "--output", y};
    if (!extra.isEmpty()) args << extra;
    auto r = run(args);
    QVERIFY2(r.code == 1, qPrintable(QString::number(r.code) + r.err));
    QVERIFY2(r.err.contains(QFileInfo(input).fileName() + ": no samples"), qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(y));
  }
}

void TestCli::only_no_arguments_or_a_project_opens_the_editor() {
  // Anything but no arguments or an existing project file is the command
  // line: never an editor looking for a display (these used to abort, 134).
  for (const char* w : {"help", "version", "trian", "nothing.strata", "runz"}) {
    const QString word(w);
    const auto r = run({word});
    QVERIFY2(r.code == 2, qPrintable(word + ": " + QString::number(r.code) + " " + r.err));
    QVERIFY2(r.err.contains("'" + word + "' is not a command") && r.err.contains("devices, selftest, train, resume"), qPrintable(r.err));
  }
  QVERIFY(run({"trian"}).err.contains("did you mean 'train'?"));
  QVERIFY(run({"runz"}).err.contains("did you mean 'runs'?"));
  QVERIFY(run({"help"}).err.contains("did you mean `strata --help`?"));
  auto r = run({"--help"});
  QVERIFY2(r.code == 0 && r.out.contains("Exit status") && r.out.contains("3 a training was stopped"), qPrintable(r.out + r.err));
  r = run({"--version"});
  QVERIFY2(r.code == 0 && r.out.contains("strata 0.1.0"), qPrintable(r.out + r.err));
  r = run({"train", "--bogus"});
  QCOMPARE(r.code, 2);
}

void TestCli::a_run_in_training_is_locked() {
  // While a process trains a run, resume, fork and runs delete refuse it,
  // naming the process; once that process is gone, its lock no longer counts.
  QTemporaryDir dir;
  const QString db = dir.filePath("lock.db");
  QProcess p;
  p.setProgram(qEnvironmentVariable("STRATA_BIN"));
  p.setArguments({"train", QStringLiteral(STRATA_SOURCE_DIR "/resources/examples/fashion_mnist_mlp.strata"), "--device", "cpu",
                  "--epochs", "1000", "--limit-train", "2000", "--limit-test", "10", "--db", db});
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert("STRATA_DATA_DIR", data_dir_.path());
  p.setProcessEnvironment(env);
  p.start();
  QVERIFY(p.waitForStarted());
  while (running_runs(db).isEmpty() && p.state() == QProcess::Running) QThread::msleep(20);
  QVERIFY2(p.state() == QProcess::Running, p.readAllStandardError().constData());
  const QString id = running_runs(db)[0];
  const QString holder = "process " + QString::number(p.processId());
  for (const QStringList& args : {QStringList{"resume", id, "--json"}, QStringList{"fork", id, "--epoch", "0"},
                                  QStringList{"runs", "delete", id, "--db", db}}) {
    const auto r = run(args);
    QVERIFY2(r.code == 1 && r.err.contains("run " + id + " is being trained by " + holder), qPrintable(args.join(' ') + ": " + r.err));
  }
  // With --json the failure still ends with one JSON object naming the run.
  const auto j = last_line_json(run({"resume", id, "--json"}).out);
  QCOMPARE(j["run_id"].get<std::string>(), id.toStdString());
  QVERIFY(j["error"].get<std::string>().find("is being trained by") != std::string::npos);
  p.kill();
  QVERIFY(p.waitForFinished());
  QVERIFY(QFileInfo::exists(data_dir_.filePath("runs/" + id + "/run.lock")));  // a SIGKILL leaves it
  const auto r = run({"runs", "delete", id, "--db", db});
  QVERIFY2(r.code == 0, qPrintable(r.err));
}

void TestCli::failed_commands_leave_nothing_behind() {
  // A command that fails leaves no run folder, no log and no folder behind;
  // reading commands never create a log a mistyped --db names.
  QTemporaryDir dir;
  const QString db = dir.filePath("ok.db");
  const QString id = small_run({"--db", db});
  QVERIFY(!id.isEmpty());
  const QStringList before = run_folders();
  auto r = run({"fork", id, "--epoch", "7"});
  QVERIFY2(r.code == 1 && r.err.contains("has no checkpoint after epoch 7 (it has checkpoints after epochs: 0, 1)"), qPrintable(r.err));
  QCOMPARE(run_folders(), before);

  const QString project = QStringLiteral(STRATA_SOURCE_DIR "/resources/examples/fashion_mnist_mlp.strata");
  const QStringList train{"train", project, "--device", "cpu", "--epochs", "1", "--limit-train", "100", "--limit-test", "10"};
  r = run(train + QStringList{"--db", "/proc/strata-test/runs.db"});  // a location nobody can write
  QVERIFY2(r.code == 1 && r.err.contains("/proc/strata-test"), qPrintable(r.err));
  QCOMPARE(run_folders(), before);
  const QString deep = dir.filePath("no/such/folder/runs.db");
  r = run(train + QStringList{"--db", deep});
  QVERIFY2(r.code == 1 && r.err.contains("does not exist"), qPrintable(r.err));
  QVERIFY(!QFileInfo::exists(dir.filePath("no")));
  QCOMPARE(run_folders(), before);

  const QString missing = dir.filePath("typo.db");
  for (const QStringList& args : {QStringList{"runs", "list", "--db", missing}, QStringList{"runs", "--db", missing, "list"},
                                  QStringList{"eval", id, "--db", missing}, QStringList{"predict", id, "--db", missing, "--input",
                                  db, "--output", dir.filePath("y.npy")}, QStringList{"export", id, "--db", missing, "--format", "npz",
                                  "--output", dir.filePath("w.npz")}, QStringList{"resume", id, "--db", missing},
                                  QStringList{"fork", id, "--epoch", "1", "--db", missing}}) {
    r = run(args);
    QVERIFY2(r.code == 1 && r.err.contains("typo.db: no experiment log there"), qPrintable(args.join(' ') + ": " + r.err));
    QVERIFY(!QFileInfo::exists(missing));
  }
  QCOMPARE(run_folders(), before);

  // Asked to, train makes the folders; the log of a run found through --db is its own.
  r = run(train + QStringList{"--db", deep, "--create-db-dirs", "--json"});
  QVERIFY2(r.code == 0 && QFileInfo::exists(deep), qPrintable(r.err));
  const QString child = QString::fromStdString(last_line_json(run({"fork", id, "--epoch", "1", "--json"}).out)["run_id"]);
  QVERIFY(!child.isEmpty());
  const auto shown = last_line_json(run({"runs", "show", child, "--db", db, "--json"}).out);  // the parent's log, not the default one
  QCOMPARE(shown["parent"].get<std::string>(), id.toStdString());
  QVERIFY(run({"eval", id, "--db", db, "--device", "cpu"}).code == 0);
}

void TestCli::options_say_their_limits() {
  // Range errors say what is allowed (CLI11's printed DBL_MAX in full); --lr
  // follows the project file's rule.
  const QString project = QStringLiteral(STRATA_SOURCE_DIR "/resources/examples/fashion_mnist_mlp.strata");
  for (const auto& [option, value, message] : std::vector<std::tuple<QString, QString, QString>>{
           {"--epochs", "0", "--epochs: must be at least 1, not 0"},
           {"--batch-size", "-2", "--batch-size: must be at least 1, not -2"},
           {"--lr", "0", "--lr: must be positive, not 0"},
           {"--lr", "1000", "--lr: must be at most 100, not 1000"},
           {"--limit-train", "x", "--limit-train: must be a number, not 'x'"}}) {
    const auto r = run({"train", project, option, value, "--json"});
    QVERIFY2(r.code == 2 && r.err.contains(message) && !r.err.contains("179769"), qPrintable(r.err));
    QVERIFY(QString::fromStdString(last_line_json(r.out)["error"].get<std::string>()).contains(message));  // --json: one object
  }
}

void TestCli::ctrl_c_during_the_test_evaluation_stops_the_run() {
  // Ctrl-C once training is over, while the test set is evaluated: the run
  // is 'stopped' (not 'interrupted'), exits 3, and resume finishes it.
  const QString db = data_dir_.filePath("eval_stop.db");
  QProcess p;
  p.setProgram(qEnvironmentVariable("STRATA_BIN"));
  p.setArguments({"train", QStringLiteral(STRATA_SOURCE_DIR "/resources/examples/fashion_mnist_cnn.strata"), "--device", "cpu",
                  "--epochs", "1", "--limit-train", "200", "--db", db, "--json"});  // the whole test set: 10,000 images
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert("STRATA_DATA_DIR", data_dir_.path());
  p.setProcessEnvironment(env);
  p.start();
  QVERIFY(p.waitForStarted());
  QByteArray err;
  while (!err.contains("epoch 1/1") && p.state() == QProcess::Running) {
    p.waitForReadyRead(100);
    err += p.readAllStandardError();
  }
  ::kill(pid_t(p.processId()), SIGINT);
  QVERIFY(p.waitForFinished(120000));
  const auto j = last_line_json(QString::fromUtf8(p.readAllStandardOutput()));
  if (j["status"] == "finished") QSKIP("the test evaluation ended before the signal landed");
  QCOMPARE(j["status"].get<std::string>(), std::string("stopped"));
  QCOMPARE(p.exitCode(), 3);
  QVERIFY(!j.contains("test_loss"));
  const QString id = QString::fromStdString(j["run_id"]);
  QCOMPARE(last_line_json(run({"runs", "show", id, "--db", db, "--json"}).out)["status"].get<std::string>(), std::string("stopped"));
  const auto r = run({"resume", id, "--json"});
  QVERIFY2(r.code == 0 && r.err.contains("already trained its 1 epoch\n"), qPrintable(r.err));
  QCOMPARE(last_line_json(r.out)["status"].get<std::string>(), std::string("finished"));
  QVERIFY(last_line_json(r.out).contains("test_accuracy"));
}

void TestCli::runs_show_and_compare_every_parameter() {
  // Data limits, batch size and the dataset are parameters like the others.
  QTemporaryDir dir;
  const QString db = dir.filePath("cmp.db");
  const QString a = small_run({"--db", db});
  const auto t = run({"train", QStringLiteral(STRATA_SOURCE_DIR "/resources/examples/fashion_mnist_mlp.strata"), "--device", "cpu",
                      "--epochs", "1", "--limit-train", "300", "--limit-test", "50", "--batch-size", "16", "--db", db, "--json"});
  QVERIFY2(!a.isEmpty() && t.code == 0, qPrintable(t.err));
  const QString b = QString::fromStdString(last_line_json(t.out)["run_id"]);
  auto r = run({"runs", "compare", a, b, "--db", db, "--json"});
  QVERIFY2(r.code == 0, qPrintable(r.err));
  const auto diff = last_line_json(r.out)["param_differences"];
  QVERIFY2(diff.contains("limit_train") && diff.contains("batch_size") && diff.contains("dataset_fingerprint"), diff.dump().c_str());
  QCOMPARE(diff["limit_train"], nlohmann::json({"200", "300"}));
  QVERIFY(!diff.contains("learning_rate"));  // only what differs
  r = run({"runs", "show", b, "--db", db});
  QVERIFY2(r.out.contains("configuration") && r.out.contains("batch_size") && r.out.contains("16") &&
               r.out.contains("dataset.kind") && r.out.contains("limit_train"),
           qPrintable(r.out));
}

void TestCli::output_fits_the_task() {
  // Regression shows no accuracy; a binary task no top-5; one epoch is "1 epoch".
  QTemporaryDir dir;
  std::string rows = "x1,x2,y\n";
  for (int i = 0; i < 60; ++i) rows += std::to_string(i % 7) + "," + std::to_string(i % 5) + "," + std::to_string(i % 7 + 2 * (i % 5)) + "\n";
  std::ofstream(dir.filePath("reg.csv").toStdString()) << rows;
  std::ofstream(dir.filePath("reg.strata").toStdString()) << R"({"format": "strata-project", "version": 1, "name": "regression",
    "graph": {"nodes": [{"id": "in", "type": "Input", "params": {"shape": [2]}}, {"id": "d", "type": "Dense", "params": {"units": 1}},
                        {"id": "loss", "type": "mse"}],
              "links": [{"from": "in", "to": "d"}, {"from": "d", "to": "loss"}]},
    "dataset": {"kind": "csv", "train": "reg.csv", "label": "y", "task": "regression", "test_split": 0.2},
    "training": {"epochs": 1, "batch_size": 8}})";
  auto r = run({"train", dir.filePath("reg.strata"), "--device", "cpu"});
  QVERIFY2(r.code == 0, qPrintable(r.err));
  QVERIFY2(!r.out.contains("acc") && r.out.contains("mse"), qPrintable(r.out));
  QVERIFY2(r.out.contains(", 1 epoch, batch 8"), qPrintable(r.out));
  r = run({"train", QStringLiteral(STRATA_SOURCE_DIR "/resources/examples/breast_cancer_mlp.strata"), "--device", "cpu", "--epochs",
           "1", "--json"});
  QVERIFY2(r.code == 0, qPrintable(r.err));
  const auto e = run({"eval", QString::fromStdString(last_line_json(r.out)["run_id"])});
  QVERIFY2(e.code == 0 && e.out.contains("ROC AUC") && !e.out.contains("top-"), qPrintable(e.out));
}

QTEST_APPLESS_MAIN(TestCli)
#include "test_cli.moc"
