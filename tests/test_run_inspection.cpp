// Looking into a recorded run: the predictions of each epoch's weights equal
// what training logged for that epoch (the validation confusion matrix), a
// confusion cell lists exactly its samples, and each layer's output for a
// sample is the engine's own (the last layer's is the logits predict gives),
// and the first epoch shown is the weights training started from: the
// initialisation with init_from's layers, or the parent's for a fork.
#include <QtTest>

#include <fstream>
#include <random>

#include "run/run_inspection.h"
#include "run/run_service.h"
#include "store/run_log.h"
#include "test_support.h"
#include "train/trainer.h"

using namespace strata;

class TestRunInspection : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase();
  void predictions_match_what_training_logged();
  void activations_are_the_engines();
  void the_first_epoch_is_where_training_started();

 private:
  QTemporaryDir dir_;
  std::string run_id_, project_path_;
};

void TestRunInspection::initTestCase() {
  qputenv("STRATA_DATA_DIR", dir_.filePath("data").toUtf8());
  std::mt19937 rng(2);
  std::normal_distribution<double> noise(0, 0.6);
  std::ofstream csv(dir_.filePath("t.csv").toStdString());
  csv << "a,b,c,label\n";
  for (int i = 0; i < 240; ++i) {
    const int k = i % 3;
    csv << k + noise(rng) << ',' << -k + noise(rng) << ',' << noise(rng) << ',' << k << '\n';
  }
  csv.close();
  RunRequest r;
  r.project_path = dir_.filePath("p.strata").toStdString();
  const nlohmann::json project = {
      {"format", "strata-project"}, {"version", 1},
      {"graph",
       {{"nodes",
         {{{"id", "in"}, {"type", "Input"}, {"params", {{"shape", {3}}}}},
          {{"id", "hidden"}, {"type", "Dense"}, {"params", {{"units", 8}, {"activation", "relu"}}}},
          {{"id", "head"}, {"type", "Dense"}, {"params", {{"units", 3}}}},
          {{"id", "loss"}, {"type", "SoftmaxCrossEntropy"}}}},
        {"links", {{{"from", "in"}, {"to", "hidden"}}, {{"from", "hidden"}, {"to", "head"}}, {{"from", "head"}, {"to", "loss"}}}}}},
      {"dataset", {{"kind", "csv"}, {"train", "t.csv"}, {"label", "label"}, {"test_split", 0.25}}},
      {"training", {{"epochs", 2}, {"batch_size", 16}, {"learning_rate", 0.02}, {"validation_split", 0.2}}}};
  std::ofstream(r.project_path) << project.dump();
  RunService service(r);
  const nlohmann::json summary = service.execute();
  run_id_ = summary["run_id"];
  project_path_ = r.project_path;
}

void TestRunInspection::predictions_match_what_training_logged() {
  RunInspector inspector(run_id_);
  QCOMPARE(inspector.epochs(), (std::vector<int>{0, 1, 2}));
  QCOMPARE(inspector.start_epoch(), 0);
  QVERIFY(inspector.has_split(Split::Validation) && inspector.has_split(Split::Test));
  store::RunLog log(store::RunLog::default_path(), store::LogAccess::MustExist);
  const auto logged = log.confusion_matrices(run_id_);
  for (int epoch : {1, 2}) {
    const SplitPredictions p = inspector.predict(epoch, Split::Validation);
    QCOMPARE(p.classes, int64_t(3));
    std::vector<int64_t> want;
    for (const auto& m : logged)
      if (m["split"] == "validation" && m["epoch"] == epoch - 1) want = m["matrix"].get<std::vector<int64_t>>();
    QVERIFY(!want.empty());
    QCOMPARE(p.confusion(), want);
    // A cell's samples: exactly those with that true and predicted class, most confident first.
    const auto cell = p.cell(1, 1);
    QCOMPARE(int64_t(cell.size()), want[1 * 3 + 1]);
    for (size_t i = 0; i < cell.size(); ++i) {
      QCOMPARE(int64_t(p.labels[size_t(cell[i])]), int64_t(1));
      QCOMPARE(p.predictions.predicted[size_t(cell[i])], int64_t(1));
      if (i > 0) QVERIFY(p.confidence(cell[i - 1]) >= p.confidence(cell[i]));
    }
  }
  // The initial weights predict differently from the trained ones.
  QVERIFY(inspector.predict(0, Split::Test).predictions.values != inspector.predict(2, Split::Test).predictions.values);
}

void TestRunInspection::activations_are_the_engines() {
  RunInspector inspector(run_id_);
  const auto layers = inspector.activations(2, Split::Test, 5);
  QCOMPARE(int(layers.size()), 3);  // in, hidden, head (the loss has no output)
  QCOMPARE(layers[0].node, std::string("in"));
  QCOMPARE(layers[1].shape, (Shape{8}));
  // The input layer's output is the sample; ReLU's has no negatives.
  const Dataset& test = inspector.data(Split::Test);
  for (int k = 0; k < 3; ++k) QCOMPARE(layers[0].values[size_t(k)], test.x[size_t(5 * 3 + k)]);
  for (float v : layers[1].values) QVERIFY(v >= 0);
  // The head's output is what predict computes for that sample.
  Session s = open_session(inspector.project(), "cpu");
  load_into(s, inspector.folder().epoch_checkpoint(2));
  Trainer t(*s.model, inspector.project().training);
  std::vector<float> logits;
  t.predict(std::vector<float>(test.x.begin() + 15, test.x.begin() + 18), 1, logits);
  for (int k = 0; k < 3; ++k) QVERIFY(std::abs(layers[2].values[size_t(k)] - logits[size_t(k)]) < 1e-5f);
  // A sample past the end is refused with the set's size.
  QVERIFY(test::error_of([&] { inspector.activations(2, Split::Test, 999); }).contains("the set has"));
}

void TestRunInspection::the_first_epoch_is_where_training_started() {
  RunInspector parent(run_id_);
  const auto values = [](RunInspector& r, int epoch) { return r.predict(epoch, Split::Test).predictions.values; };
  // A new run whose every layer comes from the parent's last epoch starts where the parent ended.
  RunRequest r;
  r.project_path = project_path_;
  Project p = load_project(project_path_);
  p.training.init_from.source = run_id_;
  p.training.epochs = 1;
  r.project = p;
  r.base_dir = project_folder(project_path_);
  RunService from_parent(r);
  const std::string init_id = from_parent.execute()["run_id"];
  RunInspector initialised(init_id);
  QCOMPARE(initialised.epochs(), (std::vector<int>{0, 1}));
  QCOMPARE(values(initialised, 0), values(parent, 2));
  // A fork after epoch 1 starts from the parent's weights after epoch 1.
  RunRequest f;
  f.mode = RunRequest::Mode::Fork;
  f.run = run_id_;
  f.fork_epoch = 1;
  f.sets = {"learning_rate=0.05"};
  RunService fork(f);
  const std::string fork_id = fork.execute()["run_id"];
  RunInspector forked(fork_id);
  QCOMPARE(forked.start_epoch(), 1);
  QCOMPARE(forked.epochs(), (std::vector<int>{1, 2}));
  QCOMPARE(values(forked, 1), values(parent, 1));
  QVERIFY(values(forked, 2) != values(parent, 2));  // trained on at another rate
}

QTEST_GUILESS_MAIN(TestRunInspection)
#include "test_run_inspection.moc"
