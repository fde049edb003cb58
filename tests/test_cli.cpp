// The headless command line, run as users and scripts run it.
#include <QProcess>
#include <nlohmann/json.hpp>

#include "test_support.h"

class TestCli : public QObject {
  Q_OBJECT
 private slots:
  void devices_json();
  void bench_gemm_json();
  void bad_arguments_fail_clearly();
  void missing_vulkan_loader_falls_back_to_cpu();

 private:
  struct Result {
    int code;
    QString out, err;
  };
  Result run(const QStringList& args, const QString& loader = {}) {
    QProcess p;
    p.setProgram(qEnvironmentVariable("STRATA_BIN"));
    p.setArguments(args);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove("DISPLAY");  // subcommands must never need a display
    env.remove("WAYLAND_DISPLAY");
    if (!loader.isEmpty()) env.insert("STRATA_VULKAN_LOADER", loader);
    p.setProcessEnvironment(env);
    p.start();
    p.waitForFinished(300000);
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
  }
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

QTEST_APPLESS_MAIN(TestCli)
#include "test_cli.moc"
