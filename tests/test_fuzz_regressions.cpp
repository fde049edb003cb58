// Every input the fuzz targets (tests/fuzz/) found a bug with, and their seed
// corpora, replayed through the same reader functions in the normal build:
// each must be read or refused with a strata::Error naming the file, never
// another exception or a crash.
#include <QDir>
#include <QFile>
#include <QtTest>

#include "core/error.h"
#include "fuzz_readers.h"

namespace {
using Reader = void (*)(const uint8_t*, size_t);
struct Target {
  const char* name;
  Reader read;
};
const Target kTargets[] = {{"project", strata::fuzz::read_project}, {"npy", strata::fuzz::read_npy},
                           {"weights", strata::fuzz::read_weights}, {"csv", strata::fuzz::read_csv},
                           {"idx", strata::fuzz::read_idx},         {"cifar", strata::fuzz::read_cifar},
                           {"text", strata::fuzz::read_text},       {"image", strata::fuzz::read_image},
                           {"run_log", strata::fuzz::read_run_log}};
}  // namespace

class TestFuzzRegressions : public QObject {
  Q_OBJECT
 private slots:
  void inputs_are_read_or_refused_data();
  void inputs_are_read_or_refused();
};

void TestFuzzRegressions::inputs_are_read_or_refused_data() {
  QTest::addColumn<int>("target");
  QTest::addColumn<QString>("file");
  int rows = 0;
  for (int t = 0; t < int(std::size(kTargets)); ++t)
    for (const char* folder : {"regressions", "corpus"}) {
      const QDir dir(QStringLiteral(STRATA_SOURCE_DIR "/tests/fuzz/%1/%2").arg(QLatin1String(folder), QLatin1String(kTargets[t].name)));
      for (const QString& f : dir.entryList(QDir::Files)) {
        QTest::addRow("%s/%s/%s", folder, kTargets[t].name, qPrintable(f)) << t << dir.filePath(f);
        ++rows;
      }
    }
  QVERIFY(rows >= 12);
}

void TestFuzzRegressions::inputs_are_read_or_refused() {
  QFETCH(int, target);
  QFETCH(QString, file);
  QFile f(file);
  QVERIFY(f.open(QIODevice::ReadOnly));
  const QByteArray bytes = f.readAll();
  try {
    kTargets[target].read(reinterpret_cast<const uint8_t*>(bytes.constData()), size_t(bytes.size()));
  } catch (const strata::Error& e) {
    QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("fuzz")), e.what());  // the message names the file
  }
}

QTEST_APPLESS_MAIN(TestFuzzRegressions)
#include "test_fuzz_regressions.moc"
