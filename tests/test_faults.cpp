// Faults made on purpose (core/fault_injection.h) through the real command
// line: a GPU lost in the middle of a training, device memory too small for
// the batch, a disk that fills during a checkpoint or an export, and
// checkpoints damaged on disk. Each must lose nothing the user had and say
// what happened, naming the file or layer.
#include <sqlite3.h>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

namespace {

const QString kProject = QStringLiteral(STRATA_SOURCE_DIR "/resources/examples/breast_cancer_mlp.strata");

struct Result {
  int code;
  QString out, err;
};

// The run's status and its epoch-level training loss, in epoch order, from the log.
QString status_of(const QString& db, const QString& run) {
  sqlite3* h = nullptr;
  sqlite3_open_v2(db.toUtf8().constData(), &h, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(h, "SELECT status FROM runs WHERE id = ?", -1, &st, nullptr);
  sqlite3_bind_text(st, 1, run.toUtf8().constData(), -1, SQLITE_TRANSIENT);
  QString status = sqlite3_step(st) == SQLITE_ROW ? QString(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) : QString();
  sqlite3_finalize(st);
  sqlite3_close(h);
  return status;
}

std::vector<std::pair<int, double>> epoch_losses(const QString& db, const QString& run) {
  sqlite3* h = nullptr;
  sqlite3_open_v2(db.toUtf8().constData(), &h, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(h, "SELECT epoch, value FROM metrics WHERE run_id = ? AND key = 'loss' ORDER BY step", -1, &st, nullptr);
  sqlite3_bind_text(st, 1, run.toUtf8().constData(), -1, SQLITE_TRANSIENT);
  std::vector<std::pair<int, double>> v;
  while (sqlite3_step(st) == SQLITE_ROW) v.emplace_back(sqlite3_column_int(st, 0), sqlite3_column_double(st, 1));
  sqlite3_finalize(st);
  sqlite3_close(h);
  return v;
}

// Files a failed write may have left: temporaries of the atomic writers.
QStringList leftovers(const QString& dir) {
  QStringList found;
  for (const QString& f : QDir(dir).entryList(QDir::Files | QDir::Hidden))
    if (f.contains(".tmp-") || f.endsWith(".part") || f.contains("strata-tmp") || f.contains("strata-export")) found << f;
  return found;
}

}  // namespace

class TestFaults : public QObject {
  Q_OBJECT
 private slots:
  void lost_device_fails_the_run_which_resumes_on_the_cpu();
  void out_of_device_memory_suggests_a_batch_that_fits();
  void full_disk_during_checkpoints_keeps_the_previous_one();
  void full_disk_during_an_export_leaves_nothing();
  void damaged_checkpoints_are_refused();
  void selftest_passes_and_names_a_wrong_kernel();

 private:
  QTemporaryDir data_;
  QString db() const { return data_.filePath("runs.db"); }
  Result run(const QStringList& args, const QMap<QString, QString>& faults = {}) {
    QProcess p;
    p.setProgram(qEnvironmentVariable("STRATA_BIN"));
    p.setArguments(args);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("STRATA_DATA_DIR", data_.path());
    for (auto it = faults.begin(); it != faults.end(); ++it) env.insert(it.key(), it.value());
    p.setProcessEnvironment(env);
    p.start();
    p.waitForFinished(300000);
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
  }
  // The id of the newest run in the log.
  QString newest_run() {
    const Result r = run({"runs", "--db", db(), "list", "--json"});
    const auto j = nlohmann::json::parse(r.out.trimmed().split('\n').last().toStdString());
    return j.empty() ? QString() : QString::fromStdString(j[0]["run_id"].get<std::string>());
  }
  QString run_dir(const QString& id) { return data_.filePath("runs/" + id); }
  // A finished run of `epochs` epochs on the CPU.
  QString trained_run(int epochs) {
    const Result r = run({"train", kProject, "--device", "cpu", "--epochs", QString::number(epochs), "--db", db(), "--json"});
    if (r.code != 0) qWarning() << r.err;
    return r.code == 0 ? QString::fromStdString(nlohmann::json::parse(r.out.trimmed().split('\n').last().toStdString())["run_id"])
                       : QString();
  }
};

void TestFaults::lost_device_fails_the_run_which_resumes_on_the_cpu() {
  // The GPU stops answering after some submits (the third epoch here): the run
  // ends 'failed' with a message saying what happened and how to go on, its
  // last checkpoint is intact, and resuming on the CPU finishes it with the
  // losses going on from where the checkpoint left them.
  const Result lost = run({"train", kProject, "--device", "vulkan", "--epochs", "6", "--db", db()},
                          {{"STRATA_FAULT_DEVICE_LOST_AFTER_SUBMITS", "200"}});
  QVERIFY2(lost.code != 0, qPrintable(lost.out));
  QVERIFY2(lost.err.contains("VK_ERROR_DEVICE_LOST") && lost.err.contains("the GPU stopped responding"), qPrintable(lost.err));
  const QString id = newest_run();
  QVERIFY(!id.isEmpty());
  QVERIFY2(lost.err.contains("`strata resume " + id + " --device cpu` continues it"), qPrintable(lost.err));
  QCOMPARE(status_of(db(), id), QString("failed"));
  const auto before = epoch_losses(db(), id);
  QVERIFY2(before.size() >= 1 && before.size() < 6, qPrintable(QString::number(before.size())));  // lost in the middle
  QVERIFY(QFile::exists(run_dir(id) + "/checkpoint.ck"));
  QVERIFY2(leftovers(run_dir(id)).isEmpty(), qPrintable(leftovers(run_dir(id)).join(", ")));

  const Result resumed = run({"resume", id, "--device", "cpu", "--db", db(), "--json"});
  QVERIFY2(resumed.code == 0, qPrintable(resumed.err));
  QCOMPARE(status_of(db(), id), QString("finished"));
  const auto after = epoch_losses(db(), id);
  QCOMPARE(int(after.size()), 6);  // every epoch once: none lost, none repeated
  for (int e = 0; e < 6; ++e) QCOMPARE(after[size_t(e)].first, e);
  // Continued, not started over: the first resumed epoch is about as good as
  // the last one before the loss, far from the first epoch's loss.
  const double last_before = before.back().second, first_resumed = after[before.size()].second;
  QVERIFY2(first_resumed < 0.5 * (before.front().second + last_before) && first_resumed < 1.25 * last_before,
           qPrintable(QString("first %1, last before %2, resumed %3").arg(before.front().second).arg(last_before).arg(first_resumed)));
}

void TestFaults::out_of_device_memory_suggests_a_batch_that_fits() {
  // 96 MiB of device memory and a batch of 20,000 samples: the message names
  // the layer being allocated, what the batch needs and what the device has,
  // and suggests a batch size; that batch size then trains on the same device.
  const QMap<QString, QString> small{{"STRATA_FAULT_DEVICE_MEMORY_MIB", "96"}};
  const QString project = QStringLiteral(STRATA_SOURCE_DIR "/resources/examples/fashion_mnist_mlp.strata");
  const Result oom = run({"train", project, "--device", "vulkan", "--epochs", "1", "--batch-size", "20000",
                          "--limit-train", "256", "--limit-test", "64", "--db", db()}, small);
  QVERIFY2(oom.code != 0, qPrintable(oom.out));
  QVERIFY2(oom.err.contains("out of memory on ") && oom.err.contains("while allocating layer '") &&
               oom.err.contains("training with batch 20000 needs about") && oom.err.contains("the device has 96 MiB"),
           qPrintable(oom.err));
  const QRegularExpressionMatch m = QRegularExpression("A batch size of (\\d+) fits").match(oom.err);
  QVERIFY2(m.hasMatch(), qPrintable(oom.err));
  const QString batch = m.captured(1);
  QVERIFY(batch.toInt() >= 64 && batch.toInt() < 20000);
  QVERIFY2(oom.err.contains("--batch-size " + batch), qPrintable(oom.err));
  const Result fits = run({"train", project, "--device", "vulkan", "--epochs", "1", "--batch-size", batch, "--limit-train",
                           QString::number(batch.toInt() + 5), "--limit-test", "64", "--db", db()}, small);
  QVERIFY2(fits.code == 0, qPrintable(fits.err));
}

void TestFaults::full_disk_during_checkpoints_keeps_the_previous_one() {
  // The disk fills while a later epoch's checkpoint is written: the run fails
  // naming the file, no temporary is left, the checkpoint before it still
  // loads, and once there is room `strata resume` finishes the run.
  const QString reference = trained_run(1);
  QVERIFY(!reference.isEmpty());
  // What a one-epoch run writes (the project copy, run files, epoch-0.ck, then
  // the history, checkpoint.ck and its epoch-1.ck copy); the history grows each
  // epoch, so 1.6 times that runs out during the second epoch's files.
  qint64 one_epoch = 0;
  for (const QFileInfo& fi : QDir(run_dir(reference)).entryInfoList(QDir::Files)) one_epoch += fi.size();
  const Result full = run({"train", kProject, "--device", "cpu", "--epochs", "8", "--db", db()},
                          {{"STRATA_FAULT_DISK_FULL_AFTER_BYTES", QString::number(one_epoch * 8 / 5)}});
  QVERIFY2(full.code != 0, qPrintable(full.out));
  QVERIFY2(full.err.contains("No space left on device") && full.err.contains("/runs/"), qPrintable(full.err));
  const QString id = newest_run();
  QVERIFY(id != reference);
  QCOMPARE(status_of(db(), id), QString("failed"));
  QVERIFY2(leftovers(run_dir(id)).isEmpty(), qPrintable(leftovers(run_dir(id)).join(", ")));
  const int done = int(epoch_losses(db(), id).size());
  QVERIFY2(done >= 1 && done < 8, qPrintable(QString::number(done)));
  const Result resumed = run({"resume", id, "--db", db(), "--json"});
  QVERIFY2(resumed.code == 0, qPrintable(resumed.err));
  QCOMPARE(int(epoch_losses(db(), id).size()), 8);
}

void TestFaults::full_disk_during_an_export_leaves_nothing() {
  const QString id = trained_run(1);
  QVERIFY(!id.isEmpty());
  QTemporaryDir out;
  const QString file = out.filePath("model.onnx");
  const Result full = run({"export", id, "--db", db(), "--format", "onnx", "--output", file},
                          {{"STRATA_FAULT_DISK_FULL_AFTER_BYTES", "2000"}});
  QVERIFY2(full.code != 0, qPrintable(full.out));
  QVERIFY2(full.err.contains("model.onnx") && full.err.contains("No space left on device"), qPrintable(full.err));
  QVERIFY(!QFile::exists(file));
  QVERIFY2(leftovers(out.path()).isEmpty(), qPrintable(leftovers(out.path()).join(", ")));
  QVERIFY(QDir(out.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot).isEmpty());
  QCOMPARE(run({"export", id, "--db", db(), "--format", "onnx", "--output", file}).code, 0);  // room again: it works
  QVERIFY(QFileInfo(file).size() > 1000);
}

void TestFaults::damaged_checkpoints_are_refused() {
  // Truncated, bit-flipped, or swapped for an older checkpoint of the same
  // run: resume and export refuse it, naming the file, and change nothing.
  const QString id = trained_run(3);
  QVERIFY(!id.isEmpty());
  const QString ck = run_dir(id) + "/checkpoint.ck";
  QFile f(ck);
  QVERIFY(f.open(QIODevice::ReadOnly));
  const QByteArray good = f.readAll();
  f.close();
  auto write = [&](const QByteArray& bytes) {
    QFile w(ck);
    QVERIFY(w.open(QIODevice::WriteOnly | QIODevice::Truncate));
    w.write(bytes);
  };
  QTemporaryDir out;
  const QString exported = out.filePath("w.safetensors");
  QByteArray flipped = good;
  flipped[flipped.size() / 2] = char(flipped[flipped.size() / 2] ^ 0x10);
  for (const QByteArray& damaged : {good.left(good.size() - 100), flipped}) {
    write(damaged);
    const Result r = run({"resume", id, "--db", db()});
    QVERIFY2(r.code != 0 && r.err.contains("checkpoint.ck: damaged checkpoint: its CRC-32 does not match"), qPrintable(r.err));
    const Result e = run({"export", id, "--db", db(), "--format", "safetensors", "--output", exported});
    QVERIFY2(e.code != 0 && e.err.contains("checkpoint.ck: damaged checkpoint"), qPrintable(e.err));
    QVERIFY(!QFile::exists(exported));
  }
  // A valid checkpoint, but not the one the log recorded last: its CRC is fine,
  // the log's record of the file is not.
  QFile older(run_dir(id) + "/epoch-1.ck");
  QVERIFY(older.open(QIODevice::ReadOnly));
  write(older.readAll());
  const Result r = run({"export", id, "--db", db(), "--format", "safetensors", "--output", exported});
  QVERIFY2(r.code != 0 && r.err.contains("checkpoint.ck: the checkpoint does not match the one the experiment log recorded"),
           qPrintable(r.err));
  QCOMPARE(status_of(db(), id), QString("finished"));  // nothing changed in the log
  write(good);
  QCOMPARE(run({"export", id, "--db", db(), "--format", "safetensors", "--output", exported}).code, 0);
}

void TestFaults::selftest_passes_and_names_a_wrong_kernel() {
  // On lavapipe every check passes; a kernel made to compute wrongly (as a
  // driver bug would) fails the checks that use it, and the summary names it.
  const Result ok = run({"selftest", "--device", "vulkan", "--json"});
  QVERIFY2(ok.code == 0, qPrintable(ok.err));
  const auto j = nlohmann::json::parse(ok.out.trimmed().split('\n').last().toStdString());
  QVERIFY(j["passed"].get<bool>());
  QVERIFY(j["checks"].size() >= 40);
  QString ops;
  for (const auto& c : j["checks"]) ops += QString::fromStdString(c["op"].get<std::string>()) + ";";
  for (const char* layer : {"gemm NT", "Conv2D + MaxPool2D", "BatchNorm", "Embedding, LSTM, GRU", "Concatenate", "Binary cross-entropy"})
    QVERIFY2(ops.contains(layer), layer);
  QCOMPARE(j["training"]["cpu_losses"].size(), size_t(40));
  QVERIFY(j["training"]["cpu_losses"].back().get<double>() < j["training"]["cpu_losses"].front().get<double>());  // it learned

  for (const QString kernel : {"gemm", "activation"}) {
    const Result bad = run({"selftest", "--device", "vulkan", "--json"}, {{"STRATA_FAULT_WRONG_KERNEL", kernel}});
    QCOMPARE(bad.code, 4);
    const auto b = nlohmann::json::parse(bad.out.trimmed().split('\n').last().toStdString());
    QVERIFY(!b["passed"].get<bool>());
    for (const auto& c : b["checks"]) {
      const QString op = QString::fromStdString(c["op"].get<std::string>());
      // The Transformer blocks' feed-forward runs GELU through the activation kernel.
      const bool gemm_row = op.startsWith("gemm "),
                 activation_row = op.startsWith("Activation ") || op.startsWith("Transformer encoder blocks");
      // A wrong GEMM fails its own checks (and the layers built on it); a wrong
      // activation kernel fails exactly the layers that run it.
      if (kernel == "gemm" && gemm_row) QVERIFY2(!c["pass"].get<bool>(), qPrintable(op));
      if (kernel == "activation") QCOMPARE(c["pass"].get<bool>(), !activation_row);
    }
    QVERIFY2(bad.err.contains(kernel == "gemm" ? "wrong kernels: gemm" : "wrong layers: Activation leaky_relu forward"),
             qPrintable(bad.err));
  }
}

QTEST_GUILESS_MAIN(TestFaults)
#include "test_faults.moc"
