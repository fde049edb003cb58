// The CPU backend's GEMM planner (cpu/cpu_gemm_planner.h) and instruction-set
// choice (cpu/cpu_isa.h): every candidate and the chosen kernel against the
// double reference on edge shapes; plans cached for this machine reused, a
// cache from another CPU model or library version ignored, a damaged one
// ignored with a warning; the first process's choice adopted by later ones;
// the instruction set lowered on request and never raised.
#include <QTemporaryDir>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <thread>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cpu/cpu_gemm_planner.h"
#include "cpu/cpu_isa.h"
#include "cpu/cpu_sgemm.h"
#include "test_support.h"

using namespace strata;
using namespace strata::cpu;

namespace {

// Worst |C - ref| / (1e-6 * (1 + sum |terms|)) of one kernel on one shape; <= 1 passes.
double worst_error(GemmKernel kernel, const GemmShape& s) {
  const auto A = test::random_values(size_t(s.m) * s.k, 7), B = test::random_values(size_t(s.k) * s.n, 8);
  std::vector<float> C(size_t(s.m) * s.n, std::nanf(""));  // beta 0: C must not be read
  const int lda = s.trans_a ? s.m : s.k, ldb = s.trans_b ? s.k : s.n;
  sgemm_with(kernel, s.trans_a, s.trans_b, s.m, s.n, s.k, 1.f, A.data(), lda, B.data(), ldb, 0.f, C.data(), s.n);
  double worst = 0;
  for (int i = 0; i < s.m; ++i)
    for (int j = 0; j < s.n; ++j) {
      double ref = 0, mag = 0;
      for (int k = 0; k < s.k; ++k) {
        const double t = double(s.trans_a ? A[size_t(k) * lda + i] : A[size_t(i) * lda + k]) *
                         double(s.trans_b ? B[size_t(j) * ldb + k] : B[size_t(k) * ldb + j]);
        ref += t, mag += std::fabs(t);
      }
      const double got = C[size_t(i) * s.n + j];
      if (!std::isfinite(got)) return INFINITY;
      worst = std::max(worst, std::fabs(got - ref) / (1e-6 * (1 + mag)));
    }
  return worst;
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string plan_file_with(const std::string& machine, const GemmShape& s, const char* kernel) {
  const nlohmann::json j{{"format", "strata-cpu-gemm-plans"},
                         {"version", 1},
                         {"machine", machine},
                         {"plans", {{{"shape", {s.trans_a, s.trans_b, s.m, s.n, s.k}}, {"kernel", kernel}, {"us", {{kernel, 1.0}}}}}}};
  return j.dump();
}

const GemmShape kShape{false, true, 64, 288, 121};

}  // namespace

class TestCpuPlanner : public QObject {
  Q_OBJECT
 private slots:
  void chosen_kernels_match_reference();
  void only_a_clearly_faster_kernel_replaces_the_rule();
  void cached_plans_are_reused();
  void cache_from_another_machine_is_ignored_data();
  void cache_from_another_machine_is_ignored();
  void damaged_cache_is_ignored_with_a_warning();
  void first_process_choice_is_adopted();
  void saving_waits_for_another_process();
  void off_measures_nothing();
  void huge_products_keep_the_rule_untimed();
  void instruction_set_can_be_lowered_not_raised();
};

void TestCpuPlanner::chosen_kernels_match_reference() {
  // Edge shapes: a single element, panels cut short in every direction, K = 1,
  // a convolution's narrow and its transposed products.
  QTemporaryDir dir;
  GemmPlanner planner(PlanMode::Measure, dir.filePath("plans.json").toStdString());
  const std::vector<GemmShape> shapes{{false, false, 1, 1, 1},     {false, false, 13, 33, 17}, {true, false, 7, 45, 1},
                                      {false, true, 32, 9, 676},   {true, true, 29, 31, 300},  {false, false, 64, 121, 288},
                                      {true, false, 288, 121, 64}, {false, true, 3, 1031, 5}};
  planner.prepare(shapes);
  const auto plans = planner.plans();
  QCOMPARE(plans.size(), shapes.size());
  const auto candidates = candidate_kernels();
  for (const GemmPlan& p : plans) {
    QCOMPARE(p.microseconds.size(), candidates.size());  // every candidate timed
    bool listed = false;
    for (const auto& [k, us] : p.microseconds) {
      QVERIFY2(us > 0, qPrintable(QString::fromStdString(to_string(p.shape)) + ": " + kernel_name(k)));
      listed |= k == p.kernel;
      const double e = worst_error(k, p.shape);
      QVERIFY2(e <= 1, qPrintable(QString("%1 on %2: error %3 x the bound").arg(kernel_name(k)).arg(QString::fromStdString(to_string(p.shape))).arg(e)));
    }
    QVERIFY2(listed, "the chosen kernel was one of those measured");
    QCOMPARE(planner.choose(p.shape), p.kernel);
  }
  QVERIFY(planner.planning_seconds() > 0);
}

void TestCpuPlanner::only_a_clearly_faster_kernel_replaces_the_rule() {
  using K = GemmKernel;
  // 2 % faster: noise, the rule's kernel stays; 10 % faster: replaced.
  QCOMPARE(pick_kernel(K::Avx512, {{K::OpenBlas, 0.98}, {K::Avx512, 1.0}, {K::Avx2, 1.5}}), K::Avx512);
  QCOMPARE(pick_kernel(K::Avx512, {{K::OpenBlas, 0.90}, {K::Avx512, 1.0}, {K::Avx2, 1.5}}), K::OpenBlas);
  QCOMPARE(pick_kernel(K::OpenBlas, {{K::OpenBlas, 1.0}, {K::Avx512, 1.2}, {K::Avx512x8, 0.5}}), K::Avx512x8);
  QCOMPARE(pick_kernel(K::OpenBlas, {{K::OpenBlas, 1.0}, {K::Avx512, 1.2}}), K::OpenBlas);  // slower ones never
}

void TestCpuPlanner::cached_plans_are_reused() {
  QTemporaryDir dir;
  const std::string file = dir.filePath("plans.json").toStdString();
  GemmKernel chosen;
  {
    GemmPlanner first(PlanMode::Cached, file);
    first.prepare({kShape});
    chosen = first.choose(kShape);
  }
  GemmPlanner second(PlanMode::Cached, file);
  QCOMPARE(second.plans().size(), size_t(1));
  QVERIFY(second.plans()[0].from_cache);
  QCOMPARE(second.choose(kShape), chosen);
  second.prepare({kShape});
  QCOMPARE(second.planning_seconds(), 0.0);  // nothing measured again
  // `measure` ignores the cache and times the shape again.
  GemmPlanner again(PlanMode::Measure, file);
  QVERIFY(again.plans().empty());
  again.prepare({kShape});
  QVERIFY(again.planning_seconds() > 0);
}

void TestCpuPlanner::cache_from_another_machine_is_ignored_data() {
  QTest::addColumn<QString>("machine");
  const std::string key = GemmPlanner::machine_key();
  // "CPU model | instruction set | OpenBLAS build | kernels version"
  const auto bar = key.find(" | ");
  QTest::newRow("another CPU model") << QString::fromStdString("AMD Ryzen 9 9950X 16-Core Processor" + key.substr(bar));
  QTest::newRow("another OpenBLAS") << QString::fromStdString(key).replace("OpenBLAS 0.", "OpenBLAS 9.");
  QTest::newRow("other kernels") << QString::fromStdString(key.substr(0, key.rfind(' ')) + " 999");
}

void TestCpuPlanner::cache_from_another_machine_is_ignored() {
  QFETCH(QString, machine);
  QVERIFY(machine.toStdString() != GemmPlanner::machine_key());
  QTemporaryDir dir;
  const std::string file = dir.filePath("plans.json").toStdString();
  write_text(file, plan_file_with(machine.toStdString(), kShape, "portable"));
  GemmPlanner planner(PlanMode::Cached, file);
  QVERIFY(planner.plans().empty());
  QVERIFY(planner.cache_warning().empty());  // not damaged: simply not ours
  planner.prepare({kShape});
  QVERIFY(planner.planning_seconds() > 0);
  QVERIFY(!planner.plans()[0].from_cache);
  // The file now holds this machine's plans.
  std::ifstream in(file);
  QCOMPARE(nlohmann::json::parse(in).at("machine").get<std::string>(), GemmPlanner::machine_key());
}

void TestCpuPlanner::damaged_cache_is_ignored_with_a_warning() {
  for (const std::string& text : {std::string("{\"format\": \"strata-cpu-gemm-plans\", \"plans\": [tru"), std::string("[1, 2]"),
                                 plan_file_with(GemmPlanner::machine_key(), kShape, "quantum")}) {
    QTemporaryDir dir;
    const std::string file = dir.filePath("plans.json").toStdString();
    write_text(file, text);
    GemmPlanner planner(PlanMode::Cached, file);
    QVERIFY2(planner.cache_warning().find(file) != std::string::npos, planner.cache_warning().c_str());
    QVERIFY(planner.plans().empty());
    planner.prepare({kShape});  // measured again, and the file replaced by a good one
    GemmPlanner next(PlanMode::Cached, file);
    QVERIFY(next.cache_warning().empty());
    QCOMPARE(next.plans().size(), size_t(1));
  }
}

void TestCpuPlanner::first_process_choice_is_adopted() {
  // Another process planned the shape (here: the portable kernel) while this
  // one was running: this one runs it the same way, so results agree.
  QTemporaryDir dir;
  const std::string file = dir.filePath("plans.json").toStdString();
  GemmPlanner planner(PlanMode::Cached, file);
  write_text(file, plan_file_with(GemmPlanner::machine_key(), kShape, "portable"));
  planner.prepare({kShape, GemmShape{false, false, 5, 6, 7}});
  QCOMPARE(planner.choose(kShape), GemmKernel::Portable);
  QCOMPARE(planner.plans().size(), size_t(2));
}

void TestCpuPlanner::saving_waits_for_another_process() {
  // Another process holds the cache's lock while it writes its plan for the
  // same shape: this planner waits, then reads that plan and adopts it,
  // instead of overwriting it with its own choice (which would leave two
  // processes running the shape with different kernels).
  QTemporaryDir dir;
  const std::string file = dir.filePath("plans.json").toStdString();
  const int fd = ::open((file + ".lock").c_str(), O_RDWR | O_CREAT, 0644);
  QVERIFY(fd >= 0);
  QCOMPARE(::flock(fd, LOCK_EX), 0);
  GemmPlanner planner(PlanMode::Cached, file);
  std::thread worker([&] { planner.prepare({kShape}); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // measured by now, waiting for the lock
  QVERIFY(!QFile::exists(QString::fromStdString(file)));
  write_text(file, plan_file_with(GemmPlanner::machine_key(), kShape, "portable"));
  ::flock(fd, LOCK_UN);
  ::close(fd);
  worker.join();
  QCOMPARE(planner.choose(kShape), GemmKernel::Portable);
}

void TestCpuPlanner::off_measures_nothing() {
  QTemporaryDir dir;
  const std::string file = dir.filePath("plans.json").toStdString();
  GemmPlanner planner(PlanMode::Off, file);
  planner.prepare({kShape});
  QVERIFY(planner.plans().empty());
  QVERIFY(!QFile::exists(QString::fromStdString(file)));
  QCOMPARE(planner.choose(kShape), default_kernel(kShape.trans_a, kShape.trans_b, kShape.m, kShape.n, kShape.k));
}

void TestCpuPlanner::huge_products_keep_the_rule_untimed() {
  // 3000^3: 108 MB of scratch operands, whose fresh pages would cost more
  // than a kernel choice wins; planned as the rule says, nothing timed.
  QTemporaryDir dir;
  GemmPlanner planner(PlanMode::Measure, dir.filePath("plans.json").toStdString());
  const GemmShape huge{false, false, 3000, 3000, 3000};
  planner.prepare({huge});
  QCOMPARE(planner.plans().size(), size_t(1));
  QVERIFY(planner.plans()[0].microseconds.empty());
  QCOMPARE(planner.choose(huge), default_kernel(false, false, 3000, 3000, 3000));
}

void TestCpuPlanner::instruction_set_can_be_lowered_not_raised() {
  const Isa have = detected_isa();
  const std::string file_here = GemmPlanner::cache_file_name();
  set_isa(Isa::Portable);
  QCOMPARE(isa(), Isa::Portable);
  // Plans for another instruction set live in a file of their own, so runs
  // with STRATA_CPU_ISA never replace this machine's usual plans.
  if (have != Isa::Portable) QVERIFY(GemmPlanner::cache_file_name() != file_here);
  QVERIFY(!kernel_available(GemmKernel::Avx2) && !kernel_available(GemmKernel::Avx512));
  QVERIFY_THROWS_EXCEPTION(std::exception, force_kernel(GemmKernel::Avx2));
  const auto c = candidate_kernels();
  QCOMPARE(c.size(), size_t(2));  // OpenBLAS and the portable kernel
  set_isa(Isa::Avx512);
  QCOMPARE(isa(), have);  // never above what the CPU runs
  set_isa(std::nullopt);
  // Under ctest, STRATA_CPU_ISA may have lowered it for this whole program.
  if (const char* env = std::getenv("STRATA_CPU_ISA"); env && parse_isa(env) && int(*parse_isa(env)) <= int(have))
    QCOMPARE(isa(), *parse_isa(env));
  else
    QCOMPARE(isa(), have);
  QVERIFY(!cpu_model().empty());
}

QTEST_APPLESS_MAIN(TestCpuPlanner)
#include "test_cpu_planner.moc"
